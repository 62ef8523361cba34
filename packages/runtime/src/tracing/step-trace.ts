import { type Context, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { StepSpan, StepTrace } from '../contract/step-context.js';

/** The `trace` of an in-process step's context: its spans are children of the attempt's span. */
export function stepTrace(tracer: Tracer, attemptContext: Context): StepTrace {
    const attempt = trace.getSpan(attemptContext);
    const spanContext = attempt?.spanContext() ?? trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 }).spanContext();
    const flags = spanContext.traceFlags.toString(16).padStart(2, '0');
    return {
        traceId: spanContext.traceId,
        spanId: spanContext.spanId,
        traceparent: `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`,
        addEvent: (name, attributes) => { attempt?.addEvent(name, attributes); },
        startSpan: (name, attributes): StepSpan => {
            const span = tracer.startSpan(name, attributes ? { attributes } : {}, attemptContext);
            return {
                setAttribute: (key, value) => { span.setAttribute(key, value); },
                addEvent: (eventName, eventAttributes) => { span.addEvent(eventName, eventAttributes); },
                recordError: error => { span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) }); },
                end: () => { span.end(); },
            };
        },
    };
}
