// Typed error edges on small plans with mocks: declared errors routed to typed handlers, the
// untyped handler for the rest, recovery standing in for a failed node's outputs, `on exit`.
import { raisedError } from '@weft/contract';
import { describe, expect, it } from 'vitest';
import type { PlanNode, PlanSchema } from '../../src/contract/plan.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { literal, node, output, plan, stringSchema, workRoot } from './plan-fixtures.js';

type QualityTooLow = { readonly accuracy: number };
const QualityTooLow = raisedError<QualityTooLow>('QualityTooLow');
type DataDrift = { readonly column: string };
const DataDrift = raisedError<DataDrift>('DataDrift');

const numberSchema: PlanSchema = { type: 'number' };
const raises: PlanNode['raises'] = [
    { name: 'QualityTooLow', type: 'QualityTooLow', schema: { type: 'object', required: ['accuracy'], properties: { accuracy: numberSchema }, additionalProperties: false } },
    { name: 'DataDrift', type: 'DataDrift', schema: { type: 'object', required: ['column'], properties: { column: stringSchema }, additionalProperties: false } },
];
const failureField = (name: string) => ({ kind: 'member', receiver: { kind: 'failure' }, name }) as const;

/** `train` raises two errors; `low` handles QualityTooLow (reads `e.accuracy`), `other` every other failure. */
const handled = plan([
    { ...node('train', { outputs: ['score'], types: { score: numberSchema } }), raises },
    { ...node('low', { step: 'alert', onFailureOf: ['train'], arguments: { accuracy: failureField('accuracy') }, types: { accuracy: numberSchema } }), handles: { error: 'QualityTooLow' } },
    { ...node('other', { step: 'alert', onFailureOf: ['train'], arguments: { message: failureField('message') }, types: { message: stringSchema } }), handles: { except: ['QualityTooLow'] } },
]);

describe('typed handlers', () => {
    it('route a declared error to the handler of its type, with its fields as `e`; the untyped handler is skipped', async () => {
        const alerts: unknown[] = [];
        const store = new SqliteRunStore();
        const result = await runPipeline(handled, {}, {
            workRoot: workRoot(), store,
            mocks: {
                train: async () => { throw new QualityTooLow({ accuracy: 0.4 }); },
                alert: async (inputs: unknown) => { alerts.push(inputs); return { value: 1 }; },
            },
        });
        expect(result.status).toBe('failed');
        expect(result.failures).toMatchObject([{ step: 'train', error: 'QualityTooLow', raised: { type: 'QualityTooLow', fields: { accuracy: 0.4 } } }]);
        expect(alerts).toEqual([{ accuracy: 0.4 }]);
        const states = Object.fromEntries(result.tasks.map(task => [task.id, task.state]));
        expect(states).toEqual({ train: 'failed', low: 'completed', other: 'skipped' });
        expect(store.transitions(result.runId, 'other').at(-1)?.reason).toBe('train failed with QualityTooLow, which this handler does not take');
        expect(store.tasks(result.runId).find(task => task.id === 'train')?.failure?.raised).toEqual({ type: 'QualityTooLow', fields: { accuracy: 0.4 } });
    });

    it('send a declared error no typed handler takes, and an undeclared throw, to the untyped handler', async () => {
        for (const thrown of [new DataDrift({ column: 'age' }), new Error('disk full')]) {
            const alerts: unknown[] = [];
            const result = await runPipeline(handled, {}, {
                workRoot: workRoot(),
                mocks: {
                    train: async () => { throw thrown; },
                    alert: async (inputs: unknown) => { alerts.push(inputs); return { value: 1 }; },
                },
            });
            expect(alerts).toEqual([{ message: thrown.message }]);
            expect(result.tasks.find(task => task.id === 'low')?.state).toBe('skipped');
        }
    });

    it('treat a declared error whose fields break its type as a broken contract: no typed handler takes it', async () => {
        const alerts: unknown[] = [];
        const result = await runPipeline(handled, {}, {
            workRoot: workRoot(),
            mocks: {
                train: async () => { throw new QualityTooLow({ accuracy: 'low' as unknown as number }); },
                alert: async (inputs: unknown) => { alerts.push(inputs); return { value: 1 }; },
            },
        });
        expect(result.failures).toMatchObject([{ step: 'train', kind: 'step', error: 'RaisedErrorMismatchError', message: 'train raised QualityTooLow: accuracy is "low" (a string), expected a float' }]);
        expect(result.failures[0]).not.toHaveProperty('raised');
        expect(alerts).toEqual([{ message: 'train raised QualityTooLow: accuracy is "low" (a string), expected a float' }]);
    });

    it('treat an error type the step does not declare as a broken contract', async () => {
        const Unrelated = raisedError<{ note: string }>('Unrelated');
        const result = await runPipeline(handled, {}, {
            workRoot: workRoot(),
            mocks: { train: async () => { throw new Unrelated({ note: 'x' }); }, alert: async () => ({ value: 1 }) },
        });
        expect(result.failures[0]?.message).toBe('train raised Unrelated: a type the step does not declare, expected one of the step\'s `raises (QualityTooLow | DataDrift)`');
        expect(result.tasks.find(task => task.id === 'other')?.state).toBe('completed');
    });
});

