import { type Context, type Span, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { readAttemptJson } from '../artifacts/attempt-files.js';
import { type RecordedSpans, SPANS_FILE } from '../worker/worker-spans.js';
import { WeftAttribute } from './span-attributes.js';

/** `spans.json` holds a step's own spans; more is not tracing data. */
const SPANS_LIMIT = { bytes: 4 * 1024 * 1024, name: 'spans.json\'s limit' };

/**
 * Re-emits what a worker recorded in `out/spans.json` under the attempt's span: each step span as a
 * child with its own times, attributes, events and error; attempt events on the attempt span.
 * Re-emitted spans get ids of this process (the worker's are not exported). Returns how many spans.
 * The file is read as everything a step leaves (attempt-files.ts: no links, regular, bounded).
 */
export async function importWorkerSpans(outDir: string, tracer: Tracer, attemptContext: Context, attempt: Span): Promise<number> {
    const recorded = await readAttemptJson(outDir, SPANS_FILE, SPANS_LIMIT) as RecordedSpans | undefined;
    if (recorded === undefined) return 0;
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
