import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of this package: its package.json sits beside dist/, bundle/ and src/. */
export function cliFolder(): string {
    return path.dirname(fileURLToPath(new URL('../package.json', import.meta.url)));
}

/** The version of this package, read from its package.json. */
export function cliVersion(): string {
    const manifest = JSON.parse(readFileSync(path.join(cliFolder(), 'package.json'), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}
