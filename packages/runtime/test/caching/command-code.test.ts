// A command step's code, for the cache key and `weft resume`: its strings, its folder and the
// project files it names; what it cannot see leaves the digest alone.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepCode, stepCodeKey } from '../../src/bundling/step-code.js';
import { commandCode } from '../../src/executors/command-code.js';

function project(): string {
    const root = mkdtempSync(path.join(tmpdir(), 'weft-command-code-'));
    mkdirSync(path.join(root, 'pipelines', 'steps'), { recursive: true });
    writeFileSync(path.join(root, 'pipelines', 'steps', 'double.sh'), 'echo doubling\n');
    writeFileSync(path.join(root, 'pipelines', 'steps', 'helper.sh'), 'echo helping\n');
    writeFileSync(path.join(root, 'pipelines', 'config.json'), '{}\n');
    return root;
}

const double = { command: ['sh', './steps/double.sh', '--config', 'config.json', '-v'], directory: 'pipelines' };

describe('commandCode', () => {
    it('lists the project files the command names, relative to the root, by content digest', async () => {
        const code = await commandCode(project(), double);
        expect(Object.keys(code.files)).toEqual(['pipelines/config.json', 'pipelines/steps/double.sh']);
        expect(code.files['pipelines/steps/double.sh']).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(code.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    });

    it('changes when a named file, an argument or the folder changes, and only then', async () => {
        const root = project();
        const before = await commandCode(root, double);
        expect((await commandCode(root, double)).digest).toBe(before.digest);
        // A file it does not name (a script's helper) is not seen.
        writeFileSync(path.join(root, 'pipelines', 'steps', 'helper.sh'), 'echo helping more\n');
        expect((await commandCode(root, double)).digest).toBe(before.digest);
        writeFileSync(path.join(root, 'pipelines', 'steps', 'double.sh'), 'echo doubling twice\n');
        const edited = await commandCode(root, double);
        expect(edited.digest).not.toBe(before.digest);
        expect(edited.files['pipelines/steps/double.sh']).not.toBe(before.files['pipelines/steps/double.sh']);
        expect((await commandCode(root, { ...double, command: [...double.command, '--fast'] })).digest).not.toBe(edited.digest);
        expect((await commandCode(root, { ...double, directory: '.' })).digest).not.toBe(edited.digest);
    });

    it('names no file outside the root, no folder and nothing that does not exist', async () => {
        const root = project();
        const code = await commandCode(root, { command: ['/usr/bin/env', 'python3', '-m', 'mypkg.train', '../../etc/passwd', 'steps', 'missing.py'], directory: 'pipelines' });
        expect(code.files).toEqual({});
    });

    it('is what stepCode gives a command step, under its own key', async () => {
        const root = project();
        expect(await stepCode(root, double, path.join(root, '.weft'))).toEqual(await commandCode(root, double));
        expect(stepCodeKey(double)).toBe('command ["sh","./steps/double.sh","--config","config.json","-v"] in pipelines');
        expect(stepCodeKey({ module: 'steps.ts', export: 'train' })).toBe('steps.ts#train');
    });
});
