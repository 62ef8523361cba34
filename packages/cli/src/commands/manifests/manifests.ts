import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkPlanVersion, type CompiledPlan, type GeneratedModules, type SubPlanLoader } from '@weft/runtime';
import type { PlannedJob } from '@weft/runtime/kubernetes';
import { stringify } from 'yaml';
import { UserError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { buildPlan } from '../run/run.js';
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
    readonly target: string;
    readonly root: string;
    readonly cacheDir: string;
    readonly planDir: string;
    readonly generatedModules: GeneratedModules;
}

const renderers: Readonly<Record<ManifestFormat, (input: ManifestInput) => Promise<string>>> = {
    jobs: async input => {
        // Loaded here: the kubernetes module is heavy and no other command needs it.
        const { planJobs } = await import('@weft/runtime/kubernetes');
        return jobsYaml(await planJobs(input.plan, input.parameters, input.target, { root: input.root, cacheDir: input.cacheDir, planDir: input.planDir, generatedModules: input.generatedModules }));
    },
    argo: async input => {
        const { argoBundles, argoDocuments, argoExport, toYaml } = await import('@weft/runtime/argo');
        // Called pipelines are inlined from their plans beside this one, as `weft run` does.
        const subPlans: SubPlanLoader = call => checkPlanVersion(JSON.parse(readFileSync(path.join(input.planDir, call.plan), 'utf8')));
        const target = input.plan.targets.find(candidate => candidate.name === input.target)!;
        const bundles = await argoBundles(input.plan, input.root, input.cacheDir, subPlans, input.generatedModules);
        return toYaml(argoDocuments(argoExport(input.plan, target, { bundles, parameters: input.parameters, subPlans })));
    },
};

/**
 * `weft manifests`: checks and generates the file, then writes what would run on a kubernetes
 * target as YAML documents — by default the Jobs `weft run` creates (first attempts).
 */
export async function manifests(file: string, options: ManifestsOptions, io: CliIo): Promise<string> {
    const weftFile = path.resolve(io.cwd, file);
    const project = projectAt(path.dirname(weftFile));
    const { plan, planDir, generatedModules } = await buildPlan(weftFile, project, { ...(options.pipeline === undefined ? {} : { pipeline: options.pipeline }), format: 'text' }, io);
    const target = kubernetesTargetName(plan, options.target);
    const parameters = parseParameters(plan, options.param, io.cwd, path.dirname(weftFile));
    return renderers[options.format]({ plan, parameters, target, root: path.dirname(weftFile), cacheDir: project.stateFolder, planDir, generatedModules });
}

/** The target named, which must be a kubernetes one, or the pipeline's first kubernetes target. */
function kubernetesTargetName(plan: CompiledPlan, name: string | undefined): string {
    const kubernetes = plan.targets.filter(target => target.kind === 'kubernetes').map(target => target.name);
    if (name === undefined) {
        if (kubernetes[0] === undefined) throw new UserError(`${plan.pipeline} has no kubernetes target; its targets are: ${plan.targets.map(target => target.name).join(', ') || 'none'}`);
        return kubernetes[0];
    }
    const target = plan.targets.find(candidate => candidate.name === name);
    if (!target) throw new UserError(`${plan.pipeline} has no target ${name}; its targets are: ${plan.targets.map(candidate => candidate.name).join(', ') || 'none'}`);
    if (target.kind !== 'kubernetes') throw new UserError(`target ${name} is a ${target.kind} target; weft manifests writes Jobs for kubernetes targets (${kubernetes.join(', ') || 'none here'})`);
    return name;
}

/** One YAML document per Job, a note as a comment above it. */
export function jobsYaml(jobs: readonly PlannedJob[]): string {
    return jobs.map(({ job, note }) => `---\n${note ? `# ${note}\n` : ''}${stringify(job, { lineWidth: 0 })}`).join('');
}
