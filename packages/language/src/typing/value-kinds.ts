import type { ValueKind } from '../builtins/member-schema.js';
import {
    type Type, ListType, RecordType, boolType, cpuType, durationType, floatType, intType, memoryType, stringType,
} from './model.js';
import type { WeftTypeChecker } from './type-checker.js';

/**
 * Relates the type of a member entry's value (`timeout: 2h`) to the value kind the member
 * schema asks for (builtins/member-schema.ts). The unknown type fits every kind.
 */
export function fitsValueKind(type: Type, kind: ValueKind, checker: WeftTypeChecker): boolean {
    if (type.kind === 'unknown') return true;
    const fits = (target: Type): boolean => checker.isAssignable(type, target);
    if (typeof kind === 'object') return isOneOf(type, kind.oneOf);
    switch (kind) {
        case 'string':
        case 'implementation':
        case 'semver':
            return fits(stringType);
        case 'int': return fits(intType);
        case 'float': return fits(floatType);
        case 'bool': return fits(boolType);
        case 'duration': return fits(durationType);
        case 'memory': return fits(memoryType);
        // Plain numbers are cores; `500m` is millicores.
        case 'cpu': return fits(floatType) || fits(cpuType);
        case 'string-list': return fits(stringListType);
        // Any list: its elements are checked by validation/commands.ts, which can say why.
        case 'command': return type.kind === 'list' || fits(stringListType);
        case 'network': return isOneOf(type, ['none']) || fits(stringListType);
        case 'cache': return fits(boolType) || fits(cacheVersionType);
        // Checked element by element by the validator, which can name what is not a target.
        case 'target-list': return type.kind === 'list' && (type.element.kind === 'target' || type.element.kind === 'unknown');
    }
}

/** What a value kind asks for, for messages: "a duration (e.g. `30s` or `2h`)". */
export function describeValueKind(kind: ValueKind): string {
    if (typeof kind === 'object') return kind.oneOf.map(value => JSON.stringify(value)).join(' or ');
    switch (kind) {
        case 'string': return 'a string';
        case 'implementation': return 'a string `"./path.ts#export"`';
        case 'semver': return 'a version string such as `"1.2.0"`';
        case 'int': return 'an int';
        case 'float': return 'a number';
        case 'bool': return '`true` or `false`';
        case 'duration': return 'a duration (e.g. `30s` or `2h`)';
        case 'memory': return 'a memory size (e.g. `512Mi` or `16Gi`)';
        case 'cpu': return 'a number of cores (`2`) or millicores (`500m`)';
        case 'string-list': return 'a list of strings';
        case 'command': return 'a list of strings (the executable and its arguments, e.g. `["python3", "-m", "mypkg.train"]`)';
        case 'network': return '`"none"` or a list of host names';
        case 'cache': return '`true`, `false` or `{ version: "…" }`';
        case 'target-list': return 'a list of targets';
    }
}

const stringListType = new ListType(stringType);
const cacheVersionType = new RecordType([{ name: 'version', type: stringType, optional: false }]);

/** A string literal (or a union of them) whose every value is one of `allowed`. */
function isOneOf(type: Type, allowed: readonly string[]): boolean {
    const members = type.kind === 'union' ? type.members : [type];
    return members.every(member => member.kind === 'literal' && typeof member.value === 'string' && allowed.includes(member.value));
}
