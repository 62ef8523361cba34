import { Command } from 'commander';
import type { CliIo } from '../../io.js';
import { init } from './init.js';

/** `weft init [dir]`. */
export function initCommand(io: CliIo): Command {
    return new Command('init')
        .description('scaffold a Weft project: a pipeline, a step implementation, package.json scripts and a .gitignore')
        .argument('[dir]', 'the project folder (default: the current folder)')
        .action(async (dir: string | undefined) => {
            const report = await init({ cwd: io.cwd, ...(dir === undefined ? {} : { dir }) });
            io.stdout.write(report.files.map(file => `created ${report.folder === '.' ? file : `${report.folder}/${file}`}\n`).join(''));
            if (report.source.kind === 'tarballs') io.stderr.write(`the Weft packages install from the tarballs in ${report.source.folder}\n`);
            io.stderr.write(`next: ${report.folder === '.' ? '' : `cd ${report.folder} && `}npm install && npm run generate && npm run check\n`);
        });
}
