/**
 * What a command may touch of its process: two output streams, whether they are terminals,
 * the environment and the working directory. Tests pass their own.
 */
export interface CliIo {
    readonly cwd: string;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly stdout: OutputStream;
    readonly stderr: OutputStream;
}

export interface OutputStream {
    write(text: string): void;
    readonly isTTY: boolean;
}

/** The real process's streams, environment and working directory. */
export function processIo(): CliIo {
    return {
        cwd: process.cwd(),
        env: process.env,
        stdout: { write: text => void process.stdout.write(text), isTTY: process.stdout.isTTY === true },
        stderr: { write: text => void process.stderr.write(text), isTTY: process.stderr.isTTY === true },
    };
}
