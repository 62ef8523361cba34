import * as path from 'node:path';
import type { CompiledPlan, GeneratedModules, SubPlanLoader } from '@weft/runtime';
import { colorsFor } from '../../colors.js';
import { ExitError, UserError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { formatDiagnosticLine } from '../check/format-text.js';
import type { GeneratedFile } from '@weft/language';
import { compile } from '../generate/generate.js';
import { generatedModulesOf } from '../generate/generated-modules.js';
import type { Project } from './project.js';
import { firstPythonStep, type PythonStepCall } from './python-steps.js';

/** What `weft run` and `weft manifests` run: the chosen pipeline's plan, compiled now from the `.weft` sources. */
export interface CompiledPipeline {
    readonly plan: CompiledPlan;
    /** The plans of the pipelines it calls, from the same compilation. */
    readonly subPlans: SubPlanLoader;
    /** The generated modules of these sources, which step bundles take instead of those on disk. */
    readonly generatedModules: GeneratedModules;
    /** The first step implemented in Python it calls, for what cannot run one to refuse the run before it starts. */
    readonly pythonStep: PythonStepCall | undefined;
    /** The Python contracts of these sources (`weft generate --lang python`), which Python steps import. */
    readonly pythonContracts: () => readonly GeneratedFile[];
}

/**
 * Checks and generates the file in memory and chooses its pipeline; diagnostics with errors end
 * the command with exit code 1, after `refusal` (`not run`) and their count. Nothing depends on
 * an earlier `weft generate`: the plans are the language's objects, handed on as they are, and
 * steps get their generated contracts from memory.
 */
export async function compilePipeline(weftFile: string, project: Project, options: { readonly pipeline?: string; readonly format: 'text' | 'json'; readonly refusal?: string }, io: CliIo): Promise<CompiledPipeline> {
    const root = path.dirname(weftFile);
    const compilation = await compile({ cwd: io.cwd, paths: [weftFile], root });
    const errors = compilation.diagnostics.filter(diagnostic => diagnostic.severity === 'error');
    if (errors.length > 0) {
        const stream = options.format === 'json' ? io.stderr : io.stdout;
        const colors = colorsFor(stream, io.env);
        stream.write(compilation.diagnostics.map(diagnostic => `${formatDiagnosticLine(diagnostic, colors)}\n`).join(''));
        io.stderr.write(`${options.refusal ?? 'not run'}: ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}\n`);
        throw new ExitError(ExitCode.ProblemsFound);
    }
    const source = path.basename(weftFile);
    const declared = new Map(compilation.plans.filter(file => file.plan.source.file === source).map(file => [file.plan.pipeline, file.plan]));
    const names = [...declared.keys()].sort();
    const chosen = options.pipeline ?? (names.length === 1 ? names[0] : undefined);
    if (chosen === undefined) {
        throw new UserError(names.length === 0 ? `${path.relative(io.cwd, weftFile)} declares no pipeline` : `${path.relative(io.cwd, weftFile)} declares several pipelines; pick one with --pipeline: ${names.join(', ')}`);
    }
    const plan = declared.get(chosen);
    if (plan === undefined) throw new UserError(`${path.relative(io.cwd, weftFile)} has no pipeline ${chosen}; its pipelines are: ${names.join(', ') || 'none'}`);
    // A call names its callee's plan file relative to the root, as the compilation's paths are.
    const byFile = new Map(compilation.plans.map(file => [file.path, file.plan]));
    const subPlans: SubPlanLoader = call => {
        const called = byFile.get(call.plan);
        if (called === undefined) throw new Error(`the compilation has no plan ${call.plan}`);
        return called;
    };
    return { plan, subPlans, generatedModules: generatedModulesOf(compilation, project.folder), pythonStep: firstPythonStep(plan, byFile), pythonContracts: compilation.pythonFiles };
}
