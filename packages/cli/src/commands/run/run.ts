import * as path from 'node:path';
import type { RunOutcome, RunStore } from '@weft/runtime';
import type { CliIo } from '../../io.js';
import { compilePipeline } from './compile-pipeline.js';
import { projectAt } from './project.js';
import { writePythonContracts } from './python-contracts.js';
import { runPlan, type RunPlanOptions } from './run-plan.js';

export interface RunCommandOptions extends RunPlanOptions {
    readonly pipeline?: string;
}

/**
 * `weft run`: checks and generates the file (in memory), then runs the pipeline's plan
 * on the target's executor, recording it in `.weft/runs.db`. Ctrl-C cancels the run.
 */
export async function runFile(file: string, options: RunCommandOptions, io: CliIo, signal: AbortSignal): Promise<RunOutcome> {
    const weftFile = path.resolve(io.cwd, file);
    const project = projectAt(path.dirname(weftFile));
    const compiled = await compilePipeline(weftFile, project, options, io);
    const pythonModulePath = async (): Promise<string[]> => [await writePythonContracts(project.stateFolder, compiled.pythonContracts())];
    return runPlan({ ...compiled, root: path.dirname(weftFile), pythonModulePath }, project, options, io, signal);
}

export type { RunStore };
