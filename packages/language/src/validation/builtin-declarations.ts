import { AstUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import { isBuiltinUri } from '../builtins/builtin-source.js';
import type { BuiltinFunction, BuiltinType, WeftAstType } from '../generated/ast.js';
import type { WeftValidator } from './weft-validator.js';
import { DiagnosticCode } from './diagnostic-codes.js';

/**
 * `builtin type` and `builtin fn` exist so that the built-in library (builtins/builtin-source.ts)
 * can be written in Weft; anywhere else they are not part of the language, so they are a
 * syntax error rather than a declaration without a body.
 */

export const CODE_BUILTIN_OUTSIDE_LIBRARY = DiagnosticCode.SyntaxError;

export function builtinDeclarationsMustStayInTheLibrary(this: WeftValidator, declaration: BuiltinType | BuiltinFunction, accept: ValidationAcceptor): void {
    const document = AstUtils.getDocument(declaration);
    if (isBuiltinUri(document.uri)) return;
    const what = declaration.$type === 'BuiltinType' ? 'type' : 'function';
    accept('error', `\`builtin\` declarations are reserved for Weft's built-in library; declare the ${what} \`${declaration.name ?? ''}\` without \`builtin\`${declaration.$type === 'BuiltinType' ? ' (`type Name = …`)' : ' (Weft has no user-defined functions: use a step)'}.`,
        { node: declaration, keyword: 'builtin', code: CODE_BUILTIN_OUTSIDE_LIBRARY });
}

export const builtinDeclarationChecks: ValidationChecks<WeftAstType> = {
    BuiltinType: builtinDeclarationsMustStayInTheLibrary,
    BuiltinFunction: builtinDeclarationsMustStayInTheLibrary,
};
