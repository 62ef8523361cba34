/**
 * Whose fault an error is, which decides what a user is told and how `weft` exits:
 * - `user`: what the user gave — sources, arguments, parameters, files, keys.
 * - `step`: the step's own code — it threw, or broke its contract.
 * - `infrastructure`: what Weft runs on — the sandbox, the cluster, the disk, the network.
 * - `weft`: Weft itself — a bug.
 */
export type Fault = 'user' | 'step' | 'infrastructure' | 'weft';

/**
 * The base of every error Weft throws. Each class declares its `fault` and a stable kebab-case
 * `code` as static fields (so both can be read without an instance, e.g. for docs/cli.md's table
 * of codes); every instance carries them too, so a caller matches on `error.code`, never on the
 * message, which may change.
 */
export abstract class WeftError extends Error {
    static readonly fault: Fault = 'weft';
    static readonly code: string = 'internal';

    readonly fault: Fault;
    readonly code: string;

    constructor(message: string, options?: ErrorOptions) {
        super(message, options);
        const kind = new.target as unknown as { readonly name: string; readonly fault: Fault; readonly code: string };
        this.name = kind.name;
        this.fault = kind.fault;
        this.code = kind.code;
    }
}

