import { BUILTINS_SOURCE, BUILTINS_URI } from '@weft/language/builtins';

/**
 * Serves the built-in library as a read-only document, so that go to definition on a built-in
 * (`Dataset`, `Tensor`, `len`) opens its declaration and doc comment instead of failing on an
 * unknown scheme. The text is the very source the server parses, so locations line up.
 */
export const builtinDocumentProvider = {
    provideTextDocumentContent(uri: { readonly scheme: string; readonly path: string }): string | undefined {
        // Scheme and path: `weft-builtin:/builtins.weft` and `weft-builtin:///builtins.weft` alike.
        return `${uri.scheme}:${uri.path}` === BUILTINS_URI ? BUILTINS_SOURCE : undefined;
    },
};
