// The steps of hostile.weft: each leaves a trap in out/ for the host.
import { closeSync, openSync, symlinkSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { File } from '@weft/runtime';

/** Writes `out/outputs.json` of `mebibytes` itself and exits as a completed worker would. */
export async function hugeOutputs(inputs: { mebibytes: number }, ctx: { workDir: string }): Promise<{ text: string }> {
    const fd = openSync(path.join(ctx.workDir, 'outputs.json'), 'w');
    writeSync(fd, '{"text":"');
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    for (let index = 0; index < inputs.mebibytes; index++) writeSync(fd, chunk);
    writeSync(fd, '"}');
    closeSync(fd);
    process.exit(0);
}

/** Links `out/leak.txt` to `target` (a host file) and returns it as a File. */
export async function linkOut(inputs: { target: string }, ctx: { workDir: string }): Promise<{ leak: File }> {
    symlinkSync(inputs.target, path.join(ctx.workDir, 'leak.txt'));
    return { leak: new File(path.join(ctx.workDir, 'leak.txt')) };
}
