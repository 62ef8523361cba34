import type { TextMapPropagator } from '@opentelemetry/api';
import { parseKeyPairsIntoRecord } from '@opentelemetry/core';
import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, type Sampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { tracePropagator } from './trace-propagation.js';
import { TracingConfigError } from './tracing-config-error.js';

/** What the standard `OTEL_*` variables ask of Weft's tracing. */
export interface OtelSettings {
    /** Where spans are posted. */
    readonly tracesUrl: string;
    readonly headers: Readonly<Record<string, string>>;
    /** `service.name` and the other resource attributes. */
    readonly resource: Readonly<Record<string, string>>;
    readonly sampler: Sampler;
    readonly propagator: TextMapPropagator;
}

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads the `OTEL_*` variables (docs/runtime.md, "Tracing configuration"). `endpoint` (`weft run
 * --otlp`) wins over `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is), which wins over
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (a base URL: `/v1/traces` is appended). Undefined when none is
 * set: tracing is off and the other variables, meant for other tools, are not read. Throws
 * `TracingConfigError` for a value it cannot use, before anything runs.
 */
export function otelSettings(environment: Environment, endpoint?: string): OtelSettings | undefined {
    const value = (name: string): string | undefined => {
        const text = environment[name]?.trim();
        return text === undefined || text === '' ? undefined : text;
    };
    const disabled = value('OTEL_SDK_DISABLED')?.toLowerCase() === 'true' || value('OTEL_TRACES_EXPORTER')?.toLowerCase() === 'none';
    const tracesUrl = endpoint !== undefined ? tracesUrlOf(endpoint)
        : disabled ? undefined
        : value('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ?? (value('OTEL_EXPORTER_OTLP_ENDPOINT') === undefined ? undefined : tracesUrlOf(value('OTEL_EXPORTER_OTLP_ENDPOINT')!));
    if (tracesUrl === undefined) return undefined;
    return {
        tracesUrl,
        headers: { ...parseKeyPairsIntoRecord(value('OTEL_EXPORTER_OTLP_HEADERS')), ...parseKeyPairsIntoRecord(value('OTEL_EXPORTER_OTLP_TRACES_HEADERS')) },
        resource: { ...parseKeyPairsIntoRecord(value('OTEL_RESOURCE_ATTRIBUTES')), 'service.name': value('OTEL_SERVICE_NAME') ?? 'weft' },
        sampler: samplerOf(value('OTEL_TRACES_SAMPLER'), value('OTEL_TRACES_SAMPLER_ARG')),
        propagator: tracePropagator(value('OTEL_PROPAGATORS')),
    };
}

/** A collector's base URL gets `/v1/traces`; a URL already ending so is used as is. */
export function tracesUrlOf(endpoint: string): string {
    return /\/v1\/traces\/?$/.test(endpoint) ? endpoint : `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];

/** `OTEL_TRACES_SAMPLER` (default `parentbased_always_on`: a sampled incoming trace is sampled, an unsampled one is not) and its ratio. */
function samplerOf(name: string | undefined, argument: string | undefined): Sampler {
    const chosen = (name ?? 'parentbased_always_on').toLowerCase();
    if (!SAMPLERS.includes(chosen)) throw new TracingConfigError('OTEL_TRACES_SAMPLER', `OTEL_TRACES_SAMPLER is ${name}, which Weft does not know: use ${SAMPLERS.join(', ')}`);
    const ratio = (): number => {
        if (argument === undefined) return 1;
        const parsed = Number(argument);
        if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1) throw new TracingConfigError('OTEL_TRACES_SAMPLER_ARG', `OTEL_TRACES_SAMPLER_ARG is ${argument}: give a ratio from 0 to 1`);
        return parsed;
    };
    const root = chosen.endsWith('always_on') ? new AlwaysOnSampler() : chosen.endsWith('always_off') ? new AlwaysOffSampler() : new TraceIdRatioBasedSampler(ratio());
    return chosen.startsWith('parentbased_') ? new ParentBasedSampler({ root }) : root;
}
