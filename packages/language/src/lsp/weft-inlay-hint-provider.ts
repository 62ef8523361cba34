import { type AstNode, GrammarUtils } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import { InlayHintKind } from 'vscode-languageserver';
import type { LetStatement, StepCall } from '../generated/ast.js';
import type { WeftTypeComputer } from '../typing/type-computer.js';
import type { WeftLspServices } from './weft-lsp-module.js';

/**
 * Inlay hints: the type of each `let` result (`let m: { model: …, metrics: … }`), the dimension
 * variables a call infers (`embed<N = 768>(…)`) and the parameter names of positional arguments.
 */
export class WeftInlayHintProvider extends AbstractInlayHintProvider {
    private readonly types: WeftTypeComputer;

    constructor(services: WeftLspServices) {
        super();
        this.types = services.typing.TypeComputer;
    }

    computeInlayHint(node: AstNode, acceptor: InlayHintAcceptor): void {
        if (node.$type === 'LetStatement') this.letType(node as LetStatement, acceptor);
        else if (node.$type === 'StepCall') this.callHints(node as StepCall, acceptor);
    }

    private letType(statement: LetStatement, acceptor: InlayHintAcceptor): void {
        const name = findNameEnd(statement);
        if (name === undefined) return;
        const type = this.types.computeType(statement);
        if (type.kind === 'unknown') return;
        acceptor({ position: name, label: `: ${type.toString()}`, kind: InlayHintKind.Type, paddingLeft: false });
    }

    private callHints(call: StepCall, acceptor: InlayHintAcceptor): void {
        const callee = call.callee?.ref;
        const calleeEnd = call.callee?.$refNode?.range.end;
        if (callee === undefined || calleeEnd === undefined) return;
        if (callee.$type === 'StepDeclaration' && (callee.dimensions ?? []).length > 0) {
            const { bindings } = this.types.callBindings(call);
            const inferred = callee.dimensions
                .map(dimension => [dimension.name, bindings.get(dimension)] as const)
                .filter(([, value]) => value !== undefined)
                .map(([name, value]) => `${name} = ${String(value)}`);
            if (inferred.length > 0) acceptor({ position: calleeEnd, label: `<${inferred.join(', ')}>`, kind: InlayHintKind.Type });
        }
        let position = 0;
        for (const argument of call.arguments ?? []) {
            if (argument.name !== undefined) break;
            const parameter = callee.parameters?.[position++];
            const start = argument.$cstNode?.range.start;
            if (parameter?.name === undefined || start === undefined) continue;
            // A name that already says it (`train(lr)` for `lr`) needs no hint.
            if (argument.value?.$cstNode?.text === parameter.name) continue;
            acceptor({ position: start, label: `${parameter.name}:`, kind: InlayHintKind.Parameter, paddingRight: true });
        }
    }
}

function findNameEnd(statement: LetStatement): { line: number; character: number } | undefined {
    return GrammarUtils.findNodeForProperty(statement.$cstNode, 'name')?.range.end;
}
