import { WeftError } from '@weft/contract/errors';

/** An `OTEL_*` variable Weft reads has a value it cannot use (an unknown propagator or sampler, a ratio out of range). */
export class TracingConfigError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'tracing-config';

    constructor(readonly variable: string, message: string) {
        super(message);
        this.name = 'TracingConfigError';
    }
}
