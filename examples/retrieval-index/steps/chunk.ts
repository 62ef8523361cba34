import type { Chunk, Document } from './types.ts';

export interface ChunkInputs {
    readonly documents: readonly Document[];
    /** Words per chunk. */
    readonly size: number;
    /** Words shared by consecutive chunks of one section. */
    readonly overlap: number;
}

export interface ChunkOutputs {
    readonly chunks: Chunk[];
    /** Chunks per document id. */
    readonly counts: Record<string, number>;
}

interface Section {
    readonly heading?: string;
    readonly body: string;
}

/** The `## ` sections of a markdown document; text before the first one is a section without heading. */
export function sections(markdown: string): Section[] {
    const found: Section[] = [];
    let heading: string | undefined;
    let lines: string[] = [];
    const flush = (): void => {
        const body = lines.join(' ').trim();
        if (body !== '') found.push({ heading, body });
    };
    for (const line of markdown.split('\n')) {
        if (line.startsWith('# ')) continue;
        const match = /^##+\s+(.+)$/.exec(line);
        if (match) {
            flush();
            heading = match[1]!.trim();
            lines = [];
        } else {
            lines.push(line);
        }
    }
    flush();
    return found;
}

/**
 * `step chunk`: splits each section into windows of `size` words that overlap by `overlap`, and
 * prefixes each with its document title and section heading so that they are searchable too.
 */
export async function chunk(inputs: ChunkInputs): Promise<ChunkOutputs> {
    if (inputs.size <= 0 || inputs.overlap < 0 || inputs.overlap >= inputs.size) {
        throw new Error(`chunk: need 0 <= overlap < size, got size ${inputs.size} and overlap ${inputs.overlap}`);
    }
    const chunks: Chunk[] = [];
    const counts: Record<string, number> = {};
    for (const document of inputs.documents) {
        let ordinal = 0;
        for (const section of sections(document.text)) {
            const words = section.body.split(/\s+/).filter(word => word !== '');
            for (let start = 0; ; start += inputs.size - inputs.overlap) {
                const window = words.slice(start, start + inputs.size).join(' ');
                const prefix = [document.title, section.heading].filter(part => part !== undefined).join(' — ');
                chunks.push({ id: `${document.id}#${ordinal++}`, doc: document.id, title: document.title, section: section.heading, text: `${prefix}: ${window}` });
                if (start + inputs.size >= words.length) break;
            }
        }
        counts[document.id] = ordinal;
    }
    return { chunks, counts };
}
