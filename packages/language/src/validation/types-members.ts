import type { ValidationAcceptor } from 'langium';
import type { ValueKind } from '../builtins/member-schema.js';
import type { Entry } from '../generated/ast.js';
import { isListLiteral, isNameReference, isNumberLiteral, isQuantityLiteral, isStringLiteral } from '../generated/ast.js';
import { schemaOfEntry } from '../helpers/member-lookup.js';
import { splitQuantity, suggestedSpellings } from '../helpers/quantities.js';
import { isQuantityType } from '../typing/model.js';
import { describeValueKind, fitsValueKind } from '../typing/value-kinds.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { CODE_INVALID_QUANTITY, type TypeRuleContext, describeValue, literalCore, quantityNoun } from './type-diagnostics.js';

/**
 * The value of each member entry must be what its schema asks (builtins/member-schema.ts):
 * `timeout: "2h"` is `invalid-member` (a string), `timeout: 4Gi` and `timeout: 5` are
 * `invalid-quantity` (wrong unit, no unit). Unknown keys and misplaced blocks are the member
 * rules' (validation/members.ts).
 */

export const CODE_INVALID_MEMBER = DiagnosticCode.InvalidMember;

/** `timeout: "2h"`, `cache: 3`, `runtime: "docker"`, `network: 5`, `memory: 30s`, `cpu: 2Gi`. */
export function entryValuesMustFitTheirMember(this: TypeRuleContext, entry: Entry, accept: ValidationAcceptor): void {
    const schema = schemaOfEntry(entry);
    if (schema?.kind !== 'entry' || entry.value === undefined) return;
    const kind = schema.value;
    if (kind === 'target-list') return targetListMustNameTargets(this, entry, accept);
    const type = this.services.typing.TypeComputer.computeType(entry.value);
    if (fitsValueKind(type, kind, this.services.typing.TypeChecker)) return;
    const wanted = `\`${entry.key}\` expects ${describeValueKind(kind)}`;
    const core = literalCore(entry.value);
    if (isQuantityLiteral(core) && isQuantityType(type)) {
        const unit = isQuantity(kind) ? `; ${core.value} is ${quantityNoun(type.name)}` : '; this value takes no unit';
        accept('error', `${wanted} but got ${core.value}${unit}.`, { node: entry.value, code: CODE_INVALID_QUANTITY });
        return;
    }
    if (isNumberLiteral(core) && (kind === 'duration' || kind === 'memory')) {
        accept('error', `${wanted} but got the plain number ${core.value}: write ${suggestedSpellings(kind, core.value ?? '1')}.`,
            { node: entry.value, code: CODE_INVALID_QUANTITY });
        return;
    }
    const unquote = isStringLiteral(core) && isQuantity(kind) && core.value !== undefined && splitQuantity(core.value) !== undefined
        ? `; write ${core.value} without quotes` : '';
    accept('error', `${wanted} but got ${describeValue(entry.value, type)}${unquote}.`, { node: entry.value, code: CODE_INVALID_MEMBER });
}

/** `targets: [dev, train]`: every element names a target. */
function targetListMustNameTargets(context: TypeRuleContext, entry: Entry, accept: ValidationAcceptor): void {
    const value = entry.value;
    if (!isListLiteral(value)) {
        const type = context.services.typing.TypeComputer.computeType(value);
        if (type.kind === 'unknown' || fitsValueKind(type, 'target-list', context.services.typing.TypeChecker)) return;
        // `targets: dev`: one target, not in a list.
        if (isNameReference(value) && value.target?.ref?.$type === 'TargetDeclaration') {
            accept('error', `\`${entry.key}\` takes a list of targets: write \`[${value.target.$refText}]\`.`, { node: value, code: CODE_INVALID_MEMBER });
            return;
        }
        accept('error', `\`${entry.key}\` expects a list of targets (\`[dev, prod]\`) but got ${describeValue(value, type)}.`,
            { node: value, code: CODE_INVALID_MEMBER });
        return;
    }
    for (const element of value.elements) {
        const target = isNameReference(element) ? element.target?.ref : undefined;
        // An unresolved name is `unknown-reference` already.
        if (isNameReference(element) && (target === undefined || target.$type === 'TargetDeclaration')) continue;
        const what = isNameReference(element) ? `\`${element.target.$refText}\`, which is not a target`
            : describeValue(element, context.services.typing.TypeComputer.computeType(element));
        accept('error', `\`${entry.key}\` lists targets, but got ${what}.`, { node: element, code: CODE_INVALID_MEMBER });
    }
}

function isQuantity(kind: ValueKind): boolean {
    return kind === 'duration' || kind === 'memory' || kind === 'cpu';
}
