import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { BundleError, bundleStep } from './bundle-step.js';
import type { GeneratedModules } from './generated-modules.js';
import { prebuiltBundle } from './prebuilt-bundles.js';
import { type CompiledPlan, isCommandImplementation, type PlanImplementation } from '../contract/plan.js';
import { commandCode } from '../executors/command-code.js';
import { pythonInterpreter } from '../executors/python-launch.js';
import { pythonStepCode } from './python-sources.js';

/**
 * A step's code as it runs: the digest of its bundle's code (what esbuild makes of the module,
 * the project modules and the packages it imports, and Weft's codec; comments and source maps
 * left out) and each file the bundle was made from, by content digest. The one notion of "the
 * step's code changed" for the cache key and for `resumeRun`: a comment-only edit is no change,
 * an edited helper or package file is.
 */
export interface StepCode {
    /** `sha256:` and the hex digest of the bundle's code. */
    readonly digest: string;
    /** Each file the bundle read, by its place (`steps/train.ts`, `node_modules/left-pad/index.js`, `@weft/runtime/…`): `sha256:` digest. */
    readonly files: Readonly<Record<string, string>>;
}

/** The key of a step's code in {@link stepCodeDigests}: its module and export, or its command and folder. */
export function stepCodeKey(implementation: PlanImplementation): string {
    if (isCommandImplementation(implementation)) return `command ${JSON.stringify(implementation.command)} in ${implementation.directory}`;
    return `${implementation.module}#${implementation.export}`;
}

/**
 * The code of one step implementation, bundled as the out-of-process executors bundle it (in
 * `<cacheDir>/bundles`, remade only when a file it read changed); a command's is its strings and
 * the project files they name (executors/command-code.ts); a Python step's is its sources (python-sources.ts).
 */
export async function stepCode(root: string, implementation: PlanImplementation, cacheDir: string, generated?: GeneratedModules): Promise<StepCode> {
    if (isCommandImplementation(implementation)) return commandCode(root, implementation);
    if (implementation.language === 'python') return pythonStepCode(root, implementation, pythonInterpreter({}));
    // esbuild reads the runtime's files before it finds out: a missing module (a step only ever mocked) would cost seconds.
    // A prebuilt bundle needs no module: an artifact carries bundles, not sources.
    const prebuilt = prebuiltBundle(implementation.module, implementation.export) !== undefined;
    if (!prebuilt && !existsSync(path.resolve(root, implementation.module))) throw new BundleError(implementation.module, 'the module does not exist');
    const bundle = await bundleStep(root, implementation.module, implementation.export, cacheDir, generated);
    return { digest: bundle.code, files: bundle.inputs };
}

/**
 * The code of each step implementation of the plan, by {@link stepCodeKey}. One that cannot be
 * bundled (a module with a syntax error) has none: its tasks record no code and are not cached,
 * and its attempts report why it cannot be bundled. A step whose every call is mocked (`mocks`,
 * by step name) is not bundled: its code is the mock's source text, so a mock's result is cached
 * under a key of its own, never under the real step's.
 */
export async function stepCodeDigests(plan: CompiledPlan, root: string, cacheDir: string, generated?: GeneratedModules,
    mocks: Readonly<Record<string, unknown>> = {}): Promise<Map<string, StepCode>> {
    const steps = new Map<string, { readonly implementation: PlanImplementation; readonly names: Set<string> }>();
    for (const node of plan.nodes) {
        if (node.call.kind !== 'step') continue;
        const key = stepCodeKey(node.call.implementation);
        const entry = steps.get(key) ?? { implementation: node.call.implementation, names: new Set<string>() };
        entry.names.add(node.call.step);
        steps.set(key, entry);
    }
    const codes = await Promise.all([...steps].map(async ([key, { implementation, names }]) => {
        const mock = names.size === 1 ? mocks[[...names][0]!] : undefined;
        const code = mock === undefined ? await stepCode(root, implementation, cacheDir, generated).catch(() => undefined) : mockCode(mock);
        return [key, code] as const;
    }));
    return new Map(codes.flatMap(([key, code]) => code === undefined ? [] : [[key, code] as const]));
}

function mockCode(mock: unknown): StepCode {
    return { digest: `sha256:${createHash('sha256').update(`mock\0${String(mock)}`).digest('hex')}`, files: {} };
}
