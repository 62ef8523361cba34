// Installs the project's dependencies when they are missing or older than the lockfile, so
// that `npm test` and `npm run build` work on a fresh clone. Runs on whatever Node the
// machine has (Node 22 itself comes from the `node` devDependency).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lockfile = join(root, 'package-lock.json');

const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync(lockfile).mtimeMs;
if (stale) {
    console.error('weft: installing dependencies (npm ci)…');
    const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
        console.error('weft: npm ci failed; see the output above.');
        process.exit(result.status ?? 1);
    }
}
