import { Command, Option } from 'commander';
import type { CliIo } from '../../io.js';
import { formatLineageMermaid } from './format-lineage-mermaid.js';
import { formatLineageText } from './format-lineage-text.js';
import { lineage } from './lineage.js';

/** `weft lineage <artifact-digest|run> [--format text|mermaid|json]`. */
export function lineageCommand(io: CliIo): Command {
    return new Command('lineage')
        .description('show where an artifact came from and what used it, or everything a run consumed and produced')
        .argument('<id>', 'an artifact digest (sha256:… or a unique prefix of its hex digits) or a run id (or a unique prefix)')
        .addOption(new Option('-f, --format <format>', 'text, a Mermaid flowchart, or JSON').choices(['text', 'mermaid', 'json']).default('text'))
        .action(async (id: string, options: { format: 'text' | 'mermaid' | 'json' }) => {
            const graph = await lineage({ id }, io);
            io.stdout.write(options.format === 'json' ? `${JSON.stringify(graph)}\n` : options.format === 'mermaid' ? formatLineageMermaid(graph) : formatLineageText(graph));
        });
}
