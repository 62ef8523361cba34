import { AstUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type { LetStatement, Output, PipelineDeclaration, ReturnStatement, WeftAstType } from '../generated/ast.js';
import { isLetStatement, isPipelineDeclaration, isReturnStatement, isWhenStatement } from '../generated/ast.js';
import { didYouMean } from '../helpers/closest-name.js';
import { allStatements, type Dependency, pipelineDependencies, usedLets } from '../helpers/pipeline-dependencies.js';
import { shortestPath, stronglyConnectedComponents } from '../helpers/strongly-connected.js';
import { DiagnosticCode } from './diagnostic-codes.js';

/**
 * Rules for a pipeline's body: it returns every output once, at the end; its calls form no
 * cycle; and every call's result is used.
 */

export const CODE_MISSING_OUTPUT = DiagnosticCode.MissingOutput;
export const CODE_UNKNOWN_OUTPUT = DiagnosticCode.UnknownOutput;
/** A `return` that is not the pipeline's last statement, or binds a field twice, is malformed. */
export const CODE_MISPLACED_RETURN = DiagnosticCode.SyntaxError;
export const CODE_CYCLE = DiagnosticCode.Cycle;
export const CODE_UNUSED_RESULT = DiagnosticCode.UnusedResult;

/** `-> (model: …, report: …)` with a `return` that leaves out `report`, or with no `return`. */
export function pipelineMustReturnEveryOutput(pipeline: PipelineDeclaration, accept: ValidationAcceptor): void {
    const outputs = pipeline.outputs ?? [];
    if (outputs.length === 0) return;
    const finalReturn = (pipeline.statements ?? []).filter(isReturnStatement).at(-1);
    if (finalReturn === undefined) {
        const template = outputs.map(output => `${output.name}: …`).join(', ');
        accept('error', `Pipeline \`${pipeline.name}\` must end with \`return { ${template} }\` binding ${outputs.length === 1 ? 'its output' : 'each of its outputs'}.`,
            { node: pipeline, property: 'name', code: CODE_MISSING_OUTPUT });
        return;
    }
    const bound = new Set((finalReturn.value?.fields ?? []).map(field => field.name));
    const missing = outputs.filter(output => !bound.has(output.name));
    if (missing.length === 0) return;
    const listed = missing.map(output => `\`${output.name}: ${typeText(output)}\``).join(', ');
    accept('error', `This \`return\` does not bind the output${missing.length === 1 ? '' : 's'} ${listed} of pipeline \`${pipeline.name}\`; add ${missing.map(output => `\`${output.name}: …\``).join(', ')}.`,
        { node: finalReturn, keyword: 'return', code: CODE_MISSING_OUTPUT });
}

/** `return { model: …, reprot: … }` when the pipeline declares no output `reprot`; or a field given twice. */
export function returnMustBindDeclaredOutputs(statement: ReturnStatement, accept: ValidationAcceptor): void {
    const pipeline = AstUtils.getContainerOfType(statement, isPipelineDeclaration);
    if (pipeline === undefined) return;
    const names = (pipeline.outputs ?? []).map(output => output.name);
    const seen = new Set<string>();
    for (const field of statement.value?.fields ?? []) {
        if (field.name === undefined) continue;
        if (seen.has(field.name)) {
            accept('error', `Output \`${field.name}\` is bound twice in this \`return\`; keep one.`,
                { node: field, property: 'name', code: CODE_MISPLACED_RETURN });
            continue;
        }
        seen.add(field.name);
        if (names.includes(field.name)) continue;
        const declared = names.length === 0
            ? `pipeline \`${pipeline.name}\` declares no outputs (declare them with \`-> (${field.name}: Type)\`)`
            : `the outputs of pipeline \`${pipeline.name}\` are ${names.map(name => `\`${name}\``).join(', ')}`;
        accept('error', `\`${field.name}\` is not an output: ${declared}.${didYouMean(field.name, names)}`,
            { node: field, property: 'name', code: CODE_UNKNOWN_OUTPUT });
    }
}

