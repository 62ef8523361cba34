import { WeftError } from './weft-error.js';

/**
 * An error a step declares it raises (`raises (QualityTooLow)`, docs/language.md, "Error edges").
 * Step code throws it through the constructor `weft generate` emits for the error type
 * (`throw new QualityTooLow({ accuracy: 0.4 })`); the worker records `weftRaised` in the
 * attempt's failure, and the runtime routes the failure to the handler of that type.
 */
export class RaisedError<Fields extends object = Readonly<Record<string, unknown>>> extends WeftError {
    static override readonly fault = 'step';
    static override readonly code = 'raised-error';

    /** What the worker records: the error type's name and the fields as thrown (checked against the type by the runtime). */
    readonly weftRaised: { readonly type: string; readonly fields: Fields };

    constructor(type: string, readonly fields: Fields) {
        super(`${type} ${JSON.stringify(fields)}`);
        this.name = type;
        this.weftRaised = { type, fields };
    }
}

/** The constructor of one declared error type, as generated code defines it: `export const QualityTooLow = raisedError<QualityTooLow>('QualityTooLow')`. */
export function raisedError<Fields extends object>(type: string): new (fields: Fields) => RaisedError<Fields> {
    return class extends RaisedError<Fields> {
        constructor(fields: Fields) {
            super(type, fields);
        }
    };
}

/** The declared error a thrown value carries, if it is one (by shape: a step bundle has its own copy of this module). */
export function raisedErrorOf(thrown: unknown): { readonly type: string; readonly fields: unknown } | undefined {
    const raised = (thrown as { weftRaised?: { type?: unknown; fields?: unknown } } | null | undefined)?.weftRaised;
    return typeof raised?.type === 'string' && typeof raised.fields === 'object' && raised.fields !== null ? { type: raised.type, fields: raised.fields } : undefined;
}
