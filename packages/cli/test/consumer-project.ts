// A copy of examples/consumer in the temp folder, whose @weft/contract and @types/node are this
// repository's, so tests can change it and run `tsc` on it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const consumerFolder = path.join(repositoryRoot, 'examples', 'consumer');

/** A temp folder with `node_modules/@weft/contract` and `node_modules/@types/node` linked to this repository's. */
export function linkedProject(prefix: string): string {
    const folder = mkdtempSync(path.join(tmpdir(), prefix));
    mkdirSync(path.join(folder, 'node_modules', '@weft'), { recursive: true });
    mkdirSync(path.join(folder, 'node_modules', '@types'), { recursive: true });
    symlinkSync(path.join(repositoryRoot, 'packages', 'contract'), path.join(folder, 'node_modules', '@weft', 'contract'), 'dir');
    symlinkSync(path.join(repositoryRoot, 'node_modules', '@types', 'node'), path.join(folder, 'node_modules', '@types', 'node'), 'dir');
    return folder;
}

/** A fresh copy of the consumer project (without its node_modules and tests). */
export function copyConsumer(): string {
    const folder = linkedProject('weft-consumer-');
    for (const entry of ['package.json', 'tsconfig.json', 'weft', 'src', 'data']) {
        // Tests import vitest, which the copy does not have; they are not part of the contract.
        cpSync(path.join(consumerFolder, entry), path.join(folder, entry), { recursive: true, filter: source => !source.endsWith('.test.ts') });
    }
    return folder;
}

export interface TscRun {
    readonly status: number | null;
    readonly output: string;
}

export function runTsc(project: string): TscRun {
    const tsc = path.join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', project, '--pretty', 'false'], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
