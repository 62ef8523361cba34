// Command steps over the file protocol, executor by executor: what each exit means, the error of
// an executable that is not there, and the inline executor running commands as processes.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanCommandImplementation } from '../../src/contract/plan.js';
import { CommandNotFoundError } from '../../src/executors/command-launch.js';
import type { AttemptSpec } from '../../src/executors/executor.js';
import { GvisorExecutor } from '../../src/executors/gvisor/gvisor-executor.js';
import { InlineExecutor } from '../../src/executors/inline-executor.js';
import { ProcessExecutor } from '../../src/executors/process-executor.js';
import { typedAs } from '../execution/plan-fixtures.js';
import { attemptSpec, channel } from './sandbox-fixtures.js';

/** A project folder (readable by the sandbox's user) with the scripts in `steps/`. */
function project(scripts: Record<string, string>): string {
    const root = mkdtempSync(path.join(tmpdir(), 'weft-command-steps-'));
    chmodSync(root, 0o755);
    mkdirSync(path.join(root, 'steps'));
    for (const [name, text] of Object.entries(scripts)) writeFileSync(path.join(root, 'steps', name), text);
    return root;
}

function commandSpec(root: string, command: readonly string[]): AttemptSpec {
    const spec = attemptSpec('cmd', { x: 21 }, { root, outputs: [typedAs('value', 'int')] });
    const implementation: PlanCommandImplementation = { command, directory: '.' };
    return { ...spec, step: { ...spec.step, implementation } };
}

const scripts = {
    'double.sh': 'IFS= read -r json < "$WEFT_INPUTS" || true\nx=${json#*\\"x\\":}; x=${x%%[,\\}]*}\nprintf \'{"value":%d}\' "$((x * 2))" > "$WEFT_OUT_DIR/outputs.json"\n',
    'silent.sh': 'exit 0\n',
    'unusable.sh': 'echo "usage: unusable.sh FILE" >&2\nexit 2\n',
    'flaky.sh': 'echo "lost the connection" >&2\nexit 75\n',
    'own.sh': 'echo hello\n',
};

describe.each([
    ['process', () => new ProcessExecutor()],
    ['gvisor', () => new GvisorExecutor()],
    ['inline', () => new InlineExecutor()],
] as const)('command steps with the %s executor', (_name, make) => {
    it('completes with the outputs the command wrote', async () => {
        const result = await make().execute(commandSpec(project(scripts), ['sh', './steps/double.sh']), channel());
        expect(result).toMatchObject({ status: 'completed', outputs: { value: 42 } });
    }, 60_000);

    it('fails the step without retry on exit 0 without outputs and on exit 2; retries another code', async () => {
        const root = project(scripts);
        const silent = await make().execute(commandSpec(root, ['sh', './steps/silent.sh']), channel());
        expect(silent).toMatchObject({ status: 'failed', failure: { message: 'the command exited with code 0 without writing out/outputs.json', retryable: false, kind: 'step', exitCode: 0 } });
        const unusable = await make().execute(commandSpec(root, ['sh', './steps/unusable.sh']), channel());
        expect(unusable).toMatchObject({ status: 'failed', failure: { message: 'the command could not run (exit code 2): usage: unusable.sh FILE', retryable: false, kind: 'step', exitCode: 2 } });
        const flaky = await make().execute(commandSpec(root, ['sh', './steps/flaky.sh']), channel());
        expect(flaky).toMatchObject({ status: 'failed', failure: { message: 'the command exited with code 75 without outputs: lost the connection', retryable: true, exitCode: 75 } });
    }, 120_000);

    it('refuses an executable that is not there, or not executable, with CommandNotFoundError', async () => {
        const root = project(scripts);
        const missing = await make().execute(commandSpec(root, ['weft-no-such-command']), channel());
        expect(missing).toMatchObject({ status: 'failed', failure: { retryable: false } });
        const cause = (missing as { failure: { cause: unknown } }).failure.cause;
        expect(cause).toBeInstanceOf(CommandNotFoundError);
        expect(cause).toMatchObject({ code: 'command-not-found', step: 'cmd', executable: 'weft-no-such-command' });
        expect((cause as Error).message).toMatch(/^step cmd runs `weft-no-such-command`, which is not on the PATH of the step \(/);
        const notExecutable = await make().execute(commandSpec(root, ['./steps/own.sh']), channel());
        expect(notExecutable).toMatchObject({ status: 'failed', failure: { retryable: false, message: expect.stringMatching(/^step cmd runs `\.\/steps\/own\.sh`, which is not executable \(run it through its interpreter, e\.g\. `\["sh", "\.\/steps\/run\.sh"\]`, or `chmod \+x` it\) \(looked for \S+own\.sh\)$/) } });
    }, 60_000);
});

describe('command steps in a gVisor sandbox', () => {
    it('cannot name an executable outside /usr and the step\'s folder', async () => {
        const result = await new GvisorExecutor().execute(commandSpec(project(scripts), ['/opt/tool/bin/run']), channel());
        expect(result).toMatchObject({ status: 'failed', failure: { retryable: false, message: 'step cmd runs `/opt/tool/bin/run`, which is not inside the sandbox (/opt/tool/bin/run): only /usr and the step\'s folder are' } });
    });
});
