/**
 * Weft types as a plan writes them (`Dataset<Review>`, `{ a: int, b?: string }[]`, …),
 * parsed far enough to check a step's output values at the boundary. Aliases (the plan keeps
 * types as written) parse as `named`, keyed by {@link typeKey}; the checker resolves them through
 * the output's `types` definitions and accepts anything under a name it cannot resolve.
 */
export type WeftType =
    | { readonly kind: 'primitive'; readonly name: 'string' | 'int' | 'float' | 'bool' | 'bytes' | 'duration' | 'memory' }
    | { readonly kind: 'handle'; readonly name: 'Dataset' | 'Model' | 'Tensor' | 'File' | 'Artifact' }
    | { readonly kind: 'map'; readonly value: WeftType }
    | { readonly kind: 'list'; readonly element: WeftType }
    | { readonly kind: 'optional'; readonly inner: WeftType }
    | { readonly kind: 'record'; readonly fields: readonly { readonly name: string; readonly type: WeftType; readonly optional: boolean }[] }
    | { readonly kind: 'literal'; readonly value: string | number | boolean }
    | { readonly kind: 'union'; readonly members: readonly WeftType[] }
    | { readonly kind: 'named'; readonly name: string };

const primitives = new Set(['string', 'int', 'float', 'bool', 'bytes', 'duration', 'memory']);
const handles = new Set(['Dataset', 'Model', 'Tensor', 'File', 'Artifact']);

/** The lookup key of a type's text: its tokens without the spacing (`Pair<int, string>` is `Pair<int,string>`). */
export function typeKey(text: string): string {
    return tokenize(text).join('');
}

function tokenize(text: string): string[] {
    return text.match(/"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_.]*|-?\d+(?:\.\d+)?|\S/g) ?? [];
}

/** Parses a type; anything it does not understand becomes `named` (unchecked) rather than an error. */
export function parseWeftType(text: string): WeftType {
    try {
        const parser = new TypeParser(text);
        const type = parser.union();
        return parser.atEnd() ? type : { kind: 'named', name: typeKey(text) };
    } catch {
        return { kind: 'named', name: typeKey(text) };
    }
}

class TypeParser {
    private readonly tokens: string[];
    private index = 0;

    constructor(text: string) {
        this.tokens = tokenize(text);
    }

    atEnd(): boolean {
        return this.index >= this.tokens.length;
    }

    union(): WeftType {
        const members = [this.postfix()];
        while (this.peek() === '|') { this.index++; members.push(this.postfix()); }
        return members.length === 1 ? members[0]! : { kind: 'union', members };
    }

    private postfix(): WeftType {
        let type = this.primary();
        for (;;) {
            if (this.peek() === '[' && this.tokens[this.index + 1] === ']') { this.index += 2; type = { kind: 'list', element: type }; }
            else if (this.peek() === '?') { this.index++; type = { kind: 'optional', inner: type }; }
            else return type;
        }
    }

    private primary(): WeftType {
        const token = this.next();
        if (token === '(') { const inner = this.union(); this.expect(')'); return inner; }
        if (token === '{') return this.record();
        if (token.startsWith('"')) return { kind: 'literal', value: JSON.parse(token) as string };
        if (/^-?\d/.test(token)) return { kind: 'literal', value: Number(token) };
        if (token === 'true' || token === 'false') return { kind: 'literal', value: token === 'true' };
        if (primitives.has(token)) return { kind: 'primitive', name: token as 'string' };
        const start = this.index - 1;
        const args = this.peek() === '<' ? this.typeArguments() : [];
        if (handles.has(token)) return { kind: 'handle', name: token as 'Dataset' };
        if (token === 'Metrics') return { kind: 'map', value: { kind: 'primitive', name: 'float' } };
        if (token === 'Map' && args.length === 2) return { kind: 'map', value: args[1]! };
        // An alias use keeps its arguments (`Embedding<64>`): the plan defines each use by its text.
        return { kind: 'named', name: this.tokens.slice(start, this.index).join('') };
    }

    // Type arguments are skipped as text for handles (a Tensor's shape is not a type).
    private typeArguments(): WeftType[] {
        this.expect('<');
        const args: WeftType[] = [];
        let depth = 1;
        let start = this.index;
        while (depth > 0) {
            const token = this.next();
            if (token === '<' || token === '[' || token === '{' || token === '(') depth++;
            else if (token === '>' || token === ']' || token === '}' || token === ')') depth--;
            if ((token === ',' && depth === 1) || depth === 0) {
                args.push(parseWeftType(this.tokens.slice(start, this.index - 1).join(' ')));
                start = this.index;
            }
        }
        return args;
    }

    private record(): WeftType {
        const fields: { name: string; type: WeftType; optional: boolean }[] = [];
        while (this.peek() !== '}') {
            const name = this.next();
            const optional = this.peek() === '?';
            if (optional) this.index++;
            this.expect(':');
            fields.push({ name, type: this.union(), optional });
            if (this.peek() === ',') this.index++;
        }
        this.expect('}');
        return { kind: 'record', fields };
    }

    private peek(): string | undefined {
        return this.tokens[this.index];
    }

    private next(): string {
        const token = this.tokens[this.index++];
        if (token === undefined) throw new Error('unexpected end of type');
        return token;
    }

    private expect(token: string): void {
        if (this.next() !== token) throw new Error(`expected ${token}`);
    }
}
