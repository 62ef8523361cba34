// Makes sure gVisor's `runsc` is installed before the demo runs steps in sandboxes: installs it
// with apt when it is missing and we are root, and otherwise says how. Never falls back to
// running steps without isolation.
import { spawnSync } from 'node:child_process';

const has = command => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

if (!has('runsc')) {
    if (process.getuid?.() === 0 && has('apt-get')) {
        console.error('weft: installing gVisor (apt-get install runsc)…');
        const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
        const install = update.status === 0
            ? spawnSync('apt-get', ['install', '-y', '-qq', 'runsc'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
            : update;
        if (install.status !== 0) {
            console.error('weft: could not install runsc; install gVisor (https://gvisor.dev/docs/user_guide/install/) and run again.');
            process.exit(1);
        }
    } else {
        console.error('weft: the demo runs its steps in gVisor sandboxes, and `runsc` is not installed.');
        console.error('      Install it as root (`sudo apt-get install runsc` on Debian and Ubuntu, or see');
        console.error('      https://gvisor.dev/docs/user_guide/install/), then run `npm run demo` again as root.');
        process.exit(1);
    }
}
