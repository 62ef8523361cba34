// Group commit in the SQLite run store: the writes of one turn of the event loop are one
// transaction, committed when the turn ends; what others act on commits before it returns.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreConflictError } from '../../src/store/run-store.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { node, plan } from '../execution/plan-fixtures.js';

function stores(): { writer: SqliteRunStore; reader: SqliteRunStore } {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'weft-group-')), 'runs.db');
    const writer = new SqliteRunStore(file);
    writer.createRun({ id: 'r', pipeline: 'p', plan: plan([node('a'), node('b')]), parameters: {}, root: '/', settings: {}, createdAt: 1 }, [
        { runId: 'r', id: 'a', node: 'a', state: 'pending', attempts: 0, failedForGood: false },
        { runId: 'r', id: 'b', node: 'b', state: 'pending', attempts: 0, failedForGood: false },
    ]);
    return { writer, reader: new SqliteRunStore(file) };
}

const turnEnds = (): Promise<void> => new Promise(resolve => setImmediate(resolve));

describe('group commit', () => {
    it('commits the writes of one turn together: another connection sees none of them until the turn ends, then all', async () => {
        const { writer, reader } = stores();
        // The run and its tasks were committed by createRun itself.
        expect(reader.tasks('r').map(task => task.state)).toEqual(['pending', 'pending']);
        writer.recordTransition({ runId: 'r', taskId: 'a', from: 'pending', to: 'allocating', at: 2, attempts: 1 });
        writer.recordTransition({ runId: 'r', taskId: 'a', from: 'allocating', to: 'running', at: 3 });
        writer.startAttempt('r', 'a', 1, 3);
        // The writer reads its own group; the other connection does not see it yet.
        expect(writer.tasks('r')[0]).toMatchObject({ state: 'running', attempts: 1 });
        expect(reader.tasks('r')[0]).toMatchObject({ state: 'pending', attempts: 0 });
        expect(reader.transitions('r')).toEqual([]);
        await turnEnds();
        await turnEnds();
        expect(reader.tasks('r')[0]).toMatchObject({ state: 'running', attempts: 1 });
        expect(reader.transitions('r').map(change => change.to)).toEqual(['allocating', 'running']);
        expect(reader.attempts('r')).toEqual([{ taskId: 'a', attempt: 1, startedAt: 3 }]);
        writer.close();
        reader.close();
    });

    it('commits a run\'s end, a claim and a pause before the method returns', () => {
        const { writer, reader } = stores();
        writer.setRunPaused('r', true);
        expect(reader.run('r')?.paused).toBe(true);
        writer.releaseRun('r', { pid: 1, host: 'h', startTime: 's' });
        expect(writer.claimRun('r', { pid: 2, host: 'h', startTime: 's' })).toBeUndefined();
        expect(reader.run('r')?.driver).toEqual({ pid: 2, host: 'h', startTime: 's' });
        writer.recordTransition({ runId: 'r', taskId: 'a', from: 'pending', to: 'skipped', at: 4 });
        writer.finishRun('r', 'completed', 5, { n: 1 });
        // finishRun committed the group with it: the transition made before it too.
        expect(reader.run('r')).toMatchObject({ status: 'completed', finishedAt: 5, outputs: { n: 1 } });
        expect(reader.tasks('r')[0]?.state).toBe('skipped');
        writer.close();
        reader.close();
    });

    it('keeps the rest of the group when a transition conflicts, and commits all of it on flush', () => {
        const { writer, reader } = stores();
        writer.recordTransition({ runId: 'r', taskId: 'a', from: 'pending', to: 'skipped', at: 2 });
        expect(() => writer.recordTransition({ runId: 'r', taskId: 'b', from: 'running', to: 'completed', at: 3 })).toThrow(StoreConflictError);
        writer.appendEvent('r', { at: 4, level: 'info', message: 'after the conflict' });
        writer.flush();
        expect(reader.tasks('r').map(task => task.state)).toEqual(['skipped', 'pending']);
        expect(reader.events('r').map(event => event.message)).toEqual(['after the conflict']);
        writer.close();
        reader.close();
    });

    it('tells afterCommit listeners once the group is committed, and at once when nothing waits', async () => {
        const { writer, reader } = stores();
        const told: string[] = [];
        writer.afterCommit(() => told.push('nothing waited'));
        writer.recordTransition({ runId: 'r', taskId: 'a', from: 'pending', to: 'skipped', at: 2 });
        writer.afterCommit(() => told.push(`committed: a is ${reader.tasks('r')[0]?.state}`));
        expect(told).toEqual(['nothing waited']);
        await turnEnds();
        await turnEnds();
        expect(told).toEqual(['nothing waited', 'committed: a is skipped']);
        writer.close();
        reader.close();
    });

    it('commits what is left when the store is closed', () => {
        const { writer, reader } = stores();
        writer.appendEvent('r', { at: 2, level: 'info', message: 'last words' });
        writer.close();
        expect(reader.events('r').map(event => event.message)).toEqual(['last words']);
        reader.close();
    });
});
