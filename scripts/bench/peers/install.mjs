// The peer frameworks are devDependencies of this benchmark only: their own package.json here,
// installed into scripts/bench/peers/node_modules on first use, never by the root's `npm install`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const folder = import.meta.dirname;

/** The pinned packages that are missing or at another version. */
function missingPackages() {
    const { dependencies } = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
    return Object.entries(dependencies).filter(([name, version]) => {
        const manifest = path.join(folder, 'node_modules', name, 'package.json');
        return !existsSync(manifest) || JSON.parse(readFileSync(manifest, 'utf8')).version !== version;
    }).map(([name, version]) => `${name}@${version}`);
}

/** Installs the peers if any is missing; reports progress through `progress`. */
export function ensurePeersInstalled(progress) {
    const missing = missingPackages();
    if (missing.length === 0) return;
    progress(`installing the peer frameworks into ${path.relative(process.cwd(), folder)} (${missing.join(', ')})…`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['install', '--prefix', folder, '--no-audit', '--no-fund'], { cwd: folder, stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0) throw new Error(`npm install --prefix ${folder} exited with ${result.status}`);
    const stillMissing = missingPackages();
    if (stillMissing.length > 0) throw new Error(`after npm install, still missing: ${stillMissing.join(', ')}`);
}
