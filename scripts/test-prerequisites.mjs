// What the tests need from the machine, installed before any test starts (npm test runs this
// after the build): Debian packages for the sandbox, network, browser, terminal and Python
// (numpy, mypy) tests, a kube-apiserver built from Debian's source for the Kubernetes tests
// (7–10 minutes the first time) and code-server with its Node 24 for the VS Code test (8–17
// minutes the first time), both cached in ~/.cache/weft/. A test never installs or builds
// anything itself; a missing piece makes it fail and say what is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureAptPackages } from './lib/apt-packages.mjs';
import { CODE_SERVER_VERSION, ensureCodeServer } from './code-server.mjs';
import { ensureKubeApiServer } from './kube-apiserver.mjs';

const log = message => console.error(`test prerequisites: ${message}`);

/** Debian's own Python (not a pyenv or venv one), which python3-numpy installs into. */
const DEBIAN_PYTHON = '/usr/bin/python3';
const debianPythonHasNumpy = () => spawnSync(DEBIAN_PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

const packages = {
    runsc: { check: 'runsc', what: 'gVisor, the sandbox of sandboxed steps' },
    nftables: { check: 'nft', what: 'the firewall of a step\'s sandbox.network' },
    iproute2: { check: 'ip', what: 'network namespaces for sandbox.network' },
    'util-linux': { check: 'nsenter', what: 'nsenter, to start a sandbox in its namespace' },
    bsdutils: { check: 'script', what: 'script, a pseudo-terminal for the terminal output tests' },
    openssl: { check: 'openssl', what: 'OpenSSL, to check signatures interoperate' },
    git: { check: 'git', what: 'git, for the lineage tests that record a project\'s commit and dirty flag' },
    chromium: { check: 'chromium', what: 'headless Chromium for the browser tests' },
    'python3-numpy': { check: debianPythonHasNumpy, what: 'python3 and numpy, to check tensors interoperate and to run the Python steps of examples/house-prices' },
    mypy: { check: () => existsSync('/usr/bin/mypy'), what: 'Debian\'s mypy, to check that the generated Python contracts bite' },
};

try {
    const installed = ensureAptPackages(packages, { log, why: 'the tests' });
    if (installed.length === 0) log('Debian packages: all present');
    ensureKubeApiServer();
    log('kube-apiserver and etcd: ready');
    ensureCodeServer();
    log(`code-server ${CODE_SERVER_VERSION} on Node 24: ready`);
} catch (error) {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
}
