import { BUILTINS_SOURCE, isBuiltinUri } from '@weft/language/builtins';

/**
 * Serves the built-in library as a read-only document, so that go to definition on a built-in
 * (`Dataset`, `Tensor`, `len`) opens its declaration and doc comment instead of failing on an
 * unknown scheme. The text is the very source the server parses, so locations line up.
 */
export const builtinDocumentProvider = {
    provideTextDocumentContent(uri: { readonly scheme: string; readonly path: string }): string | undefined {
        return isBuiltinUri(uri) ? BUILTINS_SOURCE : undefined;
    },
};
