import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type {
    OnFailureStatement, PipelineDeclaration, RecoverStatement, StepDeclaration, TypeDeclaration, WeftAstType,
} from '../generated/ast.js';
import { isBuiltinType, isLetStatement, isOnFailureStatement, isTypeDeclaration } from '../generated/ast.js';
import { didYouMean } from '../helpers/closest-name.js';
import { calledStep, errorDeclarationOf } from '../helpers/error-types.js';
import { allStatements } from '../helpers/pipeline-dependencies.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { type TypeRuleContext, reportUnlessAssignable } from './type-diagnostics.js';

/**
 * Rules for typed error edges (docs/language.md, "Error edges"): what a step `raises`, the
 * typed handlers `on failure of x as e: T`, `on exit`, and the outputs a handler `recover`s.
 */

export const CODE_INVALID_RAISES = DiagnosticCode.InvalidRaises;
export const CODE_ERROR_NOT_RAISED = DiagnosticCode.ErrorNotRaised;
export const CODE_UNHANDLED_ERROR = DiagnosticCode.UnhandledError;
export const CODE_INVALID_HANDLER = DiagnosticCode.InvalidHandler;
export const CODE_INVALID_RECOVER = DiagnosticCode.InvalidRecover;

/** `raises (Drift | Drift)`, `raises (int)`, `raises (Pair<int>)`: each entry is a distinct record type declared with `type`. */
export function raisedErrorsMustBeDistinctRecords(this: TypeRuleContext, step: StepDeclaration, accept: ValidationAcceptor): void {
    const seen = new Set<TypeDeclaration>();
    for (const raised of step.raises ?? []) {
        const target = raised.target?.ref;
        // An unknown name is `unknown-reference`'s.
        if (target === undefined) continue;
        const declaration = errorDeclarationOf(raised);
        const type = this.services.typing.TypeComputer.computeType(raised);
        if (declaration === undefined || type.kind !== 'record') {
            accept('error', `\`${raised.target.$refText}\` cannot be raised: an error is a record type declared with \`type\` (\`type ${raised.target.$refText} = { reason: string }\`), without type parameters.`,
                { node: raised, code: CODE_INVALID_RAISES });
            continue;
        }
        if (seen.has(declaration)) {
            accept('error', `\`${declaration.name}\` is listed twice in the \`raises\` of step \`${step.name}\`; keep one.`,
                { node: raised, code: CODE_INVALID_RAISES });
        }
        seen.add(declaration);
    }
}

/**
 * `on failure of train as e: DataDrift` where `train` cannot raise `DataDrift`; `as` on an
 * `on exit`; two handlers of one call for the same error type.
 */
export function handlersMustMatchRaisedErrors(handler: OnFailureStatement, accept: ValidationAcceptor): void {
    if (handler.errorType === undefined) return;
    if (handler.event === 'exit') {
        accept('error', '`on exit` runs whatever became of the calls and binds no error: remove `as …`, or write `on failure of … as …`.',
            { node: handler, keyword: 'as', code: CODE_INVALID_HANDLER });
        return;
    }
    const declaration = errorDeclarationOf(handler.errorType);
    if (declaration === undefined) {
        // A name that is no type at all is `type-mismatch`'s (types-declarations.ts).
        const target = handler.errorType.target?.ref;
        if (isTypeDeclaration(target) || isBuiltinType(target)) {
            accept('error', `\`${handler.errorType.target.$refText}\` is not an error type: a handler names one of the types the step \`raises\`.`,
                { node: handler.errorType, code: CODE_ERROR_NOT_RAISED });
        }
        return;
    }
    handler.calls.forEach((call, index) => {
        const letStatement = call.ref;
        if (letStatement === undefined) return;
        const step = calledStep(letStatement);
        const raised = (step?.raises ?? []).map(errorDeclarationOf).filter(type => type !== undefined);
        if (raised.includes(declaration)) return;
        const declared = step === undefined ? `\`${letStatement.name}\` does not call a step, so it raises no declared errors`
            : raised.length === 0 ? `step \`${step.name}\` declares no \`raises\``
                : `step \`${step.name}\` raises ${raised.map(type => `\`${type.name}\``).join(', ')}`;
        accept('error', `\`${letStatement.name}\` cannot raise \`${declaration.name}\`: ${declared}.${didYouMean(declaration.name, raised.map(type => type.name))}`,
            { node: handler, property: 'calls', index, code: CODE_ERROR_NOT_RAISED });
    });
}

/**
 * For each call of a step that `raises`: an error type that no typed handler of the call
 * takes, when no untyped `on failure` of the call takes the rest, is a hint — the run fails
 * when the step raises it. Two handlers of one call for the same type are an error.
 */
