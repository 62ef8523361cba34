// A real Kubernetes API server for the kubernetes executor's tests: builds `kube-apiserver` v1.20.2
// from Debian's `kubernetes` source package (no cluster binaries exist on npm or as Debian binary
// packages), takes etcd from Debian's `etcd-server`, caches both outside the repo, and starts them
// on free loopback ports with a token file and a kubeconfig.
//
//   node scripts/kube-apiserver.mjs build        build once (7–9 min on 2 cores), then reuse the cache
//   node scripts/kube-apiserver.mjs start [DIR]  run etcd + the API server until Ctrl-C; kubeconfig in DIR
//
// Tests import `startKubeApiServer()`, which never builds (npm test builds before any test starts).
// The cache is $WEFT_KUBE_CACHE, else ~/.cache/weft/.
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { copyFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAptPackages } from './lib/apt-packages.mjs';
import { freePort } from './lib/free-port.mjs';

export const KUBERNETES_VERSION = 'v1.20.2';

const cacheRoot = process.env.WEFT_KUBE_CACHE
    ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'weft');
const apiServerDir = join(cacheRoot, `kube-apiserver-${KUBERNETES_VERSION}`);
const etcdDir = join(cacheRoot, 'etcd-server');

/** Where the cached binaries live once `ensureKubeApiServer()` has run. */
export const binaries = {
    kubeApiServer: join(apiServerDir, 'kube-apiserver'),
    etcd: join(etcdDir, 'usr', 'bin', 'etcd'),
};

const log = message => console.error(`kube-apiserver: ${message}`);

function run(command, args, options = {}) {
    const result = spawnSync(command, args, { stdio: 'inherit', ...options });
    if (result.status !== 0) {
        throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
    }
}

/** etcd 3.4 from Debian's etcd-server .deb, unpacked (not installed, so no service starts). */
function ensureEtcd() {
    if (existsSync(binaries.etcd)) return;
    const work = mkdtempSync(join(tmpdir(), 'weft-etcd-'));
    try {
        log('fetching etcd-server with apt-get download');
        if (spawnSync('apt-get', ['download', 'etcd-server'], { cwd: work, stdio: 'ignore' }).status !== 0) {
            run('apt-get', ['update', '-qq']);
            run('apt-get', ['download', 'etcd-server'], { cwd: work });
        }
        const deb = readdirSync(work).find(name => name.endsWith('.deb'));
        mkdirSync(etcdDir, { recursive: true });
        run('dpkg', ['-x', join(work, deb), etcdDir]);
    } finally {
        rmSync(work, { recursive: true, force: true });
    }
}

/** kube-apiserver built from Debian's source package with Debian's Go; cached after the first build. */
function ensureApiServerBinary() {
    if (existsSync(binaries.kubeApiServer)) return;
    ensureAptPackages({
        'golang-go': { check: 'go', what: 'Go, to build kube-apiserver' },
        make: { check: 'make', what: 'make' },
        'dpkg-dev': { check: 'dpkg-source', what: 'dpkg-source, to unpack the source package' },
        patch: { check: 'patch', what: 'patch' },
        rsync: { check: 'rsync', what: 'rsync, used by the Kubernetes build' },
    }, { log, why: 'building kube-apiserver' });
    const work = join(cacheRoot, 'kube-apiserver-build');
    rmSync(work, { recursive: true, force: true });
    mkdirSync(join(work, 'sources'), { recursive: true });
    mkdirSync(join(work, 'lists', 'partial'), { recursive: true });
    // A private deb-src list, so the machine's apt configuration stays as it is.
    writeFileSync(join(work, 'sources', 'debian-src.sources'), [
        'Types: deb-src',
        'URIs: http://deb.debian.org/debian',
        'Suites: bookworm',
        'Components: main',
        'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
        '',
    ].join('\n'));
    const aptOptions = [
        '-o', `Dir::Etc::SourceParts=${join(work, 'sources')}`,
        '-o', 'Dir::Etc::SourceList=/dev/null',
        '-o', `Dir::State::Lists=${join(work, 'lists')}`,
    ];
    log('fetching Debian\'s kubernetes source package');
    run('apt-get', [...aptOptions, 'update', '-qq']);
    run('apt-get', [...aptOptions, 'source', '--download-only', '-qq', 'kubernetes'], { cwd: work });
    const dsc = readdirSync(work).find(name => name.endsWith('.dsc'));
    // dpkg-source unpacks the upstream tarball and applies debian/patches.
    run('dpkg-source', ['--no-check', '-x', dsc, 'src'], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });

    // The make path runs Kubernetes' code generators, which want the GOPATH layout (plain `go build` fails).
    const gopath = join(work, 'gopath');
    mkdirSync(join(gopath, 'src', 'k8s.io'), { recursive: true });
    const tree = join(gopath, 'src', 'k8s.io', 'kubernetes');
    run('ln', ['-s', join(work, 'src'), tree]);
    log(`building kube-apiserver ${KUBERNETES_VERSION} (7–9 minutes on 2 cores, once)`);
    const started = Date.now();
    run('nice', ['-n', '10', 'make', 'WHAT=cmd/kube-apiserver'], {
        cwd: tree,
        env: {
            ...process.env,
            GOPATH: gopath,
            GOCACHE: join(work, 'gocache'),
            GO111MODULE: 'off',
            CGO_ENABLED: '0',
            PATH: `/usr/lib/go/bin:${process.env.PATH}`,
        },
    });
    mkdirSync(apiServerDir, { recursive: true });
    copyFileSync(join(work, 'src', '_output', 'bin', 'kube-apiserver'), binaries.kubeApiServer);
    chmodSync(binaries.kubeApiServer, 0o755);
    log(`built in ${Math.round((Date.now() - started) / 1000)} s → ${binaries.kubeApiServer}`);
    rmSync(work, { recursive: true, force: true });
}

