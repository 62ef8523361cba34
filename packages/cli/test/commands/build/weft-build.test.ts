// `weft build`: an artifact that runs its pipeline with Node.js alone. The artifact is copied into
// an empty folder (no node_modules above it, a fresh HOME) or into a gVisor sandbox that holds
// nothing but it, the `node` package's binary and the C library, and run there; its outputs are
// compared with `weft run`'s.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../consumer-project.js';
import { expectBuiltCli, runWeft } from '../../run-weft.js';
import { lastJson, project } from '../../weft-run-helpers.js';

beforeAll(() => expectBuiltCli());

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixture');
/** The `node` package's Node 22: what the artifact needs of the machine. */
const nodeBinary = path.join(repositoryRoot, 'node_modules', 'node', 'bin', 'node');

interface Built {
    readonly project: string;
    readonly out: string;
    readonly build: ReturnType<typeof runWeft>;
}

let building: Built | undefined;

/** `weft build scores.weft --out out` in a fresh copy of the fixture, once: the first test that needs it is the build's test too. */
function built(): Built {
    if (building === undefined) {
        const folder = project(fixture);
        building = { project: folder, out: path.join(folder, 'out'), build: runWeft(['build', 'scores.weft', '--out', 'out'], { cwd: folder }) };
    }
    return building;
}

/** A copy of the artifact in a new, empty folder under the system's temporary folder. */
function copied(): { readonly folder: string; readonly launcher: string } {
    const folder = mkdtempSync(path.join(tmpdir(), 'weft-artifact-'));
    cpSync(built().out, path.join(folder, 'artifact'), { recursive: true });
    return { folder, launcher: path.join(folder, 'artifact', 'scores') };
}

/** Runs the launcher in `cwd` as a shell would, with a fresh HOME and only Node.js on PATH besides the system's. */
function launch(launcher: string, args: readonly string[], cwd: string) {
    const home = mkdtempSync(path.join(tmpdir(), 'weft-home-'));
    const result = spawnSync(launcher, args, { cwd, encoding: 'utf8', timeout: 120_000, env: { HOME: home, PATH: `${path.dirname(nodeBinary)}:/usr/sbin:/usr/bin:/sbin:/bin` } });
    if (result.error) throw result.error;
    return result;
}

/** The folders at and above `folder` that hold a node_modules. */
function nodeModulesAbove(folder: string): string[] {
    const found: string[] = [];
    for (let at = folder; ; at = path.dirname(at)) {
        if (existsSync(path.join(at, 'node_modules'))) found.push(at);
        if (path.dirname(at) === at) return found;
    }
}

