/**
 * The worker's side of tracing. A worker has no exporter and no network of its own, so it records
 * the spans a step makes as JSON in `out/spans.json`; the runtime re-emits them as children of the
 * attempt's span (`tracing/worker-span-import.ts`). Only node builtins: this runs in the sandbox.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

/** Written to `out/` next to the outputs when the step made spans or attempt events. */
export const SPANS_FILE = 'spans.json';

type Attributes = Record<string, string | number | boolean>;

export interface RecordedEvent {
    readonly name: string;
    /** Milliseconds since the epoch (fractional). */
    readonly time: number;
    readonly attributes?: Attributes;
}

export interface RecordedSpan {
    readonly name: string;
    readonly startTime: number;
    readonly endTime: number;
    readonly attributes: Attributes;
    readonly events: readonly RecordedEvent[];
    /** Set when the step recorded an error on the span. */
    readonly error?: string;
    /** The step did not end it; it was ended when the attempt ended. */
    readonly unended?: boolean;
}

/** `spans.json`: the step's spans and the events it added to the attempt's span. */
export interface RecordedSpans {
    readonly spans: readonly RecordedSpan[];
    readonly attemptEvents: readonly RecordedEvent[];
}

interface OpenSpan {
    name: string;
    startTime: number;
    endTime?: number;
    attributes: Attributes;
    events: RecordedEvent[];
    error?: string;
}

const now = (): number => performance.timeOrigin + performance.now();

/**
 * The `trace` of a worker's step context: ids from `TRACEPARENT` (all zeros when untraced) and
 * a recorder for its spans and events, written by `write`.
 */
export function workerTrace(environment: Readonly<Record<string, string | undefined>>): {
    trace: { traceId: string; spanId: string; traceparent: string; addEvent: (name: string, attributes?: Readonly<Attributes>) => void; startSpan: (name: string, attributes?: Readonly<Attributes>) => unknown };
    write: (outDir: string) => void;
} {
    const traceparent = environment['TRACEPARENT'] ?? `00-${'0'.repeat(32)}-${'0'.repeat(16)}-00`;
    const [, traceId = '0'.repeat(32), spanId = '0'.repeat(16)] = traceparent.split('-');
    const spans: OpenSpan[] = [];
    const attemptEvents: RecordedEvent[] = [];
    const trace = {
        traceId, spanId, traceparent,
        addEvent: (name: string, attributes?: Readonly<Attributes>): void => { attemptEvents.push({ name, time: now(), ...(attributes ? { attributes: { ...attributes } } : {}) }); },
        startSpan: (name: string, attributes?: Readonly<Attributes>) => {
            const span: OpenSpan = { name, startTime: now(), attributes: { ...attributes }, events: [] };
            spans.push(span);
            return {
                setAttribute: (key: string, value: string | number | boolean): void => { span.attributes[key] = value; },
                addEvent: (eventName: string, eventAttributes?: Readonly<Attributes>): void => {
                    span.events.push({ name: eventName, time: now(), ...(eventAttributes ? { attributes: { ...eventAttributes } } : {}) });
                },
                recordError: (error: unknown): void => { span.error = error instanceof Error ? error.message : String(error); },
                end: (): void => { span.endTime ??= now(); },
            };
        },
    };
    const write = (outDir: string): void => {
        if (spans.length === 0 && attemptEvents.length === 0) return;
        const ended = now();
        const recorded: RecordedSpans = {
            spans: spans.map(span => ({
                name: span.name, startTime: span.startTime, endTime: span.endTime ?? ended, attributes: span.attributes, events: span.events,
                ...(span.error === undefined ? {} : { error: span.error }),
                ...(span.endTime === undefined ? { unended: true } : {}),
            })),
            attemptEvents,
        };
        writeFileSync(path.join(outDir, SPANS_FILE), JSON.stringify(recorded));
    };
    return { trace, write };
}
