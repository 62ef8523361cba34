import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dataset, Model, Tensor } from '../src/handles/index.js';
import { SqliteRunStore } from '../src/store/sqlite-run-store.js';
import { decodeValue, encodeValue } from '../src/store/value-codec.js';

describe('the run store', () => {
    it('keeps runs and events in a WAL-journaled file that a second connection reads', () => {
        const file = path.join(mkdtempSync(path.join(tmpdir(), 'weft-store-')), 'runs.sqlite');
        const writer = new SqliteRunStore(file);
        writer.createRun({ id: 'r', pipeline: 'p', plan: { planVersion: 1 } as never, parameters: { n: 1 }, root: '/x', settings: {}, createdAt: 5 });
        writer.appendEvent('r', { at: 6, taskId: 't', attempt: 1, level: 'info', message: 'hello', fields: { rows: 3 } });
        const reader = new SqliteRunStore(file);
        expect(reader.run('r')).toMatchObject({ id: 'r', status: 'running', parameters: { n: 1 }, root: '/x' });
        // The event waits in the writer's group commit until the turn ends or it is flushed.
        expect(reader.events('r', 't')).toEqual([]);
        writer.flush();
        expect(reader.events('r', 't')).toEqual([{ at: 6, taskId: 't', attempt: 1, level: 'info', message: 'hello', fields: { rows: 3 } }]);
        writer.close();
        reader.close();
    });

    it('gives the events past the first `skip`, as a follower of a run reads them', () => {
        const store = new SqliteRunStore();
        store.createRun({ id: 'r', pipeline: 'p', plan: { planVersion: 2 } as never, parameters: {}, root: '/x', settings: {}, createdAt: 5 });
        for (const [index, taskId] of ['a', 'b', 'a', 'a'].entries()) store.appendEvent('r', { at: index, taskId, level: 'info', message: `${taskId}${index}` });
        expect(store.events('r', undefined, 1).map(event => event.message)).toEqual(['b1', 'a2', 'a3']);
        expect(store.events('r', 'a', 2).map(event => event.message)).toEqual(['a3']);
        expect(store.events('r', 'a', 3)).toEqual([]);
        store.close();
    });
});

describe('the value codec', () => {
    it('brings handles, tensors and maps back as the same kinds of objects', () => {
        const tensor = new Tensor('f64', [2, 2] as const, Float64Array.from([1, 2.5, -3, 4]));
        const value = { data: new Dataset('/d.jsonl'), model: new Model('/m.json'), matrix: tensor, counts: new Map([['a', 1]]), list: [1, 'x'] };
        const decoded = decodeValue(JSON.parse(JSON.stringify(encodeValue(value)))) as typeof value;
        expect(decoded.data).toBeInstanceOf(Dataset);
        expect(decoded.model).toBeInstanceOf(Model);
        expect(decoded.matrix).toBeInstanceOf(Tensor);
        expect([...decoded.matrix.data]).toEqual([1, 2.5, -3, 4]);
        expect(decoded.matrix.shape).toEqual([2, 2]);
        expect(decoded.counts.get('a')).toBe(1);
        expect(decoded.list).toEqual([1, 'x']);
    });
});
