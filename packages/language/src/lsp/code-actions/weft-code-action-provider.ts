import { type AstNode, CstUtils, type IndexManager, type LangiumDocument, type MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { type CodeAction, CodeActionKind, type CodeActionParams, type Command, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import {
    isBlockEntry, isEntry, isFunctionCall, isLetStatement, isStepCall, isStepDeclaration, isWeftFile,
} from '../../generated/ast.js';
import { matchArguments, parametersOf } from '../../helpers/call-arguments.js';
import { closestName } from '../../helpers/closest-name.js';
import { importPathFor } from '../../scoping/import-paths.js';
import type { WeftTypeComputer } from '../../typing/type-computer.js';
import { DiagnosticCode } from '../../validation/diagnostic-codes.js';
import { importEdits } from '../import-edits.js';
import { memberTableOf } from '../member-tables.js';
import type { WeftLspServices } from '../weft-lsp-module.js';
import { placeholderFor } from './placeholders.js';

type Fix = (diagnostic: Diagnostic, document: LangiumDocument) => CodeAction[];

/**
 * Quick fixes, keyed by diagnostic code: add the import that declares an unknown name, add
 * missing arguments, add a `run` member, silence or remove an unused result, and correct a
 * misspelt member key.
 */
export class WeftCodeActionProvider implements CodeActionProvider {
    private readonly index: IndexManager;
    private readonly types: WeftTypeComputer;
    private readonly fixes: Readonly<Record<string, Fix>> = {
        [DiagnosticCode.UnknownReference]: (diagnostic, document) => this.addImport(diagnostic, document),
        [DiagnosticCode.MissingArgument]: (diagnostic, document) => this.addMissingArguments(diagnostic, document),
        [DiagnosticCode.MissingRun]: (diagnostic, document) => this.addRun(diagnostic, document),
        [DiagnosticCode.UnusedResult]: (diagnostic, document) => this.unusedResult(diagnostic, document),
        [DiagnosticCode.InvalidMember]: (diagnostic, document) => this.closestMember(diagnostic, document),
    };

    constructor(services: WeftLspServices) {
        this.index = services.shared.workspace.IndexManager;
        this.types = services.typing.TypeComputer;
    }

    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction>> {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            const fix = typeof diagnostic.code === 'string' ? this.fixes[diagnostic.code] : undefined;
            if (!fix) continue;
            try {
                actions.push(...fix(diagnostic, document));
            } catch {
                // A half-typed document may not hold what the diagnostic was about any more.
            }
        }
        return actions;
    }

    /** `unknown-reference` → `import { name } from "./where.weft"`, for each file that declares the name. */
    private addImport(diagnostic: Diagnostic, document: LangiumDocument): CodeAction[] {
        const name = document.textDocument.getText(diagnostic.range);
        const root = document.parseResult.value;
        if (!/^[A-Za-z_]\w*$/.test(name) || !isWeftFile(root)) return [];
        const self = document.uri.toString();
        return this.index.allElements()
            .filter(description => description.name === name && description.documentUri.toString() !== self
                && description.documentUri.scheme === 'file')
            .map(description => {
                const path = importPathFor(document.uri, description.documentUri);
                return this.action(`Import \`${name}\` from "${path}"`, diagnostic, document, importEdits(root, name, path), true);
            })
            .toArray();
    }

    private addMissingArguments(diagnostic: Diagnostic, document: LangiumDocument): CodeAction[] {
        const call = nodeAt(document, diagnostic, node => isStepCall(node) || isFunctionCall(node));
        if (!call || (!isStepCall(call) && !isFunctionCall(call))) return [];
        const parameters = parametersOf(call);
        const { missing } = matchArguments(parameters, call.arguments ?? []);
        const close = call.$cstNode && CstUtils.flattenCst(call.$cstNode).filter(leaf => leaf.text === ')' && leaf.astNode === call).head();
        if (missing.length === 0 || !close) return [];
        const given = (call.arguments ?? []).length > 0;
        const text = missing.map(parameter => {
            const type = isStepCall(call) ? this.types.expectedParameterType(call, parameter) : this.types.computeType(parameter);
            return `${parameter.name}: ${placeholderFor(type, parameter.name)}`;
        }).join(', ');
        const edit = { range: { start: close.range.start, end: close.range.start }, newText: (given ? ', ' : '') + text };
        return [this.action(`Add missing ${missing.length === 1 ? 'argument' : 'arguments'} ${missing.map(p => `\`${p.name}\``).join(', ')}`, diagnostic, document, [edit], true)];
    }

    private addRun(diagnostic: Diagnostic, document: LangiumDocument): CodeAction[] {
        const step = nodeAt(document, diagnostic, isStepDeclaration);
        if (!isStepDeclaration(step) || !step.$cstNode) return [];
        const open = CstUtils.flattenCst(step.$cstNode).find(leaf => leaf.text === '{' && leaf.astNode === step);
        if (!open) return [];
        const indentation = ' '.repeat(step.$cstNode.range.start.character + 2);
        const edit = { range: { start: open.range.end, end: open.range.end }, newText: `\n${indentation}run: "./steps.ts#${step.name}"` };
        return [this.action('Add a `run` member', diagnostic, document, [edit], true)];
    }

    private unusedResult(diagnostic: Diagnostic, document: LangiumDocument): CodeAction[] {
        const statement = nodeAt(document, diagnostic, isLetStatement);
        if (!isLetStatement(statement) || !statement.$cstNode || !statement.name) return [];
        const rename = { range: diagnostic.range, newText: `_${statement.name}` };
        const range = statement.$cstNode.range;
        const lineStart = { line: range.start.line, character: 0 };
        const wholeLines = document.textDocument.getText({ start: lineStart, end: range.start }).trim() === '';
        const remove = wholeLines
            ? { range: { start: lineStart, end: { line: range.end.line + 1, character: 0 } }, newText: '' }
            : { range, newText: '' };
        return [
            this.action(`Rename to \`_${statement.name}\` (the call runs only for its effect)`, diagnostic, document, [rename], true),
            this.action(`Remove \`let ${statement.name}\``, diagnostic, document, [remove], false),
        ];
    }

    private closestMember(diagnostic: Diagnostic, document: LangiumDocument): CodeAction[] {
        const member = nodeAt(document, diagnostic, node => isEntry(node) || isBlockEntry(node));
        if ((!isEntry(member) && !isBlockEntry(member)) || member.key === undefined) return [];
        const table = memberTableOf(member.$container);
        const suggestion = table && closestName(member.key, Object.keys(table));
        if (!suggestion) return [];
        return [this.action(`Change to \`${suggestion}\``, diagnostic, document, [{ range: diagnostic.range, newText: suggestion }], true)];
    }

    private action(title: string, diagnostic: Diagnostic, document: LangiumDocument, edits: TextEdit[], isPreferred: boolean): CodeAction {
        return {
            title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred,
            edit: { changes: { [document.textDocument.uri]: edits } },
        };
    }
}

/** The innermost node at the diagnostic's start that `accept`s, walking up from the token there. */
function nodeAt(document: LangiumDocument, diagnostic: Diagnostic, accept: (node: AstNode) => boolean): AstNode | undefined {
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const leaf = CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(diagnostic.range.start));
    let node: AstNode | undefined = leaf?.astNode;
    while (node && !accept(node)) node = node.$container;
    return node ?? undefined;
}