/** docs/language.md §6: `return` stands "exactly once, at the end" — not in a block, not before other statements. */
export function returnMustBeTheLastStatement(pipeline: PipelineDeclaration, accept: ValidationAcceptor): void {
    const statements = pipeline.statements ?? [];
    const topLevelReturns = statements.filter(isReturnStatement);
    statements.forEach((statement, position) => {
        if (!isReturnStatement(statement) || position === statements.length - 1) return;
        const again = topLevelReturns.length > 1 ? ` Pipeline \`${pipeline.name}\` returns more than once: keep one \`return\`, at the end.` : '';
        accept('error', `\`return\` must be the last statement of pipeline \`${pipeline.name}\`.${again}`,
            { node: statement, keyword: 'return', code: CODE_MISPLACED_RETURN });
    });
    for (const statement of allStatements(pipeline)) {
        if (!isReturnStatement(statement) || statement.$container === pipeline) continue;
        const block = isWhenStatement(statement.$container) ? '`when`' : '`on failure`';
        accept('error', `\`return\` cannot stand inside ${block}: a pipeline returns once, at the end of its body, and names declared in a block are not visible there.`,
            { node: statement, keyword: 'return', code: CODE_MISPLACED_RETURN });
    }
}

/**
 * `let a = s() after b` where `b` (indirectly) waits for `a`. Data references only see earlier
 * results, so a loop is always closed by an edge to the same or a later `let` (an `after` or an
 * `on failure of`); the diagnostic sits on that edge and names the loop.
 */
export function callsMustNotFormACycle(pipeline: PipelineDeclaration, accept: ValidationAcceptor): void {
    const graph = pipelineDependencies(pipeline);
    const successors = new Map<LetStatement, LetStatement[]>(graph.lets.map(letStatement =>
        [letStatement, graph.dependenciesOf(letStatement).map(dependency => dependency.to)]));
    const next = (letStatement: LetStatement): LetStatement[] => successors.get(letStatement) ?? [];
    for (const component of stronglyConnectedComponents(graph.lets, next)) {
        const members = new Set(component);
        for (const from of component) {
            for (const dependency of graph.dependenciesOf(from)) {
                if (!members.has(dependency.to) || graph.order.get(dependency.to)! < graph.order.get(from)!) continue;
                // The rest of the loop: from the awaited call back to the waiting one.
                const back = shortestPath(dependency.to, from, next, node => members.has(node)) ?? [dependency.to];
                const loop = [from, ...back].map(letStatement => letStatement.name).join(' → ');
                accept('error', `${describe(dependency)} closes a cycle: ${loop} (each waits for the next). Remove this dependency or another one in the loop.`,
                    { ...dependency.at, code: CODE_CYCLE });
            }
        }
    }
}

/** `let e = evaluate(…)` whose result nothing uses (no name, `after` or `on failure of` refers to it). */
export function letResultShouldBeUsed(pipeline: PipelineDeclaration, accept: ValidationAcceptor): void {
    const used = usedLets(pipeline);
    for (const letStatement of allStatements(pipeline).filter(isLetStatement)) {
        if (used.has(letStatement) || letStatement.name === undefined || letStatement.name.startsWith('_')) continue;
        const call = letStatement.value?.$type === 'ForEach' ? letStatement.value.call : letStatement.value;
        const callee = call?.callee?.ref;
        // A call of a step without outputs runs for its effect (`publish`); unresolved calls are unknown-reference's.
        if (callee === undefined || (callee.outputs ?? []).length === 0) continue;
        accept('warning', `The result of \`${letStatement.name}\` is never used: use an output (\`${letStatement.name}.${callee.outputs[0]!.name}\`), order a call \`after ${letStatement.name}\`, or name it \`_${letStatement.name}\` if the call runs only for its effect.`,
            { node: letStatement, property: 'name', code: CODE_UNUSED_RESULT });
    }
}

export const pipelineChecks: ValidationChecks<WeftAstType> = {
    PipelineDeclaration: [pipelineMustReturnEveryOutput, returnMustBeTheLastStatement, callsMustNotFormACycle, letResultShouldBeUsed],
    ReturnStatement: returnMustBindDeclaredOutputs,
};

function describe(dependency: Dependency): string {
    const target = `\`${dependency.to.name}\``;
    switch (dependency.kind) {
        case 'after': return `\`after ${dependency.to.name}\``;
        case 'failure': return `\`on failure of ${dependency.to.name}\``;
        case 'condition': return `The condition on ${target}`;
        case 'data': return `Using ${target} here`;
    }
}

/** An output's type as the user wrote it. */
function typeText(output: Output): string {
    return output.type?.$cstNode?.text.replace(/\s+/g, ' ') ?? '?';
}
