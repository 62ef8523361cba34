// `weft keygen`, `sign`, `verify`, `lineage`, and signed models and declared digests through
// `weft run`: the built bin in child processes, steps as real child processes (process target).
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from './consumer-project.js';
import { expectBuiltCli, runWeft } from './run-weft.js';

beforeAll(() => expectBuiltCli());

const fixtures = path.join(repositoryRoot, 'packages', 'cli', 'test', 'weft-trust-fixtures');

/** A fresh copy of the fixture project with a key pair made by `weft keygen` and the model signed by it. */
function signedProject(): string {
    const folder = mkdtempSync(path.join(tmpdir(), 'weft-trust-'));
    cpSync(fixtures, folder, { recursive: true, filter: file => !file.includes(`${path.sep}.weft`) });
    symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(folder, 'node_modules'));
    mkdirSync(path.join(folder, 'keys'));
    expect(runWeft(['keygen', '--out', 'keys/acme'], { cwd: folder }).status).toBe(0);
    expect(runWeft(['sign', 'models/base.json', '--key', 'keys/acme.key'], { cwd: folder }).status).toBe(0);
    return folder;
}

function lastJson(stdout: string): { runId: string; status: string; outputs: Record<string, unknown> | null } {
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe('weft keygen', () => {
    it('writes a private key readable only by its owner and a public key, and never overwrites either', () => {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-keygen-'));
        const made = runWeft(['keygen', '--out', 'acme'], { cwd: folder });
        expect(made.status).toBe(0);
        expect(made.stdout).toMatch(/^wrote acme\.key \(private, keep it secret\) and acme\.pub \(public\)\nkey id [0-9a-f]{64}\n$/);
        expect(statSync(path.join(folder, 'acme.key')).mode & 0o777).toBe(0o600);
        expect(readFileSync(path.join(folder, 'acme.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/]{64}\n-----END PRIVATE KEY-----\n$/);
        expect(readFileSync(path.join(folder, 'acme.pub'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=]{60}\n-----END PUBLIC KEY-----\n$/);
        const before = readFileSync(path.join(folder, 'acme.key'), 'utf8');
        const again = runWeft(['keygen', '--out', 'acme'], { cwd: folder });
        expect(again.status).toBe(2);
        expect(again.stderr).toBe('weft: not overwriting acme.key and acme.pub; remove them or choose another --out\n');
        writeFileSync(path.join(folder, 'half.pub'), 'mine\n');
        expect(runWeft(['keygen', '--out', 'half'], { cwd: folder }).stderr).toBe('weft: not overwriting half.pub; remove it or choose another --out\n');
        expect(existsSync(path.join(folder, 'half.key'))).toBe(false);
        expect(readFileSync(path.join(folder, 'acme.key'), 'utf8')).toBe(before);
        expect(runWeft(['keygen', '--out', 'no/such/folder/k'], { cwd: folder }).status).toBe(2);
    });
});

describe('weft sign and weft verify', () => {
    it('exit 0 for good signatures and 1 with the reason per file for each way a file or signature is wrong', () => {
        const folder = signedProject();
        const weights = path.join(folder, 'models');
        writeFileSync(path.join(weights, 'a.bin'), Buffer.alloc(2000, 1));
        writeFileSync(path.join(weights, 'b.bin'), Buffer.alloc(3000, 2));
        const signed = runWeft(['sign', 'models/a.bin', 'models/b.bin', '--key', 'keys/acme.key'], { cwd: folder });
        expect(signed.stdout).toBe('signed models/a.bin (2000 bytes) → models/a.bin.sig\nsigned models/b.bin (3000 bytes) → models/b.bin.sig\n');
        expect(runWeft(['verify', 'models/a.bin', 'models/b.bin', 'models/base.json', '--key', 'keys/acme.pub'], { cwd: folder }).status).toBe(0);

        mkdirSync(path.join(folder, 'other'));
        runWeft(['keygen', '--out', 'other/k'], { cwd: folder });
        copyFileSync(path.join(weights, 'a.bin'), path.join(weights, 'flipped.bin'));
        copyFileSync(path.join(weights, 'a.bin'), path.join(weights, 'cut.bin'));
        copyFileSync(path.join(weights, 'a.bin'), path.join(weights, 'swapped.bin'));
        copyFileSync(path.join(weights, 'a.bin'), path.join(weights, 'foreign.bin'));
        runWeft(['sign', 'models/flipped.bin', 'models/cut.bin', '--key', 'keys/acme.key'], { cwd: folder });
        runWeft(['sign', 'models/foreign.bin', '--key', 'other/k.key'], { cwd: folder });
        const flipped = readFileSync(path.join(weights, 'flipped.bin'));
        flipped[1234] = flipped[1234]! ^ 0x80;
        writeFileSync(path.join(weights, 'flipped.bin'), flipped);
        writeFileSync(path.join(weights, 'cut.bin'), Buffer.alloc(1999, 1));
        copyFileSync(path.join(weights, 'a.bin.sig'), path.join(weights, 'swapped.bin.sig'));
        writeFileSync(path.join(weights, 'unsigned.bin'), 'x');
        writeFileSync(path.join(weights, 'garbled.bin'), 'x');
        writeFileSync(path.join(weights, 'garbled.bin.sig'), 'not a signature\n');

        const result = runWeft(['verify', 'models/a.bin', 'models/flipped.bin', 'models/cut.bin', 'models/swapped.bin', 'models/foreign.bin',
            'models/unsigned.bin', 'models/garbled.bin', '--key', 'keys/acme.pub'], { cwd: folder });
        expect(result.status).toBe(1);
        const lines = result.stdout.trim().split('\n');
        expect(lines[0]).toMatch(/^models\/a\.bin: verified \(2000 bytes, key [0-9a-f]{16}\)$/);
        expect(lines[1]).toMatch(/^models\/flipped\.bin: not verified \[content-changed\]: the file's content differs from what was signed .*it was modified$/);
        expect(lines[2]).toBe('models/cut.bin: not verified [size-changed]: the file is 1999 bytes but 2000 bytes were signed (truncated)');
        expect(lines[3]).toBe('models/swapped.bin: not verified [other-file]: the signature is for another file, a.bin');
        expect(lines[4]).toMatch(/^models\/foreign\.bin: not verified \[wrong-key\]: the signature is by another key \([0-9a-f]{16}\), not by keys\/acme\.pub/);
        expect(lines[5]).toBe('models/unsigned.bin: not verified [missing-signature]: there is no signature (unsigned.bin.sig is missing)');
        expect(lines[6]).toMatch(/^models\/garbled\.bin: not verified \[malformed-signature\]: the signature garbled\.bin\.sig is malformed/);
        expect(result.stderr).toBe('6 of 7 files failed verification\n');
    });

    it('takes keys from environment variables, and reports an unusable key as a usage error', () => {
        const folder = signedProject();
        const env = { ACME_PUB: readFileSync(path.join(folder, 'keys', 'acme.pub'), 'utf8'), ACME_KEY: readFileSync(path.join(folder, 'keys', 'acme.key'), 'utf8') };
        writeFileSync(path.join(folder, 'data', 'extra.jsonl'), '{}\n');
        expect(runWeft(['sign', 'data/extra.jsonl', '--key', 'env:ACME_KEY'], { cwd: folder, env }).status).toBe(0);
        expect(runWeft(['verify', 'data/extra.jsonl', 'models/base.json', '--key', 'env:ACME_PUB'], { cwd: folder, env }).status).toBe(0);
        for (const [args, message] of [
            [['verify', 'models/base.json', '--key', 'env:NOT_SET_ANYWHERE'], 'weft: key env:NOT_SET_ANYWHERE: the environment variable NOT_SET_ANYWHERE is not set\n'],
            [['verify', 'models/base.json', '--key', 'keys/missing.pub'], 'weft: key keys/missing.pub: no such file\n'],
            [['verify', 'models/base.json', '--key', 'keys/acme.key'], 'weft: key keys/acme.key: is a private key; give the public key (.pub)\n'],
            [['sign', 'models/base.json', '--key', 'keys/acme.pub'], 'weft: key keys/acme.pub: is a public key; signing needs the private key (.key)\n'],
            [['sign', 'models/nothing.bin', '--key', 'keys/acme.key'], 'weft: cannot sign models/nothing.bin: no such file\n'],
            [['verify', 'models/base.json'], "weft: required option '-k, --key <key>' not specified\n"],
        ] as const) {
            const result = runWeft([...args], { cwd: folder });
            expect(result.stderr).toBe(message);
            expect(result.status).toBe(2);
        }
    });
});

describe('weft verify on signatures and keys that are not regular files', () => {
    // A FIFO as the .sig or the key hung `weft verify` for good; /dev/zero grew until killed.
    // runWeft gives up after 60 s, so a hang fails the test instead of hanging it.
    it('a FIFO, a device or an oversized .sig is refused at once with the reason; the other files still verify', () => {
        const folder = signedProject();
        const weights = path.join(folder, 'models');
        for (const name of ['fifo.bin', 'zero.bin', 'huge.bin']) copyFileSync(path.join(weights, 'base.json'), path.join(weights, name));
        execFileSync('mkfifo', [path.join(weights, 'fifo.bin.sig')]);
        symlinkSync('/dev/zero', path.join(weights, 'zero.bin.sig'));
        writeFileSync(path.join(weights, 'huge.bin.sig'), '');
        truncateSync(path.join(weights, 'huge.bin.sig'), 1024 * 1024 * 1024);
        const start = Date.now();
        const result = runWeft(['verify', 'models/fifo.bin', 'models/zero.bin', 'models/huge.bin', 'models/base.json', '--key', 'keys/acme.pub'], { cwd: folder });
        expect(Date.now() - start).toBeLessThan(20_000);
        expect(result.status).toBe(1);
        const lines = result.stdout.trim().split('\n');
        expect(lines.slice(0, 3)).toEqual([
            'models/fifo.bin: not verified [malformed-signature]: the signature fifo.bin.sig is a FIFO, not a regular file',
            'models/zero.bin: not verified [malformed-signature]: the signature zero.bin.sig is a character device, not a regular file',
            'models/huge.bin: not verified [malformed-signature]: the signature huge.bin.sig is larger than 64 KiB',
        ]);
        expect(lines[3]).toMatch(/^models\/base\.json: verified /);
        expect(result.stderr).toBe('3 of 4 files failed verification\n');
    });

    it('a FIFO or a device as the key is a one-line usage error (exit 2), not a hang', () => {
        const folder = signedProject();
        execFileSync('mkfifo', [path.join(folder, 'keys', 'fifo.pub')]);
        for (const [key, message] of [
            ['keys/fifo.pub', 'weft: key keys/fifo.pub: is a FIFO, not a regular file\n'],
            ['/dev/zero', 'weft: key /dev/zero: is a character device, not a regular file\n'],
        ] as const) {
            const result = runWeft(['verify', 'models/base.json', '--key', key], { cwd: folder });
            expect([result.status, result.stderr, result.stdout]).toEqual([2, message, '']);
        }
        const signing = runWeft(['sign', 'models/base.json', '--key', 'keys/fifo.pub'], { cwd: folder });
        expect([signing.status, signing.stderr]).toEqual([2, 'weft: key keys/fifo.pub: is a FIFO, not a regular file\n']);
    });
});

describe('signed models and declared digests in weft run', () => {
    it('runs on a verified model and records lineage: the output names its tasks, the dataset and the verifying key', () => {
        const folder = signedProject();
        const marker = path.join(folder, 'tune-ran');
        const run = runWeft(['run', 'tune.weft', '--param', `marker=${marker}`, '--format', 'json'], { cwd: folder });
        expect(run.status).toBe(0);
        expect(existsSync(marker)).toBe(true);
        const outcome = lastJson(run.stdout);

        const modelPath = (outcome.outputs!['model'] as { path: string }).path;
        const digest = path.basename(modelPath, '.json');
        const lineage = runWeft(['lineage', digest.slice(0, 10), '--format', 'json'], { cwd: folder });
        expect(lineage.status).toBe(0);
        const graph = JSON.parse(lineage.stdout) as { focus: string; nodes: Record<string, unknown>[]; edges: { from: string; to: string; label: string }[] };
        expect(graph.focus).toBe(`artifact:sha256:${digest}`);
        const node = (id: string) => graph.nodes.find(candidate => candidate['id'] === id)!;
        const into = (id: string) => graph.edges.filter(edge => edge.to === id);
        const producer = node(into(graph.focus)[0]!.from);
        expect(producer).toMatchObject({ type: 'task', taskId: 't', step: 'tune', attempt: 1, values: { marker } });
        const inputs = Object.fromEntries(into(producer['id'] as string).map(edge => [edge.label, node(edge.from)]));
        expect(inputs['base']).toMatchObject({ type: 'declared', kind: 'model', name: 'base', uri: 'file:models/base.json', version: '0.3.0', signedBy: 'keys/acme.pub' });
        const verifiedKey = inputs['base']!['verifiedKey'] as string;
        // The key id: sha256 of the raw public key, which is the last 32 bytes of the PEM's DER.
        const der = Buffer.from(readFileSync(path.join(folder, 'keys', 'acme.pub'), 'utf8').split('\n')[1]!, 'base64');
        expect(verifiedKey).toBe(createHash('sha256').update(der.subarray(-32)).digest('hex'));
        // Step A's artifact, made by task c from the dataset.
        expect(inputs['rows']).toMatchObject({ type: 'artifact', kind: 'dataset' });
        const clean = node(into(inputs['rows']!['id'] as string)[0]!.from);
        expect(clean).toMatchObject({ type: 'task', taskId: 'c', step: 'clean', values: { minLength: 3 } });
        const dataset = node(into(clean['id'] as string).find(edge => edge.label === 'data')!.from);
        const reviewsDigest = readFileSync(path.join(folder, 'tune.weft'), 'utf8').match(/sha256: "([0-9a-f]{64})"/)![1];
        expect(dataset).toMatchObject({ type: 'declared', kind: 'dataset', name: 'reviews', version: '1.0.0', digest: `sha256:${reviewsDigest}` });
        // What used it: summarize.
        const users = graph.edges.filter(edge => edge.from === graph.focus).map(edge => node(edge.to));
        expect(users).toEqual([expect.objectContaining({ type: 'task', taskId: 's', step: 'summarize' })]);

        const text = runWeft(['lineage', `sha256:${digest}`], { cwd: folder }).stdout;
        expect(text).toContain(`model sha256:${digest}`);
        expect(text).toMatch(/task t \(step tune, run [0-9a-f]{8}, attempt 1\), output model/);
        expect(text).toMatch(/task c \(step clean, run [0-9a-f]{8}, attempt 1\), output rows/);
        expect(text).toContain(`data ← dataset reviews, file:data/reviews.jsonl, version 1.0.0, sha256:${reviewsDigest}`);
        expect(text).toContain(`verified by key ${verifiedKey.slice(0, 16)} (keys/acme.pub)`);
        expect(text).toMatch(/used by:\n {2}task s \(step summarize, .*\), as input model/);
        const mermaid = runWeft(['lineage', digest.slice(0, 8), '--format', 'mermaid'], { cwd: folder }).stdout;
        expect(mermaid).toMatch(/^flowchart LR\n/);
        expect(mermaid).toMatch(/-->\|base\|/);
        const whole = runWeft(['lineage', outcome.runId.slice(0, 8)], { cwd: folder });
        expect(whole.stdout).toMatch(new RegExp(`^run ${outcome.runId}\nparameters: data = .*marker = .*minLength = 3\nconsumed:\n {2}dataset reviews`));
        expect(whole.stdout).toMatch(/task s \(step summarize.*\n(?: {4}(?:code|hyperparameters): .*\n)* {4}model ← model sha256:/);
    });

    it('lineage: an unknown or ambiguous id is a one-line usage error', () => {
        const folder = signedProject();
        for (const [id, message] of [
            ['ffff0000', 'weft: there is no run or artifact ffff0000 in this project (see `weft runs`)\n'],
            ['sha256:xyz', 'weft: sha256:xyz is not a digest (give at least 4 hex digits of a sha256) nor a run id\n'],
            ['no-such-run', 'weft: no-such-run is not a digest (give at least 4 hex digits of a sha256) nor a run id\n'],
        ]) {
            const result = runWeft(['lineage', id!], { cwd: folder });
            expect(result.stderr).toBe(message);
            expect(result.stdout).toBe('');
            expect(result.status).toBe(2);
        }
    });

    it('fails the consuming task for good, before its step starts, on each kind of bad signature; nothing downstream runs', () => {
        const folder = signedProject();
        const model = path.join(folder, 'models', 'base.json');
        const original = readFileSync(model);
        const signature = readFileSync(`${model}.sig`);
        mkdirSync(path.join(folder, 'other'));
        runWeft(['keygen', '--out', 'other/k'], { cwd: folder });
        writeFileSync(path.join(folder, 'models', 'other.json'), '{"weights":[],"bias":0}\n');
        runWeft(['sign', 'models/other.json', '--key', 'keys/acme.key'], { cwd: folder });
        const cases: [string, () => void, RegExp][] = [
            ['one flipped byte', () => { const bytes = Buffer.from(original); bytes[5] = bytes[5]! ^ 0x01; writeFileSync(model, bytes); }, /the file's content differs from what was signed .*\[content-changed\]/],
            ['a truncated file', () => writeFileSync(model, original.subarray(0, 20)), /the file is 20 bytes but \d+ bytes were signed \(truncated\) \[size-changed\]/],
            ['a signature by another key', () => runWeft(['sign', 'models/base.json', '--key', 'other/k.key'], { cwd: folder }), /the signature is by another key .*\[wrong-key\]/],
            ['the signature of another file', () => copyFileSync(path.join(folder, 'models', 'other.json.sig'), `${model}.sig`), /the signature is for another file, other\.json \[other-file\]/],
            ['an empty signature file', () => writeFileSync(`${model}.sig`, ''), /the signature base\.json\.sig is malformed: expected 6 lines .*\[malformed-signature\]/],
            ['a malformed signature', () => appendFileSync(`${model}.sig`, 'trailing\n'), /the signature base\.json\.sig is malformed: expected 6 lines each ending in a line feed, found 7 \[malformed-signature\]/],
        ];
        for (const [what, spoil, reason] of cases) {
            writeFileSync(model, original);
            writeFileSync(`${model}.sig`, signature);
            spoil();
            const marker = path.join(folder, `ran-${what.replaceAll(' ', '-')}`);
            const run = runWeft(['run', 'tune.weft', '--param', `marker=${marker}`], { cwd: folder });
            expect(run.status, what).toBe(1);
            expect(existsSync(marker), `${what}: the step must not have run`).toBe(false);
            const shown = runWeft(['show', /run (\S+) failed/.exec(run.stdout)![1]!], { cwd: folder }).stdout;
            expect(shown, what).toMatch(/ {2}c\s+completed\s+1/);
            expect(shown, what).toMatch(new RegExp(`  t\\s+failed\\s+1 .*model base \\(${escape(model)}\\) failed verification against keys/acme\\.pub: ${reason.source}`));
            expect(shown, what).toMatch(/ {2}s\s+skipped\s+0/);
        }
        // A signature file that is not there at all.
        writeFileSync(model, original);
        rmSync(`${model}.sig`);
        const missing = runWeft(['run', 'tune.weft'], { cwd: folder });
        expect(missing.status).toBe(1);
        expect(missing.stderr).toContain('failed verification against keys/acme.pub: there is no signature (base.json.sig is missing) [missing-signature]');
    });

    it('takes signedBy from an environment variable', () => {
        const folder = signedProject();
        const weft = path.join(folder, 'tune.weft');
        writeFileSync(weft, readFileSync(weft, 'utf8').replace('signedBy: "keys/acme.pub"', 'signedBy: "env:ACME_PUB"'));
        const unset = runWeft(['run', 'tune.weft'], { cwd: folder });
        expect(unset.status).toBe(1);
        expect(unset.stderr).toContain('model base');
        expect(unset.stderr).toContain('the key cannot be used (key env:ACME_PUB: the environment variable ACME_PUB is not set)');
        const set = runWeft(['run', 'tune.weft'], { cwd: folder, env: { ACME_PUB: readFileSync(path.join(folder, 'keys', 'acme.pub'), 'utf8') } });
        expect(set.status).toBe(0);
    });

    it('fails the run before any step starts when a declared sha256 does not match its file', () => {
        const folder = signedProject();
        appendFileSync(path.join(folder, 'data', 'reviews.jsonl'), '{"text":"added later","label":"pos"}\n');
        const marker = path.join(folder, 'ran');
        const run = runWeft(['run', 'tune.weft', '--param', `marker=${marker}`], { cwd: folder });
        expect(run.status).toBe(1);
        expect(run.stderr).toMatch(/dataset reviews \(tune\.weft:\d+\): data\/reviews\.jsonl has sha256 [0-9a-f]{64}, but the declaration says [0-9a-f]{64}/);
        expect(existsSync(marker)).toBe(false);
        const runId = /run (\S+) failed/.exec(run.stdout)![1]!;
        const shown = runWeft(['show', runId], { cwd: folder }).stdout;
        expect(shown).toMatch(/^run \S+: tuneModel failed/);
        expect(shown).not.toMatch(/ {2}c\s/);
        expect(shown).toMatch(/^ {2}not started: dataset reviews \(tune\.weft:\d+\): data\/reviews\.jsonl has sha256 /m);
        expect(runWeft(['logs', runId], { cwd: folder }).stdout).toMatch(/not started: dataset reviews/);
    });
});

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
