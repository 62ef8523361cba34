// Preloaded into each measured `weft` process (node --import): when it exits, writes its peak
// resident set size and the CPU time it used to the file named by WEFT_BENCH_USAGE_FILE.
import { writeFileSync } from 'node:fs';

const target = process.env.WEFT_BENCH_USAGE_FILE;
if (target) {
    process.on('exit', () => {
        const usage = process.resourceUsage();
        writeFileSync(target, JSON.stringify({
            peakBytes: usage.maxRSS * 1024, // maxRSS is in kibibytes
            cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, // microseconds, all threads
        }));
    });
}
