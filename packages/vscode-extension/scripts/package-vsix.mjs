// Packages the extension as out/weft.vsix with `@vscode/vsce package`. npm workspaces hoist
// dependencies to the repository root, where vsce cannot see them, so the package is staged:
// the manifest, bundles, grammar, snippets, README and the `z3-solver` package (which cannot be
// bundled: it loads its WebAssembly and workers from its own folder) with its dependencies.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('..', import.meta.url));
const stage = path.join(folder, '.vsix-stage');
const output = path.join(folder, 'out', 'weft.vsix');
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });

const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
delete manifest.devDependencies;
delete manifest.scripts;
manifest.dependencies = {};
writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2));
for (const entry of ['out/extension.cjs', 'out/server.cjs', 'syntaxes', 'snippets', 'language-configuration.json', 'README.md', 'LICENSE', 'images']) {
    const from = path.join(folder, entry);
    if (existsSync(from)) cpSync(from, path.join(stage, entry), { recursive: true });
}
writeFileSync(path.join(stage, '.vscodeignore'), '**/*.map\n**/*.ts\n!node_modules/z3-solver/build/**\n');

// z3-solver and what it requires at run time, copied from wherever npm installed them.
const copied = new Set();
function copyPackage(name, from) {
    if (copied.has(name)) return;
    let manifestPath;
    try {
        manifestPath = createRequire(from).resolve(`${name}/package.json`);
    } catch {
        return;
    }
    copied.add(name);
    const packageFolder = path.dirname(manifestPath);
    cpSync(packageFolder, path.join(stage, 'node_modules', name), { recursive: true, dereference: true });
    const dependencies = JSON.parse(readFileSync(manifestPath, 'utf8')).dependencies ?? {};
    for (const dependency of Object.keys(dependencies)) copyPackage(dependency, manifestPath);
}
copyPackage('z3-solver', path.join(folder, 'package.json'));
if (copied.has('z3-solver')) {
    // vsce includes the production dependencies that `npm list` finds in the stage.
    const z3 = JSON.parse(readFileSync(path.join(stage, 'node_modules/z3-solver/package.json'), 'utf8'));
    manifest.dependencies = { 'z3-solver': z3.version };
    writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2));
} else {
    process.stderr.write('package-vsix: z3-solver is not installed; the .vsix has no solver\n');
}

const vsce = path.join(path.dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
execFileSync(process.execPath, [vsce, 'package', '--allow-missing-repository', '--skip-license', '--baseContentUrl', 'https://example.invalid/weft/packages/vscode-extension', '--baseImagesUrl', 'https://example.invalid/weft/packages/vscode-extension', '--out', output],
    { cwd: stage, stdio: 'inherit' });
rmSync(stage, { recursive: true, force: true });
