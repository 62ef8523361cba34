// The code of a Python step: its module, the project modules it imports, its dependency files and
// its interpreter make its cache key; an edited helper module is a miss.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleError } from '../../src/bundling/bundle-step.js';
import { pythonStepCode } from '../../src/bundling/python-sources.js';
import { FileTaskCache } from '../../src/caching/file-task-cache.js';
import type { PlanNode } from '../../src/contract/plan.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { createExecutor } from '../../src/executors/create-executor.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { literal, node, output, parameter, plan, workRoot } from '../execution/plan-fixtures.js';

/** A project whose step `steps/double.py` imports a package module, a sibling module and the standard library. */
function project(): string {
    const root = mkdtempSync(path.join(tmpdir(), 'weft-python-cache-'));
    mkdirSync(path.join(root, 'steps'));
    mkdirSync(path.join(root, 'lib'));
    writeFileSync(path.join(root, 'steps', 'double.py'), [
        'import json, os.path',
        'from lib.factor import FACTOR',
        'from . import sibling',
        'from typing import (Any,',
        '    Mapping)',
        '',
        'def double(inputs, ctx):',
        '    return {"value": inputs.x * FACTOR}',
        '',
    ].join('\n'));
    writeFileSync(path.join(root, 'steps', 'sibling.py'), 'NAME = "sibling"\n');
    writeFileSync(path.join(root, 'lib', '__init__.py'), '');
    writeFileSync(path.join(root, 'lib', 'factor.py'), 'FACTOR = 2\n');
    writeFileSync(path.join(root, 'unrelated.py'), 'X = 1\n');
    return root;
}

const implementation = { module: 'steps/double.py', export: 'double' };

describe('the code of a Python step', () => {
    it('covers its module and the project modules it imports, not the standard library', () => {
        const code = pythonStepCode(project(), implementation, 'python3');
        expect(Object.keys(code.files)).toEqual(['lib/__init__.py', 'lib/factor.py', 'python:python3', 'steps/double.py', 'steps/sibling.py']);
        expect(code.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    });

    it('changes with an imported helper, a dependency file or the interpreter, and not with a file it does not import', () => {
        const root = project();
        const before = pythonStepCode(root, implementation, 'python3').digest;
        writeFileSync(path.join(root, 'unrelated.py'), 'X = 2\n');
        expect(pythonStepCode(root, implementation, 'python3').digest).toBe(before);
        writeFileSync(path.join(root, 'lib', 'factor.py'), 'FACTOR = 3\n');
        const helperChanged = pythonStepCode(root, implementation, 'python3').digest;
        expect(helperChanged).not.toBe(before);
        writeFileSync(path.join(root, 'requirements.txt'), 'numpy==1.24.2\n');
        const withRequirements = pythonStepCode(root, implementation, 'python3');
        expect(withRequirements.files['requirements.txt']).toMatch(/^sha256:/);
        expect(withRequirements.digest).not.toBe(helperChanged);
        expect(pythonStepCode(root, implementation, '/usr/bin/python3.11').digest).not.toBe(withRequirements.digest);
    });

    it('is a BundleError for a module that does not exist', () => {
        expect(() => pythonStepCode(project(), { module: 'steps/missing.py' }, 'python3')).toThrow(BundleError);
    });

    it('keys the cache: a rerun hits, an edited helper module misses and names it', async () => {
        const root = project();
        const cacheDir = path.join(root, '.weft');
        const cache = new FileTaskCache(path.join(cacheDir, 'cache'));
        const executor = createExecutor('process', { cacheDir });
        const store = new SqliteRunStore();
        const doubling = node('d', { step: 'double', arguments: { x: parameter('x') }, settings: { cache: literal(true) } });
        const python: PlanNode = { ...doubling, call: { ...doubling.call, kind: 'step', implementation: { ...implementation, language: 'python' } } as PlanNode['call'] };
        const pipeline = plan([python], { parameters: [{ name: 'x', type: 'int' }], outputs: [{ name: 'y', type: 'int', value: output('d', 'value') }] });
        const run = async () => {
            const result = await runPipeline(pipeline, { x: 5 }, { root, cache, store, executor, cacheDir, workRoot: workRoot() });
            return { outputs: result.outputs, event: store.events(result.runId, 'd')[0]!.message };
        };
        expect(await run()).toEqual({ outputs: { y: 10 }, event: 'cache miss: double was never cached before' });
        expect((await run()).event).toMatch(/^cache hit/);
        writeFileSync(path.join(root, 'lib', 'factor.py'), 'FACTOR = 3  # a helper the step imports\n');
        const edited = await run();
        expect(edited.event).toMatch(/^cache miss: implementation changed \(lib\/factor\.py\) since run /);
        expect(edited.outputs).toEqual({ y: 15 });
    }, 60_000);
});