/** The cached binaries; never builds (a test must not), and says how to when they are missing. */
export function builtKubeApiServer() {
    const missing = Object.values(binaries).filter(file => !existsSync(file));
    if (missing.length > 0) {
        throw new Error(`${missing.join(' and ')} not built: run \`node scripts/kube-apiserver.mjs build\` (npm test does it before the tests)`);
    }
    return binaries;
}

/** Builds or reuses kube-apiserver and etcd; returns their paths. */
export function ensureKubeApiServer() {
    if (existsSync(binaries.etcd) && existsSync(binaries.kubeApiServer)) return binaries;
    // Test files start in parallel: one process builds, the others wait for it.
    mkdirSync(cacheRoot, { recursive: true });
    const lock = join(cacheRoot, 'kube-apiserver.lock');
    const staleAfterMs = 30 * 60_000;
    for (;;) {
        try {
            mkdirSync(lock);
            break;
        } catch (error) {
            if (error.code !== 'EEXIST') throw error;
            if (Date.now() - statSync(lock).mtimeMs > staleAfterMs) { rmSync(lock, { recursive: true, force: true }); continue; }
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
        }
    }
    try {
        ensureEtcd();
        ensureApiServerBinary();
    } finally {
        rmSync(lock, { recursive: true, force: true });
    }
    return binaries;
}


async function waitUntil(check, timeoutMs, what, child) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
        if (await check().catch(() => false)) return;
        await new Promise(done => setTimeout(done, 200));
    }
    throw new Error(`${what} was not ready after ${timeoutMs / 1000} s`);
}

function kubeconfigYaml(server, users, contexts, currentContext) {
    return [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: weft-test',
        '  cluster:',
        `    server: ${server}`,
        '    insecure-skip-tls-verify: true',
        'users:',
        ...users.flatMap(({ name, token }) => [`- name: ${name}`, '  user:', `    token: ${token}`]),
        'contexts:',
        ...contexts.flatMap(({ name, user }) => [`- name: ${name}`, '  context:', '    cluster: weft-test', `    user: ${user}`, '    namespace: default']),
        `current-context: ${currentContext}`,
        '',
    ].join('\n');
}

/**
 * Starts etcd and kube-apiserver on free loopback ports. Two users: `admin` (system:masters) and
 * `viewer` (no RBAC bindings, for the permission-error path). The kubeconfig has the contexts
 * `admin` (current), `second` (admin again, so one run can use two contexts) and `viewer`.
 * `extraArgs` go to kube-apiserver as they are. Files go to `dir` (kept) or a temporary folder (removed on stop).
 */
