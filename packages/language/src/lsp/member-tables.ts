import type { AstNode } from 'langium';
import type { MemberTable } from '../builtins/member-schema.js';
import { isFreeMembers, membersOfContainer } from '../helpers/member-lookup.js';

/** The member keys `container` (a declaration with members, or a block) accepts; `undefined` if unknown or free. */
export function memberTableOf(container: AstNode | undefined): MemberTable | undefined {
    const members = membersOfContainer(container);
    return members === undefined || isFreeMembers(members) ? undefined : members;
}
