import * as path from 'node:path';
import { chooseTargets, type CompiledPlan, type GeneratedModules, type KubernetesTarget, type SubPlanLoader } from '@weft/runtime';
import type { PlannedJob } from '@weft/runtime/kubernetes';
import { stringify } from 'yaml';
import type { CliIo } from '../../io.js';
import { compilePipeline } from '../run/compile-pipeline.js';
import { writePythonContracts } from '../run/python-contracts.js';
import { parseParameters } from '../run/run-parameters.js';
import { projectAt } from '../run/project.js';

export interface ManifestsOptions {
    readonly pipeline?: string;
    readonly target?: string;
    readonly param: readonly string[];
    readonly format: ManifestFormat;
}

/** What `--format` can write: the Jobs `weft run` creates, or one Argo Workflow with its ConfigMaps. */
export const manifestFormats = ['jobs', 'argo'] as const;
export type ManifestFormat = (typeof manifestFormats)[number];

/** What a format needs: the plan, its bound parameters, the kubernetes target and where to bundle. */
interface ManifestInput {
    readonly plan: CompiledPlan;
    readonly parameters: Readonly<Record<string, unknown>>;
    readonly target: KubernetesTarget;
    readonly root: string;
    readonly cacheDir: string;
    readonly subPlans: SubPlanLoader;
    readonly generatedModules: GeneratedModules;
    /** Folders whose `.py` files Python steps import (the run's generated Python contracts). */
    readonly pythonModulePath: readonly string[];
    readonly warn: (line: string) => void;
}

const renderers: Readonly<Record<ManifestFormat, (input: ManifestInput) => Promise<string>>> = {
    jobs: async input => {
        // Loaded here: the kubernetes module is heavy and no other command needs it.
        const { planJobs } = await import('@weft/runtime/kubernetes');
        return jobsYaml(await planJobs(input.plan, input.parameters, input.target, {
            root: input.root, cacheDir: input.cacheDir, subPlans: input.subPlans, generatedModules: input.generatedModules, pythonModulePath: input.pythonModulePath,
        }));
    },
    argo: async input => {
        const { argoBundles, argoDocuments, argoExport, toYaml } = await import('@weft/runtime/argo');
        const { subPlans } = input;
        const target = input.plan.targets.find(candidate => candidate.name === input.target.name)!;
        const bundles = await argoBundles(input.plan, input.root, input.cacheDir, subPlans, input.generatedModules, input.pythonModulePath);
        const exported = argoExport(input.plan, target, { bundles, parameters: input.parameters, subPlans });
        for (const warning of exported.warnings) input.warn(`warning: ${warning}`);
        return toYaml(argoDocuments(exported));
    },
};

/**
 * `weft manifests`: checks and generates the file, then writes what would run on a kubernetes
 * target as YAML documents — by default the Jobs `weft run` creates (first attempts).
 */
export async function manifests(file: string, options: ManifestsOptions, io: CliIo): Promise<string> {
    const weftFile = path.resolve(io.cwd, file);
    const project = projectAt(path.dirname(weftFile));
    const { plan, subPlans, generatedModules, pythonStep, pythonContracts } = await compilePipeline(weftFile, project, { ...(options.pipeline === undefined ? {} : { pipeline: options.pipeline }), format: 'text' }, io);
    const [target] = chooseTargets(plan, options.target === undefined ? [] : [options.target], { kind: 'kubernetes', purpose: 'weft manifests writes Jobs for kubernetes targets' });
    const parameters = parseParameters(plan, options.param, io.cwd, path.dirname(weftFile));
    const warn = (line: string): void => { io.stderr.write(`${line}\n`); };
    const pythonModulePath = pythonStep ? [await writePythonContracts(project.stateFolder, pythonContracts())] : [];
    return renderers[options.format]({ plan, parameters, target, root: path.dirname(weftFile), cacheDir: project.stateFolder, subPlans, generatedModules, pythonModulePath, warn });
}

/** One YAML document per Job, a note as a comment above it. */
export function jobsYaml(jobs: readonly PlannedJob[]): string {
    return jobs.map(({ job, note }) => `---\n${note ? `# ${note}\n` : ''}${stringify(job, { lineWidth: 0 })}`).join('');
}