describe('weft build', () => {
    it('writes one executable at the top of the folder, beside lib/, and says what it built', () => {
        const { build, out } = built();
        expect(build.stderr).toBe('');
        expect(build.stdout).toMatch(/^built out\/scores: 2 step bundles, \d+\.\d MB; run it with Node\.js 22\.19 or newer\n$/);
        expect(build.status).toBe(0);
        expect(readdirSync(out).sort()).toEqual(['lib', 'scores']);
        expect(statSync(path.join(out, 'scores')).mode & 0o111).toBe(0o111);
        expect(readdirSync(path.join(out, 'lib')).sort()).toEqual(['artifact.json', 'root', 'runtime', 'steps']);
        expect(readdirSync(path.join(out, 'lib', 'steps'))).toHaveLength(2);
        // The dataset the pipeline's default names, at its place under the plan's root.
        expect(existsSync(path.join(out, 'lib', 'root', 'data', 'rows.jsonl'))).toBe(true);
    });

    it("runs in an empty folder with no node_modules above it, with weft run's outputs, recording the run in ./.weft", () => {
        const { project: folder } = built();
        const expected = runWeft(['run', 'scores.weft', '--format', 'json', '--param', 'weight=3'], { cwd: folder });
        expect(expected.status).toBe(0);
        const { folder: empty, launcher } = copied();
        expect(nodeModulesAbove(empty)).toEqual([]);
        const result = launch(launcher, ['--format', 'json', '--param', 'weight=3'], empty);
        expect(result.status).toBe(0);
        const outcome = lastJson(result.stdout);
        expect(outcome.status).toBe('completed');
        expect(outcome.outputs).toEqual(lastJson(expected.stdout).outputs);
        expect(outcome.outputs).toEqual({ sum: 45, mean: 15 });
        expect(result.stderr).toMatch(new RegExp(`^run ${outcome.runId}: scores on local \\(process\\)$`, 'm'));
        expect(existsSync(path.join(empty, '.weft', 'runs.db'))).toBe(true);
    });

    it('caches as weft run does: a second run in the same store takes the cached step', () => {
        const { folder, launcher } = copied();
        const first = launch(launcher, ['--format', 'json'], folder);
        expect(first.status).toBe(0);
        const firstId = lastJson(first.stdout).runId;
        const second = launch(launcher, ['--format', 'json', '--explain-cache'], folder);
        expect(second.status).toBe(0);
        expect(second.stderr).toMatch(new RegExp(`^cache:\n {2}t: hit: same key as run ${firstId} \\(`, 'm'));
        expect(second.stderr).toMatch(/^ {2}m: not cached: its step has no cache setting$/m);
        expect(lastJson(second.stdout).outputs).toEqual({ sum: 30, mean: 10 });
    });

    it('runs its steps in gVisor sandboxes on a gvisor target, with the same outputs', () => {
        const { folder, launcher } = copied();
        const result = launch(launcher, ['--format', 'json', '--target', 'boxed', '--store', 'state'], folder);
        expect(result.status).toBe(0);
        expect(result.stderr).toMatch(/^run [0-9a-f-]{36}: scores on boxed \(gvisor\)$/m);
        expect(lastJson(result.stdout).outputs).toEqual({ sum: 30, mean: 10 });
        expect(existsSync(path.join(folder, 'state', 'runs.db'))).toBe(true);
    });

    it("refuses a parameter that breaks the pipeline's where clause as weft run does: exit 2, the same line, nothing recorded", () => {
        const { project: folder } = built();
        const expected = runWeft(['run', 'scores.weft', '--param', 'weight=20'], { cwd: folder });
        const { folder: empty, launcher } = copied();
        const result = launch(launcher, ['--param', 'weight=20'], empty);
        expect(result.stderr).toBe('weft: --param weight=20 breaks where weight >= 1 && weight <= 10 (pipeline scores, scores.weft:23)\n');
        expect(result.stderr).toBe(expected.stderr);
        expect(result.status).toBe(2);
        expect(expected.status).toBe(2);
        expect(result.stdout).toBe('');
        expect(existsSync(path.join(empty, '.weft'))).toBe(false);
    });

    it('refuses a value that is not of the parameter type, and an unknown parameter, with the messages of weft run', () => {
        const { project: folder } = built();
        const { folder: empty, launcher } = copied();
        for (const param of ['weight=heavy', 'height=3']) {
            const expected = runWeft(['run', 'scores.weft', '--param', param], { cwd: folder });
            const result = launch(launcher, ['--param', param], empty);
            expect(result.stderr).toBe(expected.stderr);
            expect(result.stderr).toMatch(/^weft: .+\n$/);
            expect(result.status).toBe(2);
        }
    });

    it('refuses a kubernetes target, which it cannot run, with one line and exit code 2', () => {
        const { folder, launcher } = copied();
        const result = launch(launcher, ['--target', 'cluster'], folder);
        expect(result.stderr).toBe('weft: cannot run steps with the kubernetes executor (the runtime of target cluster): a built artifact runs sandbox targets only; run a kubernetes target with weft run\n');
        expect(result.status).toBe(2);
        expect(existsSync(path.join(folder, '.weft'))).toBe(false);
    });

    it('refuses the inline executor, which needs the step sources, with one line and exit code 2', () => {
        const { folder, launcher } = copied();
        const result = launch(launcher, ['--executor', 'inline'], folder);
        expect(result.stderr).toBe('weft: --executor inline imports step modules from their sources, which an artifact does not carry; use process or gvisor\n');
        expect(result.status).toBe(2);
    });

    it('refuses a damaged artifact with one line and exit code 2, not a stack', () => {
        const { folder, launcher } = copied();
        writeFileSync(path.join(folder, 'artifact', 'lib', 'artifact.json'), '{"artifactVersion":');
        const result = launch(launcher, [], folder);
        expect(result.stderr).toMatch(/^weft: cannot read the artifact's \/.+\/artifact\/lib\/artifact\.json: .+; build it again with weft build\n$/);
        expect(result.status).toBe(2);
    });

    it('refuses a Node.js older than 22.19 with one line and exit code 2', () => {
        const { folder, launcher } = copied();
        // The launcher reads the version Node reports; this Node reports an older one.
        const older = 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.20.2"});Object.defineProperty(process,"version",{value:"v20.20.2"})';
        const result = spawnSync(nodeBinary, ['--import', older, launcher, '--help'], { cwd: folder, encoding: 'utf8' });
        expect(result.stderr).toBe('weft: this pipeline needs Node.js 22.19 or newer, but this is v20.20.2: install Node.js 22 from https://nodejs.org\n');
        expect(result.stdout).toBe('');
        expect(result.status).toBe(2);
    });

    it("--help lists the pipeline's parameters with their types and defaults", () => {
        const { folder, launcher } = copied();
        const result = launch(launcher, ['--help'], folder);
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/^Usage: scores \[options\]/);
        expect(result.stdout).toContain('Parameters of scores:\n  --param data=<Dataset<Row>>  (default rows)\n  --param weight=<int>         (default 2)\n');
        expect(result.stdout).toMatch(/--store <folder>/);
    });

    it('runs inside a gVisor sandbox that holds only the artifact, the Node binary and the C library', () => {
        const { folder } = copied();
        const result = inSandbox(path.join(folder, 'artifact'), ['/bin/node', '/artifact/scores', '--format', 'json', '--param', 'weight=3']);
        expect(result.stderr).toMatch(/^run [0-9a-f-]{36}: scores on local \(process\)$/m);
        expect(result.status).toBe(0);
        expect(lastJson(result.stdout)).toMatchObject({ status: 'completed', outputs: { sum: 45, mean: 15 } });
    });

    it('replaces an earlier artifact in --out whole', () => {
        const { project: folder, out } = built();
        writeFileSync(path.join(out, 'lib', 'steps', 'stale.mjs'), '');
        const again = runWeft(['build', 'scores.weft', '--out', 'out'], { cwd: folder });
        expect(again.status).toBe(0);
        expect(readdirSync(out).sort()).toEqual(['lib', 'scores']);
        expect(readdirSync(path.join(out, 'lib', 'steps'))).not.toContain('stale.mjs');
        expect(readdirSync(path.join(out, 'lib', 'steps'))).toHaveLength(2);
    });

    it('stops at a type error with its file:line:col, exit code 1 as weft run, and writes nothing', () => {
        const folder = project(fixture);
        const result = runWeft(['build', 'broken.weft', '--out', 'out'], { cwd: folder });
        expect(result.stdout).toBe('broken.weft:13:19: error type-mismatch: Argument `count` of `mean` expects int but got Dataset<Row>.\n');
        expect(result.stderr).toBe('not built: 1 error\n');
        expect(result.status).toBe(1);
        expect(existsSync(path.join(folder, 'out'))).toBe(false);
    });

    it('stops at a step that cannot be bundled with one line and exit code 2, leaving an earlier artifact in --out as it was', () => {
        const folder = project(fixture);
        mkdirSync(path.join(folder, 'out', 'lib'), { recursive: true });
        writeFileSync(path.join(folder, 'out', 'lib', 'artifact.json'), '{}');
        const result = runWeft(['build', 'unbundled.weft', '--out', 'out'], { cwd: folder });
        expect(result.stderr).toBe('weft: cannot bundle unbundled-step.ts: Unexpected "}"\n');
        expect(result.status).toBe(2);
        expect(readdirSync(path.join(folder, 'out', 'lib'))).toEqual(['artifact.json']);
    });

    it('refuses an --out folder that holds other files, and an unknown --target, with one line and exit code 2', () => {
        const folder = project(fixture);
        mkdirSync(path.join(folder, 'taken'));
        writeFileSync(path.join(folder, 'taken', 'notes.txt'), 'mine\n');
        const taken = runWeft(['build', 'scores.weft', '--out', 'taken'], { cwd: folder });
        expect(taken.stderr).toBe('weft: --out taken is neither empty nor an artifact of weft build; give a new folder\n');
        expect(taken.status).toBe(2);
        const target = runWeft(['build', 'scores.weft', '--out', 'out', '--target', 'cloud'], { cwd: folder });
        expect(target.stderr).toBe('weft: scores has no target cloud; its targets are: local, boxed, cluster\n');
        expect(target.status).toBe(2);
        expect(existsSync(path.join(folder, 'out'))).toBe(false);
    });
});

