import * as path from 'node:path';

const INLINE_MAP = /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\n?$/;

/**
 * esbuild names a bundle's sources relative to the working folder of the process that bundles;
 * this rewrites the inline source map so they are relative to the project instead. The worker
 * resolves them against the bundle's folder and strips that folder again, so a step's stack
 * names `steps/train.ts:12:7` wherever the bundle ran (a child process, a sandbox, a pod), and
 * the bundle's bytes do not depend on where `weft` was started.
 */
export function projectRelativeSources(code: string, project: string, workingFolder = process.cwd()): string {
    const match = INLINE_MAP.exec(code);
    if (!match) return code;
    const map = JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8')) as { sources?: string[] };
    map.sources = (map.sources ?? []).map(source => path.relative(project, path.resolve(workingFolder, source)).split(path.sep).join('/'));
    const encoded = Buffer.from(JSON.stringify(map), 'utf8').toString('base64');
    return `${code.slice(0, match.index)}\n//# sourceMappingURL=data:application/json;base64,${encoded}\n`;
}
