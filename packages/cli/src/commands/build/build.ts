import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { bundleStep, chooseTargets, type CompiledPlan, isCommandImplementation, type GeneratedModules, type SubPlanLoader } from '@weft/runtime';
import { UserError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { compilePipeline } from '../run/compile-pipeline.js';
import { refusePythonStep } from '../run/python-steps.js';
import { type Project, projectAt } from '../run/project.js';
import { ARTIFACT_VERSION, type ArtifactManifest, type ArtifactStep, MANIFEST_FILE } from './artifact-manifest.js';
import { bundleLauncher } from './bundle-launcher.js';
import { launcherScript } from './launcher-script.js';
import { runtimeFolder, workerSource } from './runtime-files.js';

export interface BuildOptions {
    readonly pipeline?: string;
    readonly out: string;
    readonly target?: string;
}

/** What `weft build` made. */
export interface BuiltArtifact {
    /** The executable at the top of the artifact's folder. */
    readonly launcher: string;
    readonly steps: number;
    /** The artifact's size on disk, in bytes. */
    readonly bytes: number;
}

/**
 * `weft build`: checks the file as `weft run` does (the same diagnostics and exit codes), then
 * writes into `options.out` a self-contained artifact of the pipeline that needs Node.js alone:
 *
 *     <pipeline>               the launcher (see launcher-script.ts)
 *     lib/artifact.json        the plan, the plans it calls, the bundles by step (artifact-manifest.ts)
 *     lib/steps/<sha256>.mjs   each step implementation, bundled
 *     lib/root/                the data files the plan's datasets and models name, where the plan's root had them
 *     lib/runtime/             the launcher's code (the CLI's run code and the runtime, bundled) and the step worker
 */
export async function buildArtifact(file: string, options: BuildOptions, io: CliIo): Promise<BuiltArtifact> {
    const weftFile = path.resolve(io.cwd, file);
    const root = path.dirname(weftFile);
    const project = projectAt(root);
    const { plan, subPlans, generatedModules, pythonStep } = await compilePipeline(weftFile, project, { ...(options.pipeline ? { pipeline: options.pipeline } : {}), format: 'text', refusal: 'not built' }, io);
    refusePythonStep(pythonStep, 'weft build');
    if (options.target !== undefined) chooseTargets(plan, [options.target]);
    if (plan.pipeline === LIB) throw new UserError(`a pipeline named ${LIB} cannot be built: its launcher would take the name of the artifact's ${LIB} folder`);
    const called = calledPlans(plan, subPlans);
    const plans = [plan, ...Object.values(called)];
    // Everything that can be refused is done before `out` is touched: a failed build leaves it as it was.
    const bundles = await bundleSteps(plans, root, project, generatedModules);
    const data = dataFiles(plans, root);
    const out = path.resolve(io.cwd, options.out);
    clearOut(out, io);
    const lib = path.join(out, LIB);
    const steps = writeSteps(bundles, lib);
    mkdirSync(path.join(lib, 'root'), { recursive: true });
    for (const relative of data) cpSync(path.join(root, relative), path.join(lib, 'root', relative), { recursive: true });
    const runtime = path.join(lib, 'runtime');
    mkdirSync(runtime, { recursive: true });
    for (const [name, text] of Object.entries(runtimeFolder())) writeFileSync(path.join(runtime, name), text);
    cpSync(workerSource(), path.join(runtime, 'dist', 'worker'), { recursive: true, filter: source => !source.endsWith('.map') && !source.endsWith('.d.ts') });
    await bundleLauncher(path.join(runtime, 'launcher.mjs'));
    const manifest: ArtifactManifest = {
        artifactVersion: ARTIFACT_VERSION, plan, subPlans: called, steps, root: 'root',
        ...(options.target !== undefined ? { target: options.target } : {}),
    };
    writeFileSync(path.join(lib, MANIFEST_FILE), `${JSON.stringify(manifest)}\n`);
    const launcher = path.join(out, plan.pipeline);
    writeFileSync(launcher, launcherScript(plan.pipeline));
    chmodSync(launcher, 0o755);
    return { launcher, steps: steps.length, bytes: sizeOf(out) };
}

/** The folder beside the launcher that holds everything else. */
export const LIB = 'lib';

/** Makes `out` ready for an artifact: it must be new, empty, or an earlier artifact (replaced whole). */
function clearOut(out: string, io: CliIo): void {
    if (!existsSync(out)) return;
    if (!statSync(out).isDirectory()) throw new UserError(`--out ${path.relative(io.cwd, out) || '.'} is a file, not a folder`);
    const entries = readdirSync(out);
    if (entries.length === 0) return;
    if (!existsSync(path.join(out, LIB, MANIFEST_FILE))) {
        throw new UserError(`--out ${path.relative(io.cwd, out) || '.'} is neither empty nor an artifact of weft build; give a new folder`);
    }
    for (const entry of entries) rmSync(path.join(out, entry), { recursive: true, force: true });
}

/** The plans of the pipelines `plan` calls, directly or not, by the `plan` of each call. */
function calledPlans(plan: CompiledPlan, load: SubPlanLoader): Record<string, CompiledPlan> {
    const plans: Record<string, CompiledPlan> = {};
    const visit = (caller: CompiledPlan): void => {
        for (const node of caller.nodes) {
            if (node.call.kind !== 'pipeline' || plans[node.call.plan] !== undefined) continue;
            plans[node.call.plan] = load(node.call);
            visit(plans[node.call.plan]!);
        }
    };
    visit(plan);
    return plans;
}

/** Bundles every step implementation the plans call, as `weft run` would. */
async function bundleSteps(plans: readonly CompiledPlan[], root: string, project: Project, generated: GeneratedModules): Promise<ArtifactStep[]> {
    const implementations = new Map<string, { readonly module: string; readonly export: string }>();
    for (const node of plans.flatMap(plan => plan.nodes)) {
        if (node.call.kind !== 'step') continue;
        const implementation = node.call.implementation;
        if (isCommandImplementation(implementation)) throw new UserError(`step \`${node.call.step}\` (node ${node.id}) runs a command, and weft build cannot carry command steps yet: run it with weft run`);
        implementations.set(`${implementation.module}#${implementation.export}`, implementation);
    }
    return Promise.all([...implementations.values()].map(async implementation => {
        const bundle = await bundleStep(root, implementation.module, implementation.export, project.stateFolder, generated);
        return { ...bundle, module: implementation.module, export: implementation.export };
    }));
}

/** Copies the bundles into `lib/steps/`, named by digest; returns them with their paths relative to the artifact's folder. */
function writeSteps(bundles: readonly ArtifactStep[], lib: string): ArtifactStep[] {
    mkdirSync(path.join(lib, 'steps'), { recursive: true });
    return bundles.map(bundle => {
        const file = path.join('steps', `${bundle.hash.replace(/^sha256:/, '')}.mjs`);
        copyFileSync(bundle.file, path.join(lib, file));
        // A sandboxed step runs as another user and reads its bundle through a bind mount.
        chmodSync(path.join(lib, file), 0o644);
        return { module: bundle.module, export: bundle.export, file, hash: bundle.hash, code: bundle.code, inputs: bundle.inputs };
    });
}

/**
 * The files of the plans' datasets and models (`file:` URIs, relative to the `.weft` file that
 * declares them), relative to the root: the artifact carries them at the same places under
 * `lib/root/`. A file that does not exist yet (a model a run writes) is left out; one outside the
 * root is refused.
 */
function dataFiles(plans: readonly CompiledPlan[], root: string): string[] {
    const files = new Set<string>();
    for (const artifact of plans.flatMap(plan => plan.artifacts)) {
        const uri = artifact.members['uri'];
        if (typeof uri !== 'string' || !uri.startsWith('file:')) continue;
        const source = path.resolve(root, path.dirname(artifact.source.file), uri.slice('file:'.length));
        const relative = path.relative(root, source);
        if (relative.startsWith('..') || path.isAbsolute(relative)) {
            throw new UserError(`${artifact.kind} ${artifact.name} (${uri}) is outside ${root}, the folder of the pipeline's file: an artifact carries only files under it`);
        }
        if (existsSync(source)) files.add(relative);
    }
    return [...files];
}

function sizeOf(file: string): number {
    const stat = statSync(file);
    if (!stat.isDirectory()) return stat.size;
    return readdirSync(file).reduce((sum, name) => sum + sizeOf(path.join(file, name)), 0);
}
