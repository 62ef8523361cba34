import type { AstNode } from 'langium';
import type { Declaration, Member, StepDeclaration, PipelineDeclaration } from '../../generated/ast.js';
import { isBlockEntry, isDeclaration, isEntry, isWhereClause } from '../../generated/ast.js';
import type { WeftTypeComputer } from '../../typing/type-computer.js';
import { declarationHeader, outputText, parameterText, weftCode } from '../signatures.js';
import { sourceText } from '../../helpers/source-text.js';

/** The step members shown under a signature: how it runs and what it may assume. */
const contractKeys = ['resources', 'timeout', 'retry', 'cache'];

/**
 * Markdown for what a name refers to: a declaration's header, doc comment and (for steps and
 * pipelines) resources, timeout, retry and constraints; a parameter's, output's or `let`'s type.
 */
export function describeTarget(target: AstNode, documentation: string | undefined, types: WeftTypeComputer): string | undefined {
    const docs = documentation ? `\n\n${documentation}` : '';
    if (isDeclaration(target)) return weftCode(declarationHeader(target)) + contractOf(target) + docs;
    switch (target.$type) {
        case 'Parameter':
            return weftCode(`(parameter) ${parameterText(target as Parameters<typeof parameterText>[0])}`) + docs;
        case 'Output':
            return weftCode(`(output) ${outputText(target as Parameters<typeof outputText>[0])}`) + docs;
        case 'LetStatement':
        case 'LoopVariable':
        case 'DimensionVariable':
        case 'TypeParameter': {
            const name = (target as { name?: string }).name ?? '?';
            const kind = { LetStatement: 'let', LoopVariable: 'loop variable', DimensionVariable: 'dimension', TypeParameter: 'type parameter' }[target.$type];
            const type = target.$type === 'TypeParameter' || target.$type === 'DimensionVariable' ? '' : `: ${types.computeType(target).toString()}`;
            return weftCode(`(${kind}) ${name}${type}`) + docs;
        }
        case 'OnFailureStatement': {
            const name = (target as { name?: string }).name;
            if (name !== undefined) return weftCode(`(error) ${name}: ${types.computeType(target).toString()}`) + '\n\nThe declared error the call raised: its fields.';
            return weftCode(`(failure) failure: ${types.computeType(target).toString()}`) + '\n\nThe failed call: its step, message, attempts and exit code.';
        }
        default:
            return undefined;
    }
}

/** Resources, timeout, retry, cache and `where` clauses of a step or pipeline. */
function contractOf(declaration: Declaration): string {
    if (declaration.$type !== 'StepDeclaration' && declaration.$type !== 'PipelineDeclaration') return '';
    const members: readonly Member[] = (declaration as StepDeclaration | PipelineDeclaration).members ?? [];
    const lines: string[] = [];
    for (const member of members) {
        if ((isEntry(member) || isBlockEntry(member)) && contractKeys.includes(member.key)) lines.push(sourceText(member));
    }
    for (const member of members) {
        if (isWhereClause(member)) lines.push(`where ${sourceText(member.condition)}`);
    }
    return lines.length > 0 ? '\n\n' + weftCode(lines.join('\n')) : '';
}


