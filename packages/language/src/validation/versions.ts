import type { ValidationAcceptor, ValidationChecks } from 'langium';
import semver from 'semver';
import type { DatasetDeclaration, ModelDeclaration, ModuleHeader, WeftAstType } from '../generated/ast.js';
import { isEntry, isStringLiteral } from '../generated/ast.js';
import { DiagnosticCode } from './diagnostic-codes.js';

/**
 * `invalid-version`: the module header's `version "…"` and the `version:` of datasets and models
 * must be semantic versions (MAJOR.MINOR.PATCH, optionally `-prerelease` and `+build`), so that
 * package imports can be checked against `package.json` ranges. A value that is not a string
 * at all is `invalid-member`'s business.
 */

export const CODE_INVALID_VERSION = DiagnosticCode.InvalidVersion;

/** Strict semver: `1.4.0`, `2.0.0-rc.1`; not `1.4`, `v1.4.0` or ` 1.4.0`. */
export function isValidVersion(version: string): boolean {
    return /^[0-9]/.test(version) && version.trim() === version && semver.valid(version) !== null;
}

export function moduleVersionMustBeSemver(header: ModuleHeader, accept: ValidationAcceptor): void {
    if (header.version === undefined || isValidVersion(header.version)) return;
    accept('error', invalidVersionMessage(header.version), { node: header, property: 'version', code: CODE_INVALID_VERSION });
}

export function artifactVersionMustBeSemver(declaration: DatasetDeclaration | ModelDeclaration, accept: ValidationAcceptor): void {
    for (const member of declaration.body?.members ?? []) {
        if (!isEntry(member) || member.key !== 'version' || !isStringLiteral(member.value)) continue;
        const version = member.value.value;
        if (version === undefined || isValidVersion(version)) continue;
        accept('error', invalidVersionMessage(version), { node: member.value, code: CODE_INVALID_VERSION });
    }
}

function invalidVersionMessage(version: string): string {
    const coerced = semver.coerce(version)?.version;
    const hint = version.trim().startsWith('v') && isValidVersion(version.trim().slice(1))
        ? `write it without the \`v\`: "${version.trim().slice(1)}"`
        : `write MAJOR.MINOR.PATCH, e.g. "${coerced ?? '1.0.0'}"`;
    return `"${version}" is not a valid semantic version; ${hint}.`;
}

export const versionChecks: ValidationChecks<WeftAstType> = {
    ModuleHeader: moduleVersionMustBeSemver,
    DatasetDeclaration: artifactVersionMustBeSemver,
    ModelDeclaration: artifactVersionMustBeSemver,
};
