// Packs the published Weft packages into pack/ (gitignored) with `npm pack`, the last step of
// `npm run build`: they are on no registry yet, so these tarballs are how Weft installs into a
// project outside this repository (docs/install.md). packages/cli/test/install.test.ts installs them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const folder = join(root, 'pack');
const packages = ['contract', 'language', 'runtime', 'cli'];

// `tsc -b` leaves the outputs of a deleted or moved source in dist/; they would be packed, with
// source maps that name a file the package does not have.
for (const name of packages) {
    const dist = join(root, 'packages', name, 'dist');
    for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
        const compiled = /^(.*?)(\.d)?\.(js|ts)(\.map)?$/.exec(file);
        if (compiled && !statSync(join(dist, file)).isDirectory() && !existsSync(join(root, 'packages', name, 'src', `${compiled[1]}.ts`))) rmSync(join(dist, file));
    }
}

rmSync(folder, { recursive: true, force: true });
mkdirSync(folder);
const result = spawnSync('npm', ['pack', '--silent', '--pack-destination', folder, ...packages.map(name => `--workspace=packages/${name}`)], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
});
if (result.status !== 0) {
    console.error('weft: npm pack failed; see the output above.');
    process.exit(result.status ?? 1);
}
console.error(`weft: packed ${readdirSync(folder).sort().join(', ')} into pack/`);