export async function startKubeApiServer({ dir: given, quiet = true, extraArgs = [] } = {}) {
    // A folder we made is removed on stop; one the caller named is left in place.
    const { kubeApiServer, etcd } = builtKubeApiServer();
    const dir = given ?? mkdtempSync(join(tmpdir(), 'weft-kube-'));
    mkdirSync(dir, { recursive: true });
    const [etcdClientPort, etcdPeerPort, securePort] = [await freePort(), await freePort(), await freePort()];
    const adminToken = randomBytes(16).toString('hex');
    const viewerToken = randomBytes(16).toString('hex');
    writeFileSync(join(dir, 'tokens.csv'), `${adminToken},admin,admin-uid,system:masters\n${viewerToken},viewer,viewer-uid\n`);
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const output = quiet ? 'ignore' : 'inherit';
    const children = [];
    const stop = async () => {
        for (const child of children.reverse()) {
            if (child.exitCode === null) {
                const exited = new Promise(done => child.once('exit', done));
                child.kill('SIGTERM');
                await Promise.race([exited, new Promise(done => setTimeout(done, 5000))]);
                if (child.exitCode === null) child.kill('SIGKILL');
            }
        }
        if (given === undefined) rmSync(dir, { recursive: true, force: true });
    };
    try {
        const etcdUrl = `http://127.0.0.1:${etcdClientPort}`;
        const etcdProcess = spawn(etcd, [
            '--data-dir', join(dir, 'etcd'),
            '--listen-client-urls', etcdUrl, '--advertise-client-urls', etcdUrl,
            '--listen-peer-urls', `http://127.0.0.1:${etcdPeerPort}`,
            '--log-level', 'error',
        ], { stdio: ['ignore', output, output] });
        children.push(etcdProcess);
        await waitUntil(async () => (await fetch(`${etcdUrl}/health`)).ok, 20_000, 'etcd', etcdProcess);

        const apiServer = spawn(kubeApiServer, [
            `--etcd-servers=${etcdUrl}`,
            '--bind-address=127.0.0.1', `--secure-port=${securePort}`,
            `--cert-dir=${join(dir, 'certs')}`,
            `--token-auth-file=${join(dir, 'tokens.csv')}`,
            '--authorization-mode=RBAC',
            `--service-account-key-file=${join(dir, 'sa.pub')}`,
            `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
            '--service-account-issuer=https://kubernetes.default.svc',
            '--service-cluster-ip-range=10.0.0.0/24',
            '--enable-priority-and-fairness=false',
            '--v=0',
            ...extraArgs,
        ], { stdio: ['ignore', output, output] });
        children.push(apiServer);
        const server = `https://127.0.0.1:${securePort}`;
        await waitUntil(() => readyz(server, adminToken), 90_000, 'kube-apiserver', apiServer);
        const kubeconfigPath = join(dir, 'kubeconfig');
        writeFileSync(kubeconfigPath, kubeconfigYaml(
            server,
            [{ name: 'admin', token: adminToken }, { name: 'viewer', token: viewerToken }],
            [{ name: 'admin', user: 'admin' }, { name: 'second', user: 'admin' }, { name: 'viewer', user: 'viewer' }],
            'admin',
        ));
        return { server, kubeconfigPath, adminToken, viewerToken, dir, stop };
    } catch (error) {
        await stop();
        throw error;
    }
}

/** GET /readyz with the admin token; the server's self-signed certificate is expected. */
async function readyz(server, token) {
    const { request } = await import('node:https');
    return new Promise(done => {
        const req = request(`${server}/readyz`, { headers: { Authorization: `Bearer ${token}` }, rejectUnauthorized: false }, res => {
            res.resume();
            done(res.statusCode === 200);
        });
        req.on('error', () => done(false));
        req.end();
    });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    const [command, dir] = process.argv.slice(2);
    try {
        if (command === 'build') {
            const paths = ensureKubeApiServer();
            console.log(`kube-apiserver: ${paths.kubeApiServer}\netcd: ${paths.etcd}`);
        } else if (command === 'start') {
            ensureKubeApiServer();
            const server = await startKubeApiServer({ dir: dir ? resolve(dir) : undefined, quiet: false });
            console.log(`API server ${server.server}; KUBECONFIG=${server.kubeconfigPath}; Ctrl-C stops it`);
            const shutdown = () => server.stop().then(() => process.exit(0));
            process.on('SIGINT', shutdown);
            process.on('SIGTERM', shutdown);
        } else {
            console.error('usage: node scripts/kube-apiserver.mjs build | start [DIR]');
            process.exit(2);
        }
    } catch (error) {
        log(error.message);
        process.exit(1);
    }
}
