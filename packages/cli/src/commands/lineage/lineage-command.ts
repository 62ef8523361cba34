import { Command, Option } from 'commander';
import { artifactLineage, LineageLookupError, resolveDigest, runLineage, type RunStore } from '@weft/runtime';
import { UserError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { openStore, projectAt } from '../run/project.js';
import { formatLineageMermaid } from './format-lineage-mermaid.js';
import { formatLineageText } from './format-lineage-text.js';

/** `weft lineage <artifact-digest|run> [--format text|mermaid|json]`. */
export function lineageCommand(io: CliIo): Command {
    return new Command('lineage')
        .description('show where an artifact came from and what used it, or everything a run consumed and produced')
        .argument('<id>', 'an artifact digest (sha256:… or a unique prefix of its hex digits) or a run id (or a unique prefix)')
        .addOption(new Option('-f, --format <format>', 'text, a Mermaid flowchart, or JSON').choices(['text', 'mermaid', 'json']).default('text'))
        .action((id: string, options: { format: 'text' | 'mermaid' | 'json' }) => {
            const store = openStore(projectAt(io.cwd));
            try {
                const graph = lineageOf(store, id);
                const text = options.format === 'json' ? `${JSON.stringify(graph)}\n` : options.format === 'mermaid' ? formatLineageMermaid(graph) : formatLineageText(graph);
                io.stdout.write(text);
            } finally {
                store.close();
            }
        });
}

/** A run (by id or unique prefix) or an artifact (by digest or unique prefix); `sha256:` forces a digest. */
function lineageOf(store: RunStore, id: string) {
    try {
        const runs = id.toLowerCase().startsWith('sha256:') ? [] : store.runs().filter(run => run.id.startsWith(id));
        if (runs.length === 1 && runs[0]!.id === id) return runLineage(store, id);
        let digest: string | undefined;
        let digestProblem: LineageLookupError | undefined;
        try {
            digest = resolveDigest(store, id);
        } catch (error) {
            if (!(error instanceof LineageLookupError)) throw error;
            digestProblem = error;
        }
        if (digest !== undefined && runs.length > 0) throw new UserError(`${id} names a run and an artifact; give more of the run id, or sha256:${id} for the artifact`);
        if (digest !== undefined) return artifactLineage(store, digest);
        if (runs.length === 1) return runLineage(store, runs[0]!.id);
        if (runs.length > 1) throw new UserError(`${id} names ${runs.length} runs; give more of the id`);
        throw new UserError(digestProblem!.reason === 'unknown' ? `there is no run or artifact ${id} in this project (see \`weft runs\`)` : digestProblem!.message);
    } catch (error) {
        if (error instanceof LineageLookupError) throw new UserError(error.message, { cause: error });
        throw error;
    }
}
