/** Writes to a step attempt's log; `fields` are kept as structured data beside the message. */
export interface StepLogger {
    debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
    info(message: string, fields?: Readonly<Record<string, unknown>>): void;
    warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
    error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** The W3C trace context of the attempt, to hand on to whatever the step calls. */
export interface StepTrace {
    readonly traceId: string;
    readonly spanId: string;
    /** The `traceparent` header value. */
    readonly traceparent: string;
    /** Records a named event on the attempt's span. */
    addEvent(name: string, attributes?: Readonly<Record<string, string | number | boolean>>): void;
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
