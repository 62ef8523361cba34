import { WeftError } from '@weft/contract/errors';

/** A Python step's interpreter is not there (or not executable); no retry brings it. */
export class PythonInterpreterError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'python-interpreter-missing';

    constructor(readonly task: string, readonly interpreter: string, reason: string) {
        super(`${task} is a Python step, but its interpreter ${interpreter} ${reason}; install python3 (Debian: apt-get install python3) or name another interpreter with WEFT_PYTHON`);
        this.name = 'PythonInterpreterError';
    }
}
