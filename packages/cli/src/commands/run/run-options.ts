import { type Command, Option } from 'commander';
import { executorKinds } from './executor-for.js';

/** The options of a run, shared by `weft run` and a built artifact's launcher (run-plan.ts reads them). */
export function addRunOptions(command: Command): Command {
    return command
        .option('-t, --target <name>', "the target to run on (default: the pipeline's first); repeat it to spread a run over several kubernetes targets", collect, [])
        .option('--param <name=value>', 'a pipeline parameter (repeatable), read by its declared type: 3, 0.5, true, text, 30s, 512Mi, JSON lists and records, paths or artifact names for datasets, models and files', collect, [])
        .addOption(new Option('-f, --format <format>', 'text, or one JSON object {runId, status, outputs} last on stdout').choices(['text', 'json']).default('text'))
        .option('--explain-cache', 'say for each task why the cache hit or missed')
        .option('--otlp <url>', 'export a span per run, task and attempt over OTLP/HTTP to this collector (e.g. http://localhost:4318); wins over OTEL_EXPORTER_OTLP_ENDPOINT')
        .addOption(new Option('--executor <kind>', "run steps with this executor instead of the target's runtime").choices([...executorKinds]));
}

function collect(value: string, previous: readonly string[]): string[] {
    return [...previous, value];
}
