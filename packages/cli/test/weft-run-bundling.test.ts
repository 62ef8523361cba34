// `weft run` of a step whose code imports a host file: the built bin, a gVisor target, a project
// of its own. What the user sees is one line naming the import, exit 1, and nothing of the file
// on disk (the runtime's cases: packages/runtime/test/sandbox/sandbox-bundling.test.ts).
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectBuiltCli, runWeft } from './run-weft.js';

beforeAll(() => expectBuiltCli());

describe('weft run of a step that imports a host file', () => {
    it('fails the task with the bundling error in one line, exit 1, and writes no bundle', () => {
        const marker = `host secret ${process.pid}`;
        const secret = path.join(mkdtempSync(path.join(tmpdir(), 'weft-host-')), 'secret.txt');
        writeFileSync(secret, `${marker}\n`, { mode: 0o600 });
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-run-bundling-'));
        writeFileSync(path.join(folder, 'package.json'), '{ "type": "module" }\n');
        writeFileSync(path.join(folder, 'steps.ts'), `import s from ${JSON.stringify(secret)} with { type: 'text' };\nexport async function leak() { return { content: s }; }\n`);
        writeFileSync(path.join(folder, 'leak.weft'), [
            'step leak() -> (content: string) {',
            '  run: "./steps.ts#leak"',
            '  resources { cpu: 1, memory: 512Mi }',
            '}',
            'pipeline steal() -> (content: string) {',
            '  targets: [boxed]',
            '  let l = leak()',
            '  return { content: l.content }',
            '}',
            'target boxed: sandbox {',
            '  runtime: "gvisor"',
            '  capacity { cpu: 2, memory: 2Gi, gpu: 0 }',
            '}',
            '',
        ].join('\n'));
        const run = runWeft(['run', 'leak.weft'], { cwd: folder });
        expect(run.status, run.stderr).toBe(1);
        const refusal = `cannot bundle steps.ts: steps.ts:1: import ${JSON.stringify(secret)} is refused: ${secret} is outside the project`;
        expect(run.stderr.split('\n')).toContain(`leak failed after 1 attempt: ${refusal}`);
        expect(`${run.stdout}${run.stderr}`).not.toContain(marker);
        const state = path.join(folder, '.weft');
        expect(existsSync(path.join(state, 'bundles'))).toBe(false);
        for (const entry of readdirSync(state, { withFileTypes: true, recursive: true }).filter(each => each.isFile())) {
            expect(readFileSync(path.join(entry.parentPath, entry.name), 'latin1'), entry.name).not.toContain(marker);
        }
    });
});
