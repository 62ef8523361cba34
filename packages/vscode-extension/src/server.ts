// The language server bundled into the extension (out/server.cjs); the client starts it over IPC.
import { startWeftLanguageServer } from '@weft/language/lsp';

startWeftLanguageServer();
