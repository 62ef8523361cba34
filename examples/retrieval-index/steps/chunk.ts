import type { Dataset } from '@weft/runtime';
import type { Chunk, Document } from './types.ts';

export interface ChunkInputs {
    readonly documents: Dataset<Document>;
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

/** `step chunk`: reads the documents and splits them (see {@link chunkDocuments}). */
export async function chunk(inputs: ChunkInputs): Promise<ChunkOutputs> {
    return chunkDocuments(await inputs.documents.readAll(), inputs.size, inputs.overlap);
}

/**
 * Splits each section into windows of `size` words that overlap by `overlap`, and prefixes each
 * with its document title and section heading so that they are searchable too; the pure core
 * of the step.
 */
export function chunkDocuments(documents: readonly Document[], size: number, overlap: number): ChunkOutputs {
    if (size <= 0 || overlap < 0 || overlap >= size) {
        throw new Error(`chunk: need 0 <= overlap < size, got size ${size} and overlap ${overlap}`);
    }
    const chunks: Chunk[] = [];
    const counts: Record<string, number> = {};
    for (const document of documents) {
        let ordinal = 0;
        for (const section of sections(document.text)) {
            const words = section.body.split(/\s+/).filter(word => word !== '');
            for (let start = 0; ; start += size - overlap) {
                const window = words.slice(start, start + size).join(' ');
                const prefix = [document.title, section.heading].filter(part => part !== undefined).join(' — ');
                chunks.push({ id: `${document.id}#${ordinal++}`, doc: document.id, title: document.title, section: section.heading, text: `${prefix}: ${window}` });
                if (start + size >= words.length) break;
            }
        }
        counts[document.id] = ordinal;
    }
    return { chunks, counts };
}
