// A plan from outside the process (a file, a stored run, an Argo binding) is checked once where it
// is read: its version, then the plan's JSON Schema. What passes is trusted from then on.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { CompiledPlan } from '../../src/contract/plan.js';
import { PlanVersionError } from '../../src/contract/plan-version.js';
import { resumeRun } from '../../src/execution/resume-run.js';
import { PlanReadError, readPlan } from '../../src/plan/read-plan.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { node as nodeOf, plan as planOf } from '../execution/plan-fixtures.js';

const plan: CompiledPlan = {
    planVersion: 3, pipeline: 'p', source: { file: 'p.weft', line: 1 }, parameters: [], outputs: [], where: [], nodes: [], artifacts: [],
    targets: [{ name: 'local', kind: 'sandbox', members: { runtime: 'process' }, pools: [], source: { file: 'p.weft', line: 3 } }],
};

/** A plan written before version 3, kept at 2 on purpose: version 2 is a subset of 3 and still read. */
const versionTwoPlan: CompiledPlan = { ...plan, planVersion: 2 };

/** One step node whose implementation is `implementation` (a function of an older plan, or a command). */
function withImplementation(implementation: unknown): CompiledPlan {
    const [node] = planOf([nodeOf('step')]).nodes;
    return { ...plan, nodes: [{ ...node!, call: { ...node!.call, implementation } as never }] };
}

describe('readPlan of step implementations', () => {
    it('reads a function without a language (older plans), a function with one, and a command with its folder', () => {
        for (const implementation of [
            { module: 'steps.ts', export: 'step' },
            { module: 'steps/train.py', export: 'train', language: 'python' },
            { command: ['sh', './steps/double.sh'], directory: 'pipelines' },
        ]) {
            expect(readPlan(JSON.stringify(withImplementation(implementation)), 'p.plan.json').nodes[0]!.call).toMatchObject({ implementation });
        }
    });

    it('refuses an empty command, a command without its folder, and a mix of both kinds', () => {
        for (const implementation of [
            { command: [], directory: '.' },
            { command: ['sh'] },
            { command: ['sh'], directory: '.', module: 'steps.ts', export: 'step' },
        ]) {
            expect(() => readPlan(JSON.stringify(withImplementation(implementation)), 'p.plan.json')).toThrow(/^p\.plan\.json is not a plan this runtime can run: \/nodes\/0\/call/);
        }
    });
});

