import { readFile } from 'node:fs/promises';
import { type Context, type Span, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { RecordedSpans } from '../worker/worker-spans.js';
import { WeftAttribute } from './span-attributes.js';

/**
 * Re-emits what a worker recorded in `spans.json` under the attempt's span: each step span as a
 * child with its own times, attributes, events and error; attempt events on the attempt span.
 * Re-emitted spans get ids of this process (the worker's are not exported). Returns how many spans.
 */
export async function importWorkerSpans(file: string, tracer: Tracer, attemptContext: Context, attempt: Span): Promise<number> {
    let recorded: RecordedSpans;
    try {
        recorded = JSON.parse(await readFile(file, 'utf8')) as RecordedSpans;
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
        throw error;
    }
    for (const event of recorded.attemptEvents ?? []) attempt.addEvent(event.name, event.attributes, event.time);
    for (const recordedSpan of recorded.spans ?? []) {
        const span = tracer.startSpan(recordedSpan.name, { startTime: recordedSpan.startTime, attributes: recordedSpan.attributes }, attemptContext);
        for (const event of recordedSpan.events) span.addEvent(event.name, event.attributes, event.time);
        if (recordedSpan.error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: recordedSpan.error });
        if (recordedSpan.unended) span.setAttribute(WeftAttribute.unended, true);
        span.end(recordedSpan.endTime);
    }
    return recorded.spans?.length ?? 0;
}
