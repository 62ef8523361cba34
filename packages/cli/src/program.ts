import { Command } from 'commander';
import { checkCommand } from './commands/check/check-command.js';
import { generateCommand } from './commands/generate/generate-command.js';
import { graphCommand } from './commands/graph/graph-command.js';
import { initCommand } from './commands/init/init-command.js';
import { keygenCommand } from './commands/keygen/keygen-command.js';
import { lineageCommand } from './commands/lineage/lineage-command.js';
import { lspCommand } from './commands/lsp/lsp-command.js';
import { cancelCommand } from './commands/cancel/cancel-command.js';
import { logsCommand } from './commands/logs/logs-command.js';
import { manifestsCommand } from './commands/manifests/manifests-command.js';
import { pauseCommand } from './commands/pause/pause-command.js';
import { resumeCommand } from './commands/resume/resume-command.js';
import { runCommand } from './commands/run/run-command.js';
import { runsCommand } from './commands/runs/runs-command.js';
import { showCommand } from './commands/show/show-command.js';
import { signCommand } from './commands/sign/sign-command.js';
import { verifyCommand } from './commands/verify/verify-command.js';
import { oneLine } from './exit-codes.js';
import type { CliIo } from './io.js';
import { cliVersion } from './version.js';

/**
 * The `weft` command line: global options and one subcommand per command. Commander never exits
 * the process here: it throws, and main.ts decides the exit code.
 */
export function createProgram(io: CliIo): Command {
    const program = new Command('weft')
        .description('Weft: a typed language for AI pipelines')
        .version(cliVersion(), '-v, --version', 'print the version')
        .helpOption('-h, --help', 'show help')
        .helpCommand('help [command]', 'show help for a command')
        .exitOverride()
        .configureOutput({
            writeOut: text => io.stdout.write(text),
            writeErr: text => io.stderr.write(text),
            // One line, e.g. "weft: unknown option '--frmat' (Did you mean --format?)".
            outputError: (text, write) => write(`weft: ${oneLine(text.replace(/^error: /, ''))}\n`),
        });
    // Each command inherits exitOverride, the help option and the output configuration set above.
    program.addCommand(checkCommand(io).copyInheritedSettings(program));
    program.addCommand(generateCommand(io).copyInheritedSettings(program));
    program.addCommand(graphCommand(io).copyInheritedSettings(program));
    program.addCommand(initCommand(io).copyInheritedSettings(program));
    program.addCommand(lspCommand().copyInheritedSettings(program));
    for (const command of [runCommand(io), runsCommand(io), showCommand(io), logsCommand(io), resumeCommand(io), cancelCommand(io), pauseCommand(io),
        manifestsCommand(io), keygenCommand(io), signCommand(io), verifyCommand(io), lineageCommand(io)]) {
        program.addCommand(command.copyInheritedSettings(program));
    }
    return program;
}
