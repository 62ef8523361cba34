// The step of oom.weft: holds `megabytes` of memory (written, so the pages are really used).
export async function hog(inputs: { megabytes: number }): Promise<{ held: number }> {
    const blocks: Buffer[] = [];
    for (let index = 0; index < inputs.megabytes / 16; index++) blocks.push(Buffer.alloc(16 * 1024 * 1024, 1));
    return { held: blocks.length * 16 };
}