describe('readPlan', () => {
    it('gives the plan a text holds', () => {
        expect(readPlan(JSON.stringify(plan), 'p.plan.json')).toEqual(plan);
    });

    it('reads a plan of version 2, written before version 3, as it reads one of 3', () => {
        expect(readPlan(JSON.stringify(versionTwoPlan), 'old/p.plan.json')).toEqual(versionTwoPlan);
    });

    it('refuses another version with the version error, naming where the plan came from and the versions it reads', () => {
        const read = () => readPlan(JSON.stringify({ ...plan, planVersion: 1 }), 'build/p.plan.json');
        expect(read).toThrow(new PlanReadError('build/p.plan.json', new PlanVersionError(1, [2, 3]).message));
        expect(read).toThrow('build/p.plan.json is not a plan this runtime can run: the plan has version 1, but this runtime reads versions 2 and 3; regenerate it with a matching `weft generate`');
        expect(() => readPlan(JSON.stringify({ ...plan, planVersion: 4 }), 'build/p.plan.json'))
            .toThrow('build/p.plan.json is not a plan this runtime can run: the plan has version 4, but this runtime reads versions 2 and 3; regenerate it with a matching `weft generate`');
        const { planVersion: _, ...unversioned } = plan;
        expect(() => readPlan(JSON.stringify(unversioned), 'build/p.plan.json'))
            .toThrow('build/p.plan.json is not a plan this runtime can run: this is not a Weft plan (it has no planVersion); regenerate it with `weft generate`');
    });

    it('refuses a text that is not JSON, and a plan the schema rejects, saying where', () => {
        expect(() => readPlan('{"planVersion": 2,', 'p.plan.json')).toThrow(/^p\.plan\.json is not a plan this runtime can run: it is not JSON \(/);
        const cloud = { ...plan, targets: [{ ...plan.targets[0]!, kind: 'cloud' }] };
        expect(() => readPlan(JSON.stringify(cloud), 'p.plan.json'))
            .toThrow(new PlanReadError('p.plan.json', '/targets/0/kind must be equal to one of the allowed values'));
        const { nodes: _, ...withoutNodes } = plan;
        expect(() => readPlan(JSON.stringify(withoutNodes), 'p.plan.json'))
            .toThrow('p.plan.json is not a plan this runtime can run: the plan must have required property \'nodes\'');
    });
});

describe('a stored plan', () => {
    function storeWithRun(): string {
        const file = path.join(mkdtempSync(path.join(tmpdir(), 'weft-read-plan-')), 'runs.sqlite');
        const store = new SqliteRunStore(file);
        store.createRun({ id: 'r1', pipeline: 'p', plan, parameters: {}, root: '/x', settings: { target: 'local' }, createdAt: 5 });
        store.close();
        return file;
    }

    function overwritePlan(file: string, text: string): void {
        const db = new DatabaseSync(file);
        db.prepare('UPDATE runs SET plan = ? WHERE id = ?').run(text, 'r1');
        db.close();
    }

    it('is the object handed in for the store that recorded it, and read once from its text by another', () => {
        const file = storeWithRun();
        const writer = new SqliteRunStore(file);
        writer.createRun({ id: 'r2', pipeline: 'p', plan, parameters: {}, root: '/x', settings: {}, createdAt: 6 });
        expect(writer.run('r2')!.plan).toBe(plan);
        const reader = new SqliteRunStore(file);
        const read = reader.run('r1')!.plan;
        expect(read).toEqual(plan);
        expect(read).not.toBe(plan);
        expect(reader.run('r1')!.plan).toBe(read);
        writer.close();
        reader.close();
    });

    it('of another version is one clear error where it is used, and listing runs still works', async () => {
        const file = storeWithRun();
        overwritePlan(file, JSON.stringify({ ...plan, planVersion: 1 }));
        const store = new SqliteRunStore(file);
        expect(store.runs().map(run => run.id)).toEqual(['r1']);
        const message = 'the stored plan of run r1 is not a plan this runtime can run: the plan has version 1, but this runtime reads versions 2 and 3; regenerate it with a matching `weft generate`';
        expect(() => store.run('r1')!.plan).toThrow(new PlanReadError('the stored plan of run r1', new PlanVersionError(1, [2, 3]).message));
        await expect(resumeRun('r1', { store })).rejects.toThrow(message);
        store.close();
    });

    it('of version 2, stored before version 3, is read as it was stored', () => {
        const file = storeWithRun();
        overwritePlan(file, JSON.stringify(versionTwoPlan));
        const store = new SqliteRunStore(file);
        expect(store.run('r1')!.plan).toEqual(versionTwoPlan);
        store.close();
    });

    it('is not checked against the schema again: the runtime checked or compiled it before storing it', () => {
        const file = storeWithRun();
        const cloud = { ...plan, targets: [{ ...plan.targets[0]!, kind: 'cloud' }] };
        overwritePlan(file, JSON.stringify(cloud));
        const store = new SqliteRunStore(file);
        expect(store.run('r1')!.plan).toEqual(cloud);
        store.close();
    });

    it('that is not JSON is the same error, not a SyntaxError', () => {
        const file = storeWithRun();
        overwritePlan(file, '{"planVersion": 2, "pipe');
        const store = new SqliteRunStore(file);
        expect(() => store.run('r1')!.plan).toThrow(PlanReadError);
        expect(() => store.run('r1')!.plan).toThrow(/^the stored plan of run r1 is not a plan this runtime can run: it is not JSON \(/);
        store.close();
    });
});
