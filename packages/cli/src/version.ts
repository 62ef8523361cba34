import { readFileSync } from 'node:fs';

/** The version of this package, read from its package.json (next to dist/ and src/). */
export function cliVersion(): string {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}
