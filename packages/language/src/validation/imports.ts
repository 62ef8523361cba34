import { AstUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import semver from 'semver';
import type { Import, WeftAstType } from '../generated/ast.js';
import { loneSurrogateProblem, showingLoneSurrogates } from '../helpers/lone-surrogates.js';
import { isRelativeImport, packageNameOf } from '../scoping/import-paths.js';
import { resolveImport, resolveImportPath } from '../scoping/import-resolution.js';
import { packageManifestsOf } from '../scoping/package-manifests.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { isValidVersion } from './versions.js';
import type { WeftValidator } from './weft-validator.js';

/**
 * Imports: the file must exist (`import-not-found`), and a package's module version must satisfy
 * the range the importing project asks for (`version-mismatch`).
 */

export const CODE_IMPORT_NOT_FOUND = DiagnosticCode.ImportNotFound;

export function importsMustBeFound(this: WeftValidator, imported: Import, accept: ValidationAcceptor): void {
    if (imported.path === undefined) return;
    const documents = this.services.shared.workspace.LangiumDocuments;
    if (resolveImport(documents, imported)) return;
    const path = showingLoneSurrogates(imported.path);
    const unnameable = loneSurrogateProblem(imported.path);
    let message: string;
    if (unnameable !== undefined) {
        message = `Cannot import "${path}": the path ${unnameable}.`;
    } else if (!path.endsWith('.weft')) {
        const document = AstUtils.getDocument(imported);
        const withExtension = resolveImportPath(documents, document.uri, `${path}.weft`) ? ` Did you mean "${path}.weft"?` : '';
        message = `Cannot import "${path}": only \`.weft\` files can be imported.${withExtension}`;
    } else if (isRelativeImport(path) || path.startsWith('/')) {
        message = `Cannot find "${path}": there is no such file (relative paths start from this file's folder).`;
    } else {
        message = `Cannot find "${path}" in any \`node_modules\` folder above this file; install the package \`${packageNameOf(path)}\`, or write a relative path ("./…").`;
    }
    accept('error', message, { node: imported, property: 'path', code: CODE_IMPORT_NOT_FOUND });
}

export const CODE_VERSION_MISMATCH = DiagnosticCode.VersionMismatch;

/**
 * A package import (`@scope/pkg/x.weft`) whose module declares a version that the range for the
 * package in the nearest `package.json` does not allow. Nothing is reported when the package is
 * not listed there, the range is not a semver range (`workspace:*`, a git URL), or the module
 * has no (valid) version: there is nothing to compare.
 */
export function packageImportsMustMatchTheirVersionRange(this: WeftValidator, imported: Import, accept: ValidationAcceptor): void {
    const packageName = imported.path === undefined ? undefined : packageNameOf(imported.path);
    if (packageName === undefined) return;
    const target = resolveImport(this.services.shared.workspace.LangiumDocuments, imported);
    const header = target?.parseResult.value.header;
    const version = header?.version;
    if (!header || version === undefined || !isValidVersion(version)) return;
    const manifest = packageManifestsOf(this.services.shared).nearest(AstUtils.getDocument(imported).uri);
    const range = manifest?.rangeFor(packageName);
    if (range === undefined || semver.validRange(range) === null) return;
    if (semver.satisfies(version, range)) return;
    accept('error', `"${imported.path}" is module \`${header.name}\` version ${version}, but package.json asks for \`${packageName}\` ${range}.`,
        { node: imported, property: 'path', code: CODE_VERSION_MISMATCH });
}

export const importChecks: ValidationChecks<WeftAstType> = {
    Import: [importsMustBeFound, packageImportsMustMatchTheirVersionRange],
};