describe('recovery', () => {
    /** `train` fails; the handler runs `fallback` and recovers train's `score` from it; `report` reads train.score. */
    const recovering = plan([
        {
            ...node('train', { outputs: ['score'], types: { score: numberSchema } }), raises,
            recover: [{ handles: { error: 'QualityTooLow' }, outputs: { score: { kind: 'binary', operator: '+', left: output('fallback', 'score'), right: failureField('accuracy') } }, needs: ['fallback'] }],
        },
        { ...node('fallback', { onFailureOf: ['train'], outputs: ['score'], types: { score: numberSchema } }), handles: { error: 'QualityTooLow' } },
        { ...node('report', { needs: ['train'], arguments: { score: output('train', 'score') }, types: { score: numberSchema } }), awaitsRecovery: ['fallback'] },
    ], { outputs: [{ name: 'score', type: 'float', value: output('train', 'score') }] });

    it('replaces the failed node\'s outputs with the recovered ones: dependants run with them and the run completes', async () => {
        const reported: unknown[] = [];
        const store = new SqliteRunStore();
        const result = await runPipeline(recovering, {}, {
            workRoot: workRoot(), store,
            mocks: {
                train: async () => { throw new QualityTooLow({ accuracy: 0.25 }); },
                fallback: async () => ({ score: 0.5 }),
                report: async (inputs: unknown) => { reported.push(inputs); return { value: 1 }; },
            },
        });
        expect(result.status).toBe('completed');
        expect(result.outputs).toEqual({ score: 0.75 });
        expect(reported).toEqual([{ score: 0.75 }]);
        expect(result.failures).toEqual([]);
        expect(Object.fromEntries(result.tasks.map(task => [task.id, task.state]))).toEqual({ train: 'failed', fallback: 'completed', report: 'completed' });
        expect(store.run(result.runId)?.status).toBe('completed');
        expect(store.events(result.runId).some(event => event.taskId === 'train' && event.message.startsWith('recovered: train failed (QualityTooLow)'))).toBe(true);
    });

    it('runs dependants with the real outputs when the node succeeds (the skipped handler does not skip them)', async () => {
        const reported: unknown[] = [];
        const result = await runPipeline(recovering, {}, {
            workRoot: workRoot(),
            mocks: {
                train: async () => ({ score: 0.9 }),
                fallback: async () => ({ score: 0.5 }),
                report: async (inputs: unknown) => { reported.push(inputs); return { value: 1 }; },
            },
        });
        expect(result.status).toBe('completed');
        expect(result.outputs).toEqual({ score: 0.9 });
        expect(reported).toEqual([{ score: 0.9 }]);
        expect(result.tasks.find(task => task.id === 'fallback')?.state).toBe('skipped');
    });

    it('does not recover a failure its handler does not take: dependants are skipped and the run fails', async () => {
        const result = await runPipeline(recovering, {}, {
            workRoot: workRoot(),
            mocks: {
                train: async () => { throw new DataDrift({ column: 'age' }); },
                fallback: async () => ({ score: 0.5 }),
                report: async () => ({ value: 1 }),
            },
        });
        expect(result.status).toBe('failed');
        expect(Object.fromEntries(result.tasks.map(task => [task.id, task.state]))).toEqual({ train: 'failed', fallback: 'skipped', report: 'skipped' });
    });
});

describe('a recovery that cannot be evaluated', () => {
    it('leaves the failure as it was, with the reason logged: dependants are skipped and the run fails', async () => {
        const broken = plan([
            { ...node('train', { outputs: ['score'], types: { score: numberSchema } }), raises, recover: [{ handles: {}, outputs: { score: failureField('nowhere') }, needs: [] }] },
            { ...node('report', { needs: ['train'], arguments: { score: output('train', 'score') }, types: { score: numberSchema } }) },
        ]);
        const store = new SqliteRunStore();
        const result = await runPipeline(broken, {}, {
            workRoot: workRoot(), store,
            mocks: { train: async () => { throw new Error('boom'); }, report: async () => ({ value: 1 }) },
        });
        expect(result.status).toBe('failed');
        expect(result.tasks.find(task => task.id === 'report')?.state).toBe('skipped');
        expect(store.events(result.runId).some(event => event.taskId === 'train' && event.level === 'error' && event.message.startsWith('not recovered: '))).toBe(true);
    });
});

describe('on exit', () => {
    const exiting = plan([
        node('train'),
        { ...node('cleanup', { arguments: { tag: literal('done') }, types: { tag: stringSchema } }), onExitOf: ['train'] },
    ]);

    it('runs after the call completes and after it fails for good', async () => {
        for (const train of [async () => ({ value: 1 }), async () => { throw new Error('boom'); }]) {
            const ran: unknown[] = [];
            const result = await runPipeline(exiting, {}, {
                workRoot: workRoot(),
                mocks: { train, cleanup: async (inputs: unknown) => { ran.push(inputs); return { value: 1 }; } },
            });
            expect(ran).toEqual([{ tag: 'done' }]);
            expect(result.tasks.find(task => task.id === 'cleanup')?.state).toBe('completed');
        }
    });
});
