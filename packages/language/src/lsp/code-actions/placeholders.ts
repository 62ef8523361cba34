import type { Type } from '../../typing/model.js';

/** A value of `type` to put where an argument is missing: the user replaces it. */
export function placeholderFor(type: Type, name: string): string {
    switch (type.kind) {
        case 'primitive':
            switch (type.name) {
                case 'int': return '0';
                case 'float': return '0.0';
                case 'bool': return 'false';
                case 'string': return '""';
                case 'duration': return '1m';
                case 'memory': return '1Gi';
                default: return name;
            }
        case 'literal': return type.toString();
        case 'union': return type.members[0] ? placeholderFor(type.members[0], name) : name;
        case 'list': return '[]';
        case 'record': return '{}';
        default: return name;
    }
}
