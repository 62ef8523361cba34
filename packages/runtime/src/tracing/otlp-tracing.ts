import { type Context, ROOT_CONTEXT, type TextMapPropagator, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BatchSpanProcessor, type Sampler, TracerProvider } from '@opentelemetry/sdk-trace';
import { otelSettings, tracesUrlOf } from './otel-environment.js';
import { extractFromEnvironment, tracePropagator } from './trace-propagation.js';

/** A tracer whose spans go to an OTLP/HTTP collector; `shutdown` sends what is left. */
export interface OtlpTracing {
    readonly tracer: Tracer;
    /** The URL spans are posted to. */
    readonly url: string;
    shutdown(): Promise<void>;
}

export interface OtlpTracingOptions {
    /** The full traces URL (`…/v1/traces`). */
    readonly url: string;
    readonly headers?: Readonly<Record<string, string>>;
    /** Resource attributes; `service.name` is `weft` unless given. */
    readonly resource?: Readonly<Record<string, string>>;
    readonly sampler?: Sampler;
}

/**
 * Exports spans as OTLP JSON over HTTP. Given a string: a collector's base URL
 * (`http://localhost:4318`, `/v1/traces` is appended) or the full traces URL.
 */
export function otlpTracing(endpoint: string | OtlpTracingOptions): OtlpTracing {
    const options = typeof endpoint === 'string' ? { url: tracesUrlOf(endpoint) } : endpoint;
    const provider = new TracerProvider({
        resource: resourceFromAttributes({ 'service.name': 'weft', ...options.resource }),
        sampler: options.sampler ?? new AlwaysOnSampler(),
        spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: options.url, ...(options.headers ? { headers: { ...options.headers } } : {}) }) })],
    });
    return { tracer: provider.getTracer('weft'), url: options.url, shutdown: () => provider.shutdown() };
}

/** Tracing as the environment asks for it: the exporter (absent when no endpoint is set), the incoming trace to continue, and the propagator for steps. */
export interface EnvironmentTracing {
    readonly tracing?: OtlpTracing;
    /** The context of an incoming `TRACEPARENT` (and baggage), or the root context. */
    readonly parent: Context;
    readonly propagator: TextMapPropagator;
}

/**
 * What `weft run` traces with: `endpoint` (`--otlp`) or the `OTEL_*` variables choose the
 * collector, headers, service name, sampler and propagators; the environment's trace context
 * (a CI job's `TRACEPARENT`) becomes the run span's parent. Throws `TracingConfigError` for an
 * unusable `OTEL_*` value.
 */
export function tracingFromEnvironment(environment: Readonly<Record<string, string | undefined>>, endpoint?: string): EnvironmentTracing {
    const settings = otelSettings(environment, endpoint);
    if (!settings) return { parent: ROOT_CONTEXT, propagator: tracePropagator(undefined) };
    return {
        tracing: otlpTracing({ url: settings.tracesUrl, headers: settings.headers, resource: settings.resource, sampler: settings.sampler }),
        parent: extractFromEnvironment(settings.propagator, environment),
        propagator: settings.propagator,
    };
}
