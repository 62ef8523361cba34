import { type AstNode, type AstNodeDescription, type LocalSymbols, type Stream, stream } from 'langium';
import type { LetStatement, PipelineDeclaration, Statement } from '../generated/ast.js';
import { isOnFailureStatement, isPipelineDeclaration, isWhenStatement } from '../generated/ast.js';
import { LetTable } from './let-table.js';
import { type DescribedNode, EMPTY_NAME_TABLE, NameTable } from './name-table.js';

/** The statements of one block: a pipeline body, a `when` or `else` block, an `on failure` block. */
export type StatementBlock = readonly Statement[];

/**
 * The names each part of one document declares, as maps, so that every lookup is a map access
 * (Langium's default local symbols are lists scanned on each lookup, which makes linking a file
 * quadratic in its size). Built once per parsed document by `WeftScopeComputation`.
 */
export class WeftLocalSymbols implements LocalSymbols {
    /** Per declaring node: the file's top-level declarations, a step's parameters and dimension variables, … */
    private readonly declared = new Map<AstNode, NameTable>();
    private readonly letTables = new Map<StatementBlock, LetTable>();
    /** Per pipeline, every `let` in it (nested blocks too) by name; built when first asked. */
    private readonly pipelineLets = new Map<PipelineDeclaration, Map<string, LetStatement>>();

    /** Records that `owner` declares a name for its contents; the first of one name wins. */
    declare(owner: AstNode, declared: DescribedNode): void {
        let names = this.declared.get(owner);
        if (!names) {
            names = new NameTable();
            this.declared.set(owner, names);
        }
        names.add(declared);
    }

    /** Records a `let` at position `index` of `block`. */
    declareLet(block: StatementBlock, index: number, declared: DescribedNode): void {
        let table = this.letTables.get(block);
        if (!table) {
            table = new LetTable();
            this.letTables.set(block, table);
        }
        table.add(index, declared);
    }

    /** The names `owner` declares for its contents (empty when it declares none). */
    declaredIn(owner: AstNode): NameTable {
        return this.declared.get(owner) ?? EMPTY_NAME_TABLE;
    }

    /** The `let`s of a statement block. */
    letsOf(block: StatementBlock): LetTable | undefined {
        return this.letTables.get(block);
    }

    /** The first `let` named `name` anywhere in `pipeline`, nested blocks included (for error messages). */
    letAnywhereIn(pipeline: PipelineDeclaration, name: string): LetStatement | undefined {
        let lets = this.pipelineLets.get(pipeline);
        if (!lets) {
            lets = new Map();
            this.collectLets(pipeline.statements ?? [], lets);
            this.pipelineLets.set(pipeline, lets);
        }
        return lets.get(name);
    }

    has(node: AstNode): boolean {
        return this.declared.has(node) || blocksOwnedBy(node).some(block => this.letTables.has(block));
    }

    getStream(node: AstNode): Stream<AstNodeDescription> {
        const lets = blocksOwnedBy(node).flatMap(block => this.letTables.get(block)?.all() ?? []);
        return stream([...this.declaredIn(node).values()], lets);
    }

    private collectLets(block: StatementBlock, into: Map<string, LetStatement>): void {
        for (const statement of block) {
            if (statement.$type === 'LetStatement') {
                if (statement.name !== undefined && !into.has(statement.name)) into.set(statement.name, statement);
            } else {
                for (const nested of blocksOwnedBy(statement)) this.collectLets(nested, into);
            }
        }
    }
}

/** The statement blocks a node owns: a pipeline's body, a `when`'s two blocks, an `on failure` block. */
export function blocksOwnedBy(node: AstNode): StatementBlock[] {
    if (isPipelineDeclaration(node)) return [node.statements ?? []];
    if (isWhenStatement(node)) return [node.body ?? [], node.elseBody ?? []];
    if (isOnFailureStatement(node)) return [node.body ?? []];
    return [];
}

/** The block that holds `statement`, and its position there. */
export function blockOf(statement: Statement): { block: StatementBlock; index: number } | undefined {
    const owner = statement.$container as unknown as Record<string, unknown> | undefined;
    const property = statement.$containerProperty;
    if (!owner || property === undefined) return undefined;
    const block = owner[property];
    if (!Array.isArray(block)) return undefined;
    return { block: block as StatementBlock, index: statement.$containerIndex ?? block.indexOf(statement) };
}
