// Installs Debian packages whose commands are missing: one line per package, `apt-get update` once.
// Used by the test prerequisites, the demo and the kube-apiserver build; they run as root on a
// Debian machine (a fresh CI machine among them) and say what to do anywhere else.
import { spawnSync } from 'node:child_process';

/** Whether `command` is on PATH (or the sbin folders, which a non-login root shell may lack). */
export function hasCommand(command) {
    const path = `${process.env.PATH ?? ''}:/usr/local/sbin:/usr/sbin:/sbin`;
    return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore', env: { ...process.env, PATH: path } }).status === 0;
}

/**
 * `wanted` maps a check to its Debian package: a check is a command name, or a function that
 * returns whether the thing is there. Installs each missing package and returns their names;
 * throws with what to run by hand when it cannot install (not root, no apt-get, apt failed).
 */
export function ensureAptPackages(wanted, { log = message => console.error(message), why = 'the tests' } = {}) {
    const isThere = check => (typeof check === 'function' ? check() : hasCommand(check));
    const missing = [...new Set(Object.entries(wanted).filter(([, { check }]) => !isThere(check)).map(([name]) => name))];
    if (missing.length === 0) return [];
    if (process.getuid?.() !== 0 || !hasCommand('apt-get')) {
        throw new Error(`${why} need the Debian packages ${missing.join(', ')}: run \`apt-get install ${missing.join(' ')}\` as root, then run again`);
    }
    const apt = (args, { quiet } = {}) => {
        const result = spawnSync('apt-get', args, {
            stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'],
            env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        });
        if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
    };
    apt(['update', '-qq'], { quiet: true });
    for (const name of missing) {
        log(`installing ${name} (${wanted[name].what}) with apt-get`);
        apt(['install', '-y', '-qq', name], { quiet: true });
        if (!isThere(wanted[name].check)) throw new Error(`apt-get installed ${name}, but ${wanted[name].what} is still not usable`);
    }
    return missing;
}
