// The OTEL_* variables Weft reads, and the propagators they choose, with the real OTel packages:
// endpoint precedence, headers, resource, samplers (with their errors), and what each propagator
// writes into a step's environment and reads back from it.
import { propagation, ROOT_CONTEXT, SamplingDecision, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { otelSettings } from '../../src/tracing/otel-environment.js';
import { environmentName, extractFromEnvironment, injectIntoEnvironment, tracePropagator } from '../../src/tracing/trace-propagation.js';
import { TracingConfigError } from '../../src/tracing/tracing-config-error.js';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const spanId = '00f067aa0ba902b7';
const sampled = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: TraceFlags.SAMPLED });

function configError(run: () => unknown): TracingConfigError {
    try {
        run();
    } catch (error) {
        if (error instanceof TracingConfigError) return error;
        throw error;
    }
    throw new Error('no TracingConfigError');
}

describe('OTEL_* settings', () => {
    it('chooses the traces URL: the flag, then the traces endpoint as is, then the base endpoint with /v1/traces; none: tracing off', () => {
        const both = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://base:4318/', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom' };
        expect(otelSettings(both, 'http://flag:4318')?.tracesUrl).toBe('http://flag:4318/v1/traces');
        expect(otelSettings(both)?.tracesUrl).toBe('http://traces:4318/custom');
        expect(otelSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://base:4318/' })?.tracesUrl).toBe('http://base:4318/v1/traces');
        expect(otelSettings({})).toBeUndefined();
        expect(otelSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBeUndefined();
        expect(otelSettings({ ...both, OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
        expect(otelSettings({ ...both, OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
        // Tracing off: variables meant for other tools are not read, so cannot stop a run.
        expect(otelSettings({ OTEL_TRACES_SAMPLER: 'xray', OTEL_PROPAGATORS: 'jaeger' })).toBeUndefined();
        expect(otelSettings({ OTEL_SDK_DISABLED: 'true' }, 'http://flag:4318/v1/traces')?.tracesUrl).toBe('http://flag:4318/v1/traces');
    });

    it('reads headers (the traces ones win per key, values URL-decoded) and the resource (OTEL_SERVICE_NAME wins)', () => {
        const settings = otelSettings({
            OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
            OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20a,x-tenant=one',
            OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant=two',
            OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-resource,deployment.environment=ci',
            OTEL_SERVICE_NAME: 'trainer',
        });
        expect(settings?.headers).toEqual({ authorization: 'Bearer a', 'x-tenant': 'two' });
        expect(settings?.resource).toEqual({ 'service.name': 'trainer', 'deployment.environment': 'ci' });
        expect(otelSettings({}, 'http://collector:4318')?.resource).toEqual({ 'service.name': 'weft' });
    });

    it('builds each sampler the spec names; parent-based by default, so an unsampled incoming trace stays unsampled', () => {
        const decide = (variables: Record<string, string>, parent = ROOT_CONTEXT, id = traceId) =>
            otelSettings(variables, 'http://collector:4318')!.sampler.shouldSample(parent, id, 'run', SpanKind.INTERNAL, {}, []).decision;
        const unsampledParent = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: TraceFlags.NONE, isRemote: true });
        expect(decide({})).toBe(SamplingDecision.RECORD_AND_SAMPLED);
        expect(decide({}, unsampledParent)).toBe(SamplingDecision.NOT_RECORD);
        expect(decide({ OTEL_TRACES_SAMPLER: 'always_on' }, unsampledParent)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
        expect(decide({ OTEL_TRACES_SAMPLER: 'always_off' })).toBe(SamplingDecision.NOT_RECORD);
        expect(decide({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' })).toBe(SamplingDecision.NOT_RECORD);
        expect(decide({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' }, sampled)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
        expect(decide({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' })).toBe(SamplingDecision.NOT_RECORD);
        expect(decide({ OTEL_TRACES_SAMPLER: 'TraceIdRatio', OTEL_TRACES_SAMPLER_ARG: '1' })).toBe(SamplingDecision.RECORD_AND_SAMPLED);
        expect(decide({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }, sampled)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    });

    it('refuses an unknown sampler, a ratio that is not one from 0 to 1, and an unknown propagator', () => {
        const sampler = configError(() => otelSettings({ OTEL_TRACES_SAMPLER: 'jaeger_remote' }, 'http://collector:4318'));
        expect([sampler.code, sampler.fault, sampler.variable]).toEqual(['tracing-config', 'user', 'OTEL_TRACES_SAMPLER']);
        expect(sampler.message).toBe('OTEL_TRACES_SAMPLER is jaeger_remote, which Weft does not know: use always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio');
        for (const ratio of ['-0.1', '1.01', 'half', 'NaN']) {
            expect(configError(() => otelSettings({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: ratio }, 'http://collector:4318')).message).toBe(`OTEL_TRACES_SAMPLER_ARG is ${ratio}: give a ratio from 0 to 1`);
        }
        // A ratio is not read by samplers that take none.
        expect(() => otelSettings({ OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_SAMPLER_ARG: 'half' }, 'http://collector:4318')).not.toThrow();
        const propagator = configError(() => otelSettings({ OTEL_PROPAGATORS: 'tracecontext, jaeger' }, 'http://collector:4318'));
        expect([propagator.variable, propagator.message]).toEqual(['OTEL_PROPAGATORS', 'OTEL_PROPAGATORS names jaeger, which Weft does not know: use tracecontext, baggage, b3, b3multi, none']);
    });
});

describe('propagation through the environment', () => {
    const withBaggage = propagation.setBaggage(sampled, propagation.createBaggage({ team: { value: 'ml' } }));

    it('tracecontext,baggage by default: TRACEPARENT and BAGGAGE', () => {
        expect(injectIntoEnvironment(tracePropagator(undefined), withBaggage)).toEqual({ TRACEPARENT: `00-${traceId}-${spanId}-01`, BAGGAGE: 'team=ml' });
    });

    it('b3 writes the single B3 variable, b3multi the X_B3_* ones; TRACEPARENT always, even with none', () => {
        expect(injectIntoEnvironment(tracePropagator('b3'), withBaggage)).toEqual({ TRACEPARENT: `00-${traceId}-${spanId}-01`, B3: `${traceId}-${spanId}-1` });
        expect(injectIntoEnvironment(tracePropagator('b3multi'), sampled)).toEqual({
            TRACEPARENT: `00-${traceId}-${spanId}-01`, X_B3_TRACEID: traceId, X_B3_SPANID: spanId, X_B3_SAMPLED: '1',
        });
        expect(injectIntoEnvironment(tracePropagator('none'), withBaggage)).toEqual({ TRACEPARENT: `00-${traceId}-${spanId}-01` });
    });

    it('reads an incoming trace back from each encoding, and nothing from an environment without one', () => {
        for (const [setting, environment] of [
            ['tracecontext', { TRACEPARENT: `00-${traceId}-${spanId}-01` }],
            ['b3', { B3: `${traceId}-${spanId}-1` }],
            ['b3multi', { X_B3_TRACEID: traceId, X_B3_SPANID: spanId, X_B3_SAMPLED: '1' }],
        ] as const) {
            const context = extractFromEnvironment(tracePropagator(setting), environment);
            expect(trace.getSpanContext(context)).toMatchObject({ traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true });
        }
        const baggage = propagation.getBaggage(extractFromEnvironment(tracePropagator(undefined), { BAGGAGE: 'team=ml' }));
        expect(baggage?.getEntry('team')?.value).toBe('ml');
        expect(trace.getSpanContext(extractFromEnvironment(tracePropagator(undefined), { PATH: '/bin' }))).toBeUndefined();
        expect(trace.getSpanContext(extractFromEnvironment(tracePropagator(undefined), { TRACEPARENT: 'not-a-traceparent' }))).toBeUndefined();
    });

    it('names variables as the OTel environment carrier does', () => {
        expect(['traceparent', 'x-b3-traceid', 'b3', '0day', ''].map(environmentName)).toEqual(['TRACEPARENT', 'X_B3_TRACEID', 'B3', '_0DAY', '_']);
    });
});
