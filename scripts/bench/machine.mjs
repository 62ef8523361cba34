// What the benchmark ran on.
import * as os from 'node:os';

export function describeMachine() {
    const cpus = os.cpus();
    return {
        cpu: cpus[0]?.model.trim() ?? 'unknown',
        cores: os.availableParallelism?.() ?? cpus.length,
        memoryBytes: os.totalmem(),
        os: `${os.type()} ${os.release()} (${os.arch()})`,
        node: process.version,
        loadAverage: os.loadavg(),
    };
}
