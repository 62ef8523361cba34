/** Spelling Weft names as TypeScript: identifiers, property keys, string literals. */

/** Words TypeScript does not accept as a `const` or type name. */
const reserved = new Set([
    'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
    'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
    'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
    'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'any',
    'boolean', 'number', 'string', 'symbol', 'never', 'unknown', 'object', 'undefined', 'bigint',
]);

/** A Weft name usable as a TypeScript binding: reserved words get a trailing `_`. */
export function tsIdentifier(name: string): string {
    return reserved.has(name) ? `${name}_` : name;
}

/** `trainSentiment` → `TrainSentiment`, the prefix of the types generated for a step or pipeline. */
export function pascalCase(name: string): string {
    return name.length === 0 ? name : name[0]!.toUpperCase() + name.slice(1);
}

/** A string as a single-quoted TypeScript literal. */
export function tsString(value: string): string {
    return `'${JSON.stringify(value).slice(1, -1).replaceAll("\\\"", '"').replaceAll("'", "\\'")}'`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key: bare when it is an identifier, quoted otherwise (`'nvidia.com/gpu'`). */
export function tsPropertyKey(key: string): string {
    return IDENTIFIER.test(key) ? key : tsString(key);
}
