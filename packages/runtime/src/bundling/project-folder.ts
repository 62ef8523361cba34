import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The project a plan root belongs to: the nearest folder at or above it holding a
 * package.json, or the root itself when none does (the rule `weft run` finds `.weft/` by).
 */
export function projectFolder(root: string): string {
    const start = path.resolve(root);
    for (let candidate = start; ; candidate = path.dirname(candidate)) {
        if (existsSync(path.join(candidate, 'package.json'))) return candidate;
        if (path.dirname(candidate) === candidate) return start;
    }
}
