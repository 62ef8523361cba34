import { Command, Option } from 'commander';
import type { CliIo } from '../../io.js';
import { type ManifestsOptions, manifestFormats, manifests } from './manifests.js';

/** `weft manifests <file> [--pipeline P] [--target T] [--param k=v …] [--format jobs|argo]`. */
export function manifestsCommand(io: CliIo): Command {
    return new Command('manifests')
        .description('print, as YAML, the Kubernetes Jobs a pipeline would create on a kubernetes target, or an Argo Workflow (for review and GitOps)')
        .argument('<file>', 'the .weft file that declares the pipeline')
        .option('-p, --pipeline <name>', 'the pipeline (needed when the file declares several)')
        .option('-t, --target <name>', "the kubernetes target (default: the pipeline's first kubernetes target)")
        .option('--param <name=value>', 'a pipeline parameter (repeatable), as for weft run', (value: string, previous: readonly string[]) => [...previous, value], [] as string[])
        .addOption(new Option('-f, --format <format>', 'what to write: jobs (batch/v1 Jobs) or argo (one Argo Workflow and the ConfigMaps it needs)').choices([...manifestFormats]).default('jobs'))
        .action(async (file: string, options: ManifestsOptions) => {
            io.stdout.write(await manifests(file, options, io));
        });
}
