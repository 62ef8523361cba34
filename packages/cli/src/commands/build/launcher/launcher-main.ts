import * as path from 'node:path';
import { Command } from 'commander';
import { usePrebuiltBundles } from '@weft/runtime';
import { throwingCommand } from '../../../command-output.js';
import { ExitError, UserError } from '../../../errors.js';
import { ExitCode, reportEnding } from '../../../exit-codes.js';
import { type CliIo, processIo } from '../../../io.js';
import { interruptSignal } from '../../run/interrupt.js';
import { projectWithState } from '../../run/project.js';
import { addRunOptions } from '../../run/run-options.js';
import { runPlan, type RunPlanOptions } from '../../run/run-plan.js';
import { readManifest } from '../artifact-manifest.js';
import { parameterHelp } from './parameter-help.js';

interface LauncherOptions extends RunPlanOptions {
    readonly store: string;
}

/**
 * A built artifact's entry (bundled into `lib/runtime/launcher.mjs`; `folder` is the artifact's):
 * runs its pipeline with `weft run`'s code and options, its steps from the bundles `weft build`
 * made. Returns the exit code, as `weft run` would end.
 */
export async function main(args: readonly string[], folder: string, io: CliIo = processIo()): Promise<number> {
    try {
        const lib = path.join(folder, 'lib');
        const manifest = readManifest(lib);
        usePrebuiltBundles(new Map(manifest.steps.map(step => [`${step.module}#${step.export}`, {
            file: path.join(lib, step.file), hash: step.hash, code: step.code, inputs: step.inputs,
        }])));
        const subPlans = (call: { readonly plan: string }) => {
            const plan = manifest.subPlans[call.plan];
            if (plan === undefined) throw new Error(`the artifact has no plan ${call.plan}`);
            return plan;
        };
        const command = throwingCommand(new Command(path.basename(process.argv[1] ?? manifest.plan.pipeline))
            .description(`run the pipeline ${manifest.plan.pipeline} (built by weft build); exit 0 when it completed, 1 when it failed or was cancelled`)
            .helpOption('-h, --help', 'show help')
            .option('--store <folder>', 'the folder of the run store, the cache and the work folders', '.weft')
            .addHelpText('after', parameterHelp(manifest.plan)), io);
        addRunOptions(command).action(async (options: LauncherOptions) => {
            if (options.executor === 'inline') throw new UserError('--executor inline imports step modules from their sources, which an artifact does not carry; use process or gvisor');
            const project = projectWithState(io.cwd, path.resolve(io.cwd, options.store));
            const target = options.target.length === 0 && manifest.target !== undefined ? [manifest.target] : options.target;
            const interrupt = interruptSignal();
            try {
                const outcome = await runPlan({ plan: manifest.plan, subPlans, root: path.join(lib, manifest.root) }, project, { ...options, target }, io, interrupt.signal);
                if (outcome.status !== 'completed') throw new ExitError(ExitCode.ProblemsFound);
            } finally {
                interrupt.dispose();
            }
        });
        await command.parseAsync([...args], { from: 'user' });
        return ExitCode.Success;
    } catch (error) {
        return reportEnding(error, io);
    }
}