export function raisedErrorsShouldBeHandled(pipeline: PipelineDeclaration, accept: ValidationAcceptor): void {
    const handlers = allStatements(pipeline).filter(isOnFailureStatement).filter(handler => handler.event !== 'exit');
    for (const letStatement of allStatements(pipeline).filter(isLetStatement)) {
        const step = calledStep(letStatement);
        if (step === undefined || (step.raises ?? []).length === 0) continue;
        const ownHandlers = handlers.filter(handler => handler.calls.some(call => call.ref === letStatement));
        const typed = new Set<TypeDeclaration>();
        for (const handler of ownHandlers) {
            const declaration = errorDeclarationOf(handler.errorType);
            if (declaration === undefined) continue;
            if (typed.has(declaration)) {
                accept('error', `\`${letStatement.name}\` already has a handler for \`${declaration.name}\`: one handler per call and error type.`,
                    { node: handler.errorType!, code: CODE_INVALID_HANDLER });
            }
            typed.add(declaration);
        }
        if (ownHandlers.some(handler => handler.errorType === undefined)) continue;
        const unhandled = step.raises.map(errorDeclarationOf).filter(type => type !== undefined && !typed.has(type));
        if (unhandled.length === 0) continue;
        const names = unhandled.map(type => `\`${type!.name}\``).join(', ');
        accept('hint', `\`${letStatement.name}\` may raise ${names}, which no \`on failure of ${letStatement.name}\` handles: the run fails when it does.`,
            { node: letStatement, property: 'name', code: CODE_UNHANDLED_ERROR });
    }
}

/**
 * `recover { … }` stands directly in an `on failure` block of exactly one call, once, and
 * binds every output of that call (and nothing else) with a value of the output's type.
 */
export function recoverMustReplaceTheFailedOutputs(this: TypeRuleContext, statement: RecoverStatement, accept: ValidationAcceptor): void {
    const handler = statement.$container;
    if (!isOnFailureStatement(handler) || handler.event === 'exit') {
        accept('error', '`recover` stands directly inside an `on failure of …` block: it replaces the outputs of the call that failed.',
            { node: statement, keyword: 'recover', code: CODE_INVALID_RECOVER });
        return;
    }
    if (handler.calls.length !== 1) {
        accept('error', '`recover` needs an `on failure` block of exactly one call: which call\'s outputs it replaces must be clear.',
            { node: statement, keyword: 'recover', code: CODE_INVALID_RECOVER });
        return;
    }
    if (handler.body.filter(candidate => candidate.$type === 'RecoverStatement')[0] !== statement) {
        accept('error', 'This `on failure` block recovers twice; keep one `recover`.', { node: statement, keyword: 'recover', code: CODE_INVALID_RECOVER });
        return;
    }
    const failed = handler.calls[0]?.ref;
    if (failed === undefined || statement.value === undefined) return;
    const computer = this.services.typing.TypeComputer;
    const outputs = computer.computeType(failed);
    if (outputs.kind !== 'record') return;
    const names = outputs.fields.map(field => field.name);
    const bound = new Set<string>();
    for (const field of statement.value.fields) {
        if (field.name === undefined) continue;
        const output = outputs.field(field.name);
        if (output === undefined || bound.has(field.name)) {
            const why = bound.has(field.name) ? 'is bound twice' : `is not an output of \`${failed.name}\` (${names.map(name => `\`${name}\``).join(', ') || 'none'})`;
            accept('error', `\`${field.name}\` ${why}.${output === undefined ? didYouMean(field.name, names) : ''}`,
                { node: field, property: 'name', code: CODE_INVALID_RECOVER });
            continue;
        }
        bound.add(field.name);
        reportUnlessAssignable(this, accept, `Recovered output \`${field.name}\` of \`${failed.name}\``, field.value, output.type);
    }
    const missing = names.filter(name => !bound.has(name));
    if (missing.length > 0) {
        accept('error', `\`recover\` must replace every output of \`${failed.name}\`; add ${missing.map(name => `\`${name}: …\``).join(', ')}.`,
            { node: statement, keyword: 'recover', code: CODE_INVALID_RECOVER });
    }
}

export const errorEdgeChecks: ValidationChecks<WeftAstType> = {
    StepDeclaration: [raisedErrorsMustBeDistinctRecords],
    OnFailureStatement: [handlersMustMatchRaisedErrors],
    PipelineDeclaration: [raisedErrorsShouldBeHandled],
    RecoverStatement: [recoverMustReplaceTheFailedOutputs],
};
