import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactFormatError, Dataset, File, Model, ShapeError, Tensor, decodeNpy, encodeNpy } from '../src/index.js';

const folder = () => mkdtempSync(path.join(tmpdir(), 'weft-handles-'));

describe('Dataset', () => {
    it('writes JSON Lines and reads the records back in order, skipping blank lines', async () => {
        const file = path.join(folder(), 'nested', 'rows.jsonl');
        const written = await Dataset.write(file, [{ id: 'a', n: 1 }, { id: 'b', n: 2 }]);
        expect(readFileSync(file, 'utf8')).toBe('{"id":"a","n":1}\n{"id":"b","n":2}\n');
        writeFileSync(file, `${readFileSync(file, 'utf8')}\n\n{"id":"c","n":3}\n`);
        expect(await written.readAll()).toEqual([{ id: 'a', n: 1 }, { id: 'b', n: 2 }, { id: 'c', n: 3 }]);
    });

    it('names the line that is not JSON', async () => {
        const file = path.join(folder(), 'bad.jsonl');
        writeFileSync(file, '{"ok":true}\n{oops\n');
        await expect(new Dataset(file).readAll()).rejects.toThrow(new ArtifactFormatError(file, 'line 2 is not JSON'));
    });
});

describe('Model and File', () => {
    it('store and read back their content', async () => {
        const base = folder();
        const model = await Model.writeJson<string, number>(path.join(base, 'model.json'), { weights: [1, 2] });
        expect(await model.readJson()).toEqual({ weights: [1, 2] });
        const file = await File.write(path.join(base, 'a', 'report.md'), '# hi\n');
        expect(await file.readText()).toBe('# hi\n');
        expect([...await file.readBytes()]).toEqual([...Buffer.from('# hi\n')]);
    });
});

describe('Tensor', () => {
    it('checks that the elements fill the shape', () => {
        expect(() => new Tensor('f32', [2, 3], new Float32Array(5))).toThrow(ShapeError);
        expect(new Tensor('f32', [2, 3], new Float32Array(6)).shape).toEqual([2, 3]);
    });

    it.each([
        ['f32', new Float32Array([1.5, -2, 3.25, 4, 5, 6])],
        ['f64', new Float64Array([1e-300, 2, 3, 4, 5, 6])],
        ['i32', new Int32Array([-1, 2, 3, 4, 5, 2_000_000_000])],
        ['i64', new BigInt64Array([-1n, 2n, 3n, 4n, 5n, 9_007_199_254_740_993n])],
        ['u8', new Uint8Array([0, 1, 2, 253, 254, 255])],
        ['bool', new Uint8Array([1, 0, 1, 0, 0, 1])],
        ['bf16', new Uint16Array([0x3f80, 0, 1, 2, 3, 4])],
    ] as const)('round-trips %s through .npy', async (dtype, data) => {
        const file = path.join(folder(), `${dtype}.npy`);
        await new Tensor(dtype, [2, 3], data).writeNpy(file);
        const read = await Tensor.readNpy(file, dtype);
        expect(read.dtype).toBe(dtype);
        expect(read.shape).toEqual([2, 3]);
        expect([...read.data]).toEqual([...data]);
    });

    it('writes headers padded to 64 bytes, as numpy does', () => {
        const bytes = encodeNpy({ dtype: 'f32', shape: [3], data: new Float32Array([1, 2, 3]) });
        const headerEnd = 10 + new DataView(bytes.buffer).getUint16(8, true);
        expect(headerEnd % 64).toBe(0);
        expect(Buffer.from(bytes.subarray(10, headerEnd)).toString('latin1')).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(3,\), \} *\n$/);
    });

    it('rejects Fortran order, a wrong dtype and a file that is not .npy', () => {
        const encoded = Buffer.from(encodeNpy({ dtype: 'f64', shape: [1], data: new Float64Array([1]) }));
        expect(() => decodeNpy(encoded, 'x.npy', 'f32')).toThrow('holds f64 elements, not f32');
        const fortran = Buffer.from(encoded.toString('latin1').replace("'fortran_order': False", "'fortran_order': True "), 'latin1');
        expect(() => decodeNpy(fortran, 'x.npy')).toThrow('Fortran order');
        expect(() => decodeNpy(Buffer.from('hello world'), 'x.npy')).toThrow('not a .npy file');
    });

    // Debian's Python, which has numpy (python3-numpy, installed before the tests), whatever python3 a PATH finds first.
    const python = '/usr/bin/python3';
    it('reads what numpy writes and numpy reads what it writes', async () => {
        const base = folder();
        const fromNumpy = path.join(base, 'np.npy');
        const saved = spawnSync(python, ['-c', `import numpy as np; np.save(${JSON.stringify(fromNumpy)}, np.arange(6, dtype=np.int32).reshape(2, 3))`], { encoding: 'utf8' });
        expect(saved.status, saved.stderr).toBe(0);
        const read = await Tensor.readNpy(fromNumpy, 'i32');
        expect(read.shape).toEqual([2, 3]);
        expect([...read.data]).toEqual([0, 1, 2, 3, 4, 5]);
        const ours = path.join(base, 'ours.npy');
        await new Tensor('f32', [3], new Float32Array([0.5, 1, 2])).writeNpy(ours);
        const printed = spawnSync(python, ['-c', `import numpy as np; a = np.load(${JSON.stringify(ours)}); print(a.dtype, a.shape, a.tolist())`], { encoding: 'utf8' });
        expect(printed.stdout.trim(), printed.stderr).toBe('float32 (3,) [0.5, 1.0, 2.0]');
    });
});
