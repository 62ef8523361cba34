// Makes sure gVisor's `runsc` is installed before the demo runs steps in sandboxes: installs it
// with apt when it is missing and we are root, and otherwise says how. Never falls back to
// running steps without isolation.
import { ensureAptPackages } from './lib/apt-packages.mjs';

try {
    ensureAptPackages({ runsc: { check: 'runsc', what: 'gVisor, the sandbox each step of the demo runs in' } },
        { log: message => console.error(`weft: ${message}`), why: 'the demo\'s gVisor sandboxes' });
} catch (error) {
    console.error(`weft: ${error.message}`);
    console.error('weft: on a machine without apt, install gVisor from https://gvisor.dev/docs/user_guide/install/');
    process.exit(1);
}
