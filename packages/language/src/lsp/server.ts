// The server's executable entry: `node dist/lsp/server.js --stdio`.
import { startWeftLanguageServer } from './main.js';

startWeftLanguageServer();
