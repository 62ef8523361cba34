import type { AstNode, ValidationAcceptor, ValidationChecks } from 'langium';
import type {
    BuiltinFunction, BuiltinType, ImportItem, LetStatement, PipelineDeclaration, RecordTypeExpression, StepDeclaration,
    TypeDeclaration, WeftAstType, WeftFile,
} from '../generated/ast.js';
import { visibleNameOf } from '../scoping/document-imports.js';
import { blocksOwnedBy, type StatementBlock } from '../scoping/local-symbols.js';
import { DiagnosticCode } from './diagnostic-codes.js';

/**
 * `duplicate-declaration`: one name declared twice where both would be visible. The diagnostic
 * sits on the later declaration and names the line of the first. Parameters and dimension
 * variables of one declaration share a namespace; outputs have their own (`step f(data: …) ->
 * (data: …)` is fine: outputs are read as `x.data`). A `let` may shadow a top-level declaration.
 */

export const CODE_DUPLICATE_DECLARATION = DiagnosticCode.DuplicateDeclaration;

interface Named extends AstNode {
    readonly name?: string;
}

export function declarationsMustHaveUniqueNames(file: WeftFile, accept: ValidationAcceptor): void {
    // Declarations first, so that an import that collides with one is what gets the diagnostic:
    // the declaration wins in the file's scope, and renaming the import (`as`) is the fix.
    const declared = new Map<string, Named>();
    for (const declaration of file.declarations ?? []) {
        reportIfDeclared(declared, declaration, 'declaration', accept);
    }
    const imported = new Map<string, ImportItem>();
    for (const item of (file.imports ?? []).flatMap(imported => imported.items ?? [])) {
        const name = visibleNameOf(item);
        if (!name) continue;
        const property = item.alias === undefined ? 'declaration' : 'alias';
        const declaration = declared.get(name);
        const earlier = imported.get(name);
        if (declaration) {
            accept('error', `Import \`${name}\` collides with the declaration on line ${lineOf(declaration)}; import it under another name with \`as\`.`,
                { node: item, property, code: CODE_DUPLICATE_DECLARATION });
        } else if (earlier) {
            accept('error', `Duplicate import \`${name}\`: already imported on line ${lineOf(earlier)}; import it under another name with \`as\`.`,
                { node: item, property, code: CODE_DUPLICATE_DECLARATION });
        } else {
            imported.set(name, item);
        }
    }
}

export function parametersMustHaveUniqueNames(declaration: StepDeclaration | PipelineDeclaration | BuiltinFunction, accept: ValidationAcceptor): void {
    const declared = new Map<string, Named>();
    if (declaration.$type === 'StepDeclaration') {
        for (const dimension of declaration.dimensions ?? []) reportIfDeclared(declared, dimension, 'dimension variable', accept);
    }
    for (const parameter of declaration.parameters ?? []) reportIfDeclared(declared, parameter, 'parameter', accept);
}

export function outputsMustHaveUniqueNames(declaration: StepDeclaration | PipelineDeclaration, accept: ValidationAcceptor): void {
    const declared = new Map<string, Named>();
    for (const output of declaration.outputs ?? []) reportIfDeclared(declared, output, 'output', accept);
}

export function typeParametersMustHaveUniqueNames(declaration: TypeDeclaration | BuiltinType, accept: ValidationAcceptor): void {
    const declared = new Map<string, Named>();
    for (const typeParameter of declaration.typeParameters ?? []) reportIfDeclared(declared, typeParameter, 'type parameter', accept);
}

export function recordFieldsMustHaveUniqueNames(record: RecordTypeExpression, accept: ValidationAcceptor): void {
    const declared = new Map<string, Named>();
    for (const field of record.fields ?? []) reportIfDeclared(declared, field, 'field', accept);
}

/**
 * Two `let`s clash when both are visible somewhere: in one block, or one in a block and the
 * other in a block nested in it (earlier or later: `after` sees later `let`s too). A `let` also
 * clashes with a pipeline parameter. Lets in sibling blocks (`when` and `else`) do not clash.
 * One walk over the pipeline: each block passes the names bound in it and below to its parent.
 */
export function letsMustHaveUniqueNames(pipeline: PipelineDeclaration, accept: ValidationAcceptor): void {
    const parameters = new Map<string, Named>();
    for (const parameter of pipeline.parameters ?? []) if (parameter.name) parameters.set(parameter.name, parameter);
    /** Lets bound in the blocks that enclose the one being walked (and in it, so far): name → first. */
    const enclosing = new Map<string, LetStatement>();

    const walk = (block: StatementBlock): Map<string, LetStatement> => {
        /** Lets bound in this block and in the blocks nested in it, seen so far: name → first. */
        const below = new Map<string, LetStatement>();
        const boundHere: string[] = [];
        for (const statement of block) {
            if (statement.$type !== 'LetStatement') {
                for (const nested of blocksOwnedBy(statement)) {
                    for (const [name, first] of walk(nested)) if (!below.has(name)) below.set(name, first);
                }
                continue;
            }
            const name = statement.name;
            if (!name) continue;
            const first = parameters.get(name) ?? enclosing.get(name) ?? below.get(name);
            if (first) {
                const what = first.$type === 'Parameter' ? 'a parameter' : 'a `let`';
                accept('error', `Duplicate declaration \`${name}\`: ${what} on line ${lineOf(first)} already binds it.`,
                    { node: statement, property: 'name', code: CODE_DUPLICATE_DECLARATION });
                continue;
            }
            enclosing.set(name, statement);
            boundHere.push(name);
            below.set(name, statement);
        }
        // Leaving the block: its lets no longer enclose what comes next.
        for (const name of boundHere) enclosing.delete(name);
        return below;
    };
    walk(pipeline.statements ?? []);
}

function reportIfDeclared(declared: Map<string, Named>, node: Named, what: string, accept: ValidationAcceptor): void {
    const name = node.name;
    if (!name) return;
    const first = declared.get(name);
    if (first) {
        accept('error', `Duplicate ${what} \`${name}\`: already declared on line ${lineOf(first)}.`,
            { node, property: 'name', code: CODE_DUPLICATE_DECLARATION });
    } else {
        declared.set(name, node);
    }
}

function lineOf(node: AstNode): number {
    return (node.$cstNode?.range.start.line ?? 0) + 1;
}

export const nameChecks: ValidationChecks<WeftAstType> = {
    WeftFile: declarationsMustHaveUniqueNames,
    StepDeclaration: [parametersMustHaveUniqueNames, outputsMustHaveUniqueNames],
    PipelineDeclaration: [parametersMustHaveUniqueNames, outputsMustHaveUniqueNames, letsMustHaveUniqueNames],
    BuiltinFunction: parametersMustHaveUniqueNames,
    TypeDeclaration: typeParametersMustHaveUniqueNames,
    BuiltinType: typeParametersMustHaveUniqueNames,
    RecordTypeExpression: recordFieldsMustHaveUniqueNames,
};
