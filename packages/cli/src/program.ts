import { Command } from 'commander';
import { throwingCommand } from './command-output.js';
import type { CliIo } from './io.js';
import { cliVersion } from './version.js';

/**
 * The `weft` command line: global options and one subcommand per command. Commander never exits
 * the process here: it throws, and main.ts decides the exit code.
 */
export async function createProgram(io: CliIo, args: readonly string[] = []): Promise<Command> {
    const program = throwingCommand(new Command('weft')
        .description('Weft: a typed language for AI pipelines')
        .version(cliVersion(), '-v, --version', 'print the version')
        .helpOption('-h, --help', 'show help')
        .helpCommand('help [command]', 'show help for a command'), io);
    // Each command inherits exitOverride, the help option and the output configuration set above.
    for (const command of await commandsFor(args, io)) program.addCommand(command.copyInheritedSettings(program));
    return program;
}

type CommandFactory = (io: CliIo) => Command;

/**
 * Every command, in the order help lists them, each loaded on demand: `weft check` never loads
 * the runtime, the Kubernetes client or the signing code, and starting Node is part of what a
 * user waits for (docs/benchmarks.md).
 */
const commandLoaders: ReadonlyArray<readonly [string, () => Promise<CommandFactory>]> = [
    ['check', async () => (await import('./commands/check/check-command.js')).checkCommand],
    ['generate', async () => (await import('./commands/generate/generate-command.js')).generateCommand],
    ['graph', async () => (await import('./commands/graph/graph-command.js')).graphCommand],
    ['init', async () => (await import('./commands/init/init-command.js')).initCommand],
    ['lsp', async () => (await import('./commands/lsp/lsp-command.js')).lspCommand],
    ['run', async () => (await import('./commands/run/run-command.js')).runCommand],
    ['build', async () => (await import('./commands/build/build-command.js')).buildCommand],
    ['runs', async () => (await import('./commands/runs/runs-command.js')).runsCommand],
    ['show', async () => (await import('./commands/show/show-command.js')).showCommand],
    ['logs', async () => (await import('./commands/logs/logs-command.js')).logsCommand],
    ['resume', async () => (await import('./commands/resume/resume-command.js')).resumeCommand],
    ['cancel', async () => (await import('./commands/cancel/cancel-command.js')).cancelCommand],
    ['pause', async () => (await import('./commands/pause/pause-command.js')).pauseCommand],
    ['manifests', async () => (await import('./commands/manifests/manifests-command.js')).manifestsCommand],
    ['keygen', async () => (await import('./commands/keygen/keygen-command.js')).keygenCommand],
    ['sign', async () => (await import('./commands/sign/sign-command.js')).signCommand],
    ['verify', async () => (await import('./commands/verify/verify-command.js')).verifyCommand],
    ['lineage', async () => (await import('./commands/lineage/lineage-command.js')).lineageCommand],
    ['test', async () => (await import('./commands/test/test-command.js')).testCommand],
];

/**
 * The commands to register for `args`: only the named one when the first argument names a
 * command, none for `--version` alone, all of them otherwise (help, a misspelt command and its
 * suggestion). Loading every command loads the runtime and its tracing: 0.3 s.
 */
async function commandsFor(args: readonly string[], io: CliIo): Promise<Command[]> {
    if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) return [];
    const named = commandLoaders.find(([name]) => name === args[0]);
    const loaders = named ? [named] : commandLoaders;
    const factories = await Promise.all(loaders.map(([, load]) => load()));
    return factories.map(factory => factory(io));
}
