import { type Context, ROOT_CONTEXT, type TextMapGetter, type TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import { EnvironmentSetter } from '@opentelemetry/propagator-env-carrier';
import { TracingConfigError } from './tracing-config-error.js';

/** The names `OTEL_PROPAGATORS` may list, and what each carries. */
const PROPAGATORS: Readonly<Record<string, () => TextMapPropagator>> = {
    tracecontext: () => new W3CTraceContextPropagator(),
    baggage: () => new W3CBaggagePropagator(),
    b3: () => new B3Propagator({ injectEncoding: B3InjectEncoding.SINGLE_HEADER }),
    b3multi: () => new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER }),
};

/**
 * The propagator `OTEL_PROPAGATORS` asks for (a comma-separated list, `tracecontext,baggage` when
 * unset; `none` for nothing more), as one composite. W3C trace context is always among them: a
 * step's `ctx.trace` is read from `TRACEPARENT`.
 */
export function tracePropagator(setting: string | undefined): TextMapPropagator {
    const names = (setting === undefined || setting.trim() === '' ? 'tracecontext,baggage' : setting).split(',').map(name => name.trim().toLowerCase()).filter(name => name !== '');
    for (const name of names) {
        if (name !== 'none' && PROPAGATORS[name] === undefined) {
            throw new TracingConfigError('OTEL_PROPAGATORS', `OTEL_PROPAGATORS names ${name}, which Weft does not know: use ${[...Object.keys(PROPAGATORS), 'none'].join(', ')}`);
        }
    }
    const chosen = new Set(['tracecontext', ...names.filter(name => name !== 'none')]);
    return new CompositePropagator({ propagators: [...chosen].map(name => PROPAGATORS[name]!()) });
}

/**
 * A propagation key as an environment variable name (the rule of the OTel environment carrier,
 * whose getter reads only `process.env`; this one reads the environment it is given):
 * `traceparent` → `TRACEPARENT`, `x-b3-traceid` → `X_B3_TRACEID`.
 */
export function environmentName(key: string): string {
    const name = key.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
    return /^[0-9]/.test(name) ? `_${name}` : name || '_';
}

const environmentGetter: TextMapGetter<Readonly<Record<string, string | undefined>>> = {
    get: (carrier, key) => carrier[environmentName(key)],
    keys: carrier => Object.keys(carrier),
};

/** The variables that carry `context` into a step's environment. */
export function injectIntoEnvironment(propagator: TextMapPropagator, context: Context): Record<string, string> {
    const environment: Record<string, string> = {};
    propagator.inject(context, undefined, new EnvironmentSetter(environment));
    return environment;
}

/** The trace context and baggage an environment carries in (a CI job's `TRACEPARENT`); the root context when it carries none. */
export function extractFromEnvironment(propagator: TextMapPropagator, environment: Readonly<Record<string, string | undefined>>): Context {
    return propagator.extract(ROOT_CONTEXT, environment, environmentGetter);
}