/**
 * Runs `args` in a gVisor sandbox (an OCI bundle for `runsc run`) whose root holds only the
 * shared libraries `ldd` lists for the Node binary; the binary is bound at /bin/node, the artifact
 * read-only at /artifact, and /tmp (its working folder and HOME) is in memory. No network.
 */
function inSandbox(artifact: string, args: readonly string[]) {
    const bundle = mkdtempSync(path.join(tmpdir(), 'weft-artifact-sandbox-'));
    const rootfs = path.join(bundle, 'rootfs');
    for (const folder of ['bin', 'tmp', 'proc', 'artifact']) mkdirSync(path.join(rootfs, folder), { recursive: true });
    writeFileSync(path.join(rootfs, 'bin', 'node'), '');
    const ldd = spawnSync('ldd', [nodeBinary], { encoding: 'utf8' }).stdout;
    for (const library of ldd.matchAll(/(\/\S+\.so[.\d]*)/g)) {
        const at = path.join(rootfs, library[1]!);
        mkdirSync(path.dirname(at), { recursive: true });
        copyFileSync(realpathSync(library[1]!), at);
    }
    const bind = (source: string, destination: string) => ({ destination, type: 'bind', source, options: ['rbind', 'ro'] });
    writeFileSync(path.join(bundle, 'config.json'), JSON.stringify({
        ociVersion: '1.0.0',
        process: { terminal: false, user: { uid: 65534, gid: 65534 }, args, env: ['PATH=/bin', 'HOME=/tmp'], cwd: '/tmp' },
        root: { path: 'rootfs', readonly: true },
        hostname: 'artifact',
        mounts: [
            { destination: '/proc', type: 'proc', source: 'proc' },
            { destination: '/tmp', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'size=256m'] },
            bind(nodeBinary, '/bin/node'),
            bind(artifact, '/artifact'),
        ],
        linux: { namespaces: [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }, { type: 'network' }] },
    }));
    const id = `weft-artifact-test-${process.pid}-${Date.now()}`;
    try {
        const result = spawnSync('runsc', ['--network=none', 'run', '--bundle', bundle, id], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 180_000 });
        if (result.error) throw result.error;
        return result;
    } finally {
        spawnSync('runsc', ['delete', '--force', id]);
    }
}
