/** Writes to a step attempt's log; `fields` are kept as structured data beside the message. */
export interface StepLogger {
    debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
    info(message: string, fields?: Readonly<Record<string, unknown>>): void;
    warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
    error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** A span a step made; it is a child of the attempt's span. */
export interface StepSpan {
    setAttribute(key: string, value: string | number | boolean): void;
    addEvent(name: string, attributes?: Readonly<Record<string, string | number | boolean>>): void;
    /** Marks the span failed with the error's message. */
    recordError(error: unknown): void;
    /** Ends the span (a span the step leaves open ends with the attempt). */
    end(): void;
}

/** The W3C trace context of the attempt, to hand on to whatever the step calls. */
export interface StepTrace {
    readonly traceId: string;
    readonly spanId: string;
    /** The `traceparent` header value. */
    readonly traceparent: string;
    /** Records a named event on the attempt's span. */
    addEvent(name: string, attributes?: Readonly<Record<string, string | number | boolean>>): void;
    /**
     * Starts a span, a child of the attempt's. The runtime always offers it; it is optional only
     * so that contexts made by hand in tests stay valid.
     */
    startSpan?(name: string, attributes?: Readonly<Record<string, string | number | boolean>>): StepSpan;
}

/** What the runtime hands a step implementation besides its inputs. */
export interface StepContext {
    /** The node of the plan being run (the `let` name). */
    readonly node: string;
    /** 1 for the first attempt, 2 for the first retry, … */
    readonly attempt: number;
    /** Aborted when the run is cancelled or the attempt times out. */
    readonly signal: AbortSignal;
    readonly logger: StepLogger;
    readonly trace: StepTrace;
    /** A folder the step may write its outputs to; it is kept with the run. */
    readonly workDir: string;
}
