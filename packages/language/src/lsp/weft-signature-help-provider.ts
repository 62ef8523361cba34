import { type AstNode, CstUtils, type LangiumDocument } from 'langium';
import type { SignatureHelpProvider } from 'langium/lsp';
import type { ParameterInformation, SignatureHelp, SignatureHelpOptions, SignatureHelpParams } from 'vscode-languageserver';
import type { FunctionCall, Parameter, StepCall } from '../generated/ast.js';
import { isBuiltinFunction, isFunctionCall, isNameReference, isStepCall } from '../generated/ast.js';
import { callableSignature, parameterText } from './signatures.js';

/**
 * Signature help inside the parentheses of a step, pipeline or built-in function call: the
 * callee's signature with the parameter the cursor's argument binds highlighted (by position,
 * or by name for `name: value`).
 */
export class WeftSignatureHelpProvider implements SignatureHelpProvider {
    get signatureHelpOptions(): SignatureHelpOptions {
        return { triggerCharacters: ['('], retriggerCharacters: [','] };
    }

    provideSignatureHelp(document: LangiumDocument, params: SignatureHelpParams): SignatureHelp | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findLeafNodeBeforeOffset(root, offset);
        const call = enclosingCall(leaf?.astNode, offset);
        if (!call) return undefined;
        const callee = isStepCall(call) ? call.callee?.ref
            : isNameReference(call.callee) && isBuiltinFunction(call.callee.target?.ref) ? call.callee.target.ref : undefined;
        if (!callee) return undefined;
        const label = callableSignature(callee);
        const parameters = callee.parameters ?? [];
        const informations: ParameterInformation[] = parameters.map(parameter => {
            const text = parameterText(parameter);
            const start = label.indexOf(text);
            return { label: start >= 0 ? [start, start + text.length] : text };
        });
        return {
            signatures: [{ label, parameters: informations, activeParameter: activeParameter(call, parameters, offset) }],
            activeSignature: 0,
            activeParameter: activeParameter(call, parameters, offset),
        };
    }
}

/** The innermost call whose parentheses hold `offset`. */
function enclosingCall(node: AstNode | undefined, offset: number): StepCall | FunctionCall | undefined {
    for (let current = node; current; current = current.$container) {
        if (!isStepCall(current) && !isFunctionCall(current)) continue;
        const open = current.$cstNode && CstUtils.flattenCst(current.$cstNode).find(leaf => leaf.text === '(' && leaf.astNode === current);
        const closeText = current.$cstNode?.text.trimEnd() ?? '';
        const closed = closeText.endsWith(')') && current.$cstNode!.end <= offset;
        if (open && open.offset < offset && !closed) return current;
    }
    return undefined;
}

/** Which parameter the argument at `offset` binds: by name if it has one, else by position. */
function activeParameter(call: StepCall | FunctionCall, parameters: readonly Parameter[], offset: number): number {
    const args = call.arguments ?? [];
    let index = args.findIndex(argument => argument.$cstNode !== undefined && offset <= argument.$cstNode.end);
    if (index < 0) index = args.length;
    const named = args[index]?.name;
    if (named !== undefined) return Math.max(0, parameters.findIndex(parameter => parameter.name === named));
    // Count commas before the cursor: a position after `a, ` is the next argument even before it is typed.
    const callText = call.$cstNode?.text ?? '';
    const before = callText.slice(0, offset - (call.$cstNode?.offset ?? 0));
    const commas = (before.slice(before.indexOf('(') + 1).match(/,/g) ?? []).length;
    return Math.min(commas, Math.max(0, parameters.length - 1));
}
