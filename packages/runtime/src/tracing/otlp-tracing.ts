import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

/** A tracer whose spans go to an OTLP/HTTP collector; `shutdown` sends what is left. */
export interface OtlpTracing {
    readonly tracer: Tracer;
    /** The URL spans are posted to. */
    readonly url: string;
    shutdown(): Promise<void>;
}

/**
 * Exports spans as OTLP JSON over HTTP. `endpoint` is a collector's base URL
 * (`http://localhost:4318`, `/v1/traces` is appended) or the full traces URL.
 */
export function otlpTracing(endpoint: string): OtlpTracing {
    const url = /\/v1\/traces\/?$/.test(endpoint) ? endpoint : `${endpoint.replace(/\/+$/, '')}/v1/traces`;
    const provider = new TracerProvider({
        resource: resourceFromAttributes({ 'service.name': 'weft' }),
        spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }) })],
    });
    return { tracer: provider.getTracer('weft'), url, shutdown: () => provider.shutdown() };
}
