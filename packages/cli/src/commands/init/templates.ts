import { type WeftSource, weftSpec } from './weft-source.js';

/** The files `weft init` writes, relative to the project folder, for a project that installs Weft from `source`. */
export function scaffoldFiles(projectName: string, source: WeftSource): Readonly<Record<string, string>> {
    return {
        'pipeline.weft': `// A first Weft pipeline: counts the words of a few lines of text.
// Generate its TypeScript contracts with \`npm run generate\`, check it with \`npm run check\`.
module ${moduleName(projectName)} version "0.1.0"

/// One line of text.
type Line = { text: string }

/// A few lines to count.
dataset sample: Dataset<Line> {
  uri: "file:data/sample.jsonl"
}

/// Counts the words of the lines that have at least \`minWords\` words.
step countWords(lines: Dataset<Line>, minWords: int = 1) -> (total: int, counted: int) {
  run: "./steps/count-words.ts#countWords"
  resources { cpu: 1, memory: 256Mi }
  timeout: 1m
  where minWords >= 1
}

/// Counts the words of \`lines\`.
pipeline countAll(lines: Dataset<Line> = sample, minWords: int = 1) -> (total: int) {
  where minWords in 1..10
  let counted = countWords(lines, minWords: minWords)
  return { total: counted.total }
}

/// This machine; \`"gvisor"\` isolates each step in a sandbox where runsc is installed.
target local: sandbox {
  runtime: "process"
  capacity { cpu: 2, memory: 4Gi, gpu: 0 }
}
`,
        'steps/count-words.ts': `import { implement } from '@weft/contract';
import { countWords as contract } from '../generated/pipeline.js';

/** \`step countWords\`: typed by its generated contract, so \`tsc\` rejects a wrong input or output. */
export const countWords = implement(contract, async (inputs, ctx) => {
    let total = 0;
    let counted = 0;
    for (const line of await inputs.lines.readAll()) {
        const words = line.text.split(/\\s+/).filter(word => word !== '').length;
        if (words < inputs.minWords) continue;
        total += words;
        counted++;
    }
    ctx.logger.info('counted words', { total, counted });
    return { total, counted };
});
`,
        'pipeline.weft.test.ts': `// Tests of pipeline.weft, run by \`npm test\` (\`weft test\`) with node:test: no build needed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testPipeline } from '@weft/runtime/testing';
import * as pipeline from './generated/pipeline.js';

test('countAll counts the words of the sample', async () => {
    const result = await testPipeline(pipeline.countAll, {});
    result.assertCompleted();
    assert.equal(result.outputs?.total, 20);
    assert.equal(result.task('counted').attempts, 1);
    assert.deepEqual(result.task('counted').messages, ['counted words']);
});

test('countAll hands minWords to countWords (mocked: the step never runs)', async () => {
    const result = await testPipeline(pipeline.countAll, { minWords: 3 }, {
        // Typed by the generated contract: tsc rejects a mock with the wrong inputs or outputs.
        steps: pipeline,
        mocks: { countWords: async inputs => ({ total: inputs.minWords * 100, counted: 0 }) },
    });
    assert.equal(result.status, 'completed');
    assert.equal(result.outputs?.total, 300);
});
`,
        'data/sample.jsonl': [
            { text: 'Weft checks every edge of a pipeline before it runs.' },
            { text: 'Steps are TypeScript functions typed by generated contracts.' },
            { text: 'Hello, pipelines!' },
        ].map(line => `${JSON.stringify(line)}\n`).join(''),
        'package.json': `${JSON.stringify({
            name: projectName,
            version: '0.1.0',
            private: true,
            type: 'module',
            scripts: {
                check: 'weft check pipeline.weft',
                generate: 'weft generate pipeline.weft --out generated',
                typecheck: 'npm run generate && tsc --noEmit',
                run: 'npm run generate && weft run pipeline.weft --pipeline countAll',
                test: 'weft test',
            },
            // Step code needs only the contract package; the CLI brings the checker and the runtime.
            dependencies: { '@weft/contract': weftSpec(source, '@weft/contract') },
            devDependencies: {
                '@weft/cli': weftSpec(source, '@weft/cli'),
                // Tarballs: the CLI's own Weft dependencies are on no registry, so they are named here too.
                ...(source.kind === 'tarballs' ? { '@weft/language': weftSpec(source, '@weft/language') } : {}),
                // The pipeline test imports @weft/runtime/testing.
                '@weft/runtime': weftSpec(source, '@weft/runtime'),
                '@types/node': NODE_RANGE,
                // Node 22 from npm, as the Weft repository gets it: npm scripts and npx run on it.
                node: NODE_RANGE,
                typescript: '^5.9.3',
            },
            engines: { node: '>=22.19' },
            // npm 11 asks which packages may run install scripts; the node package fetches its binary in one.
            allowScripts: { node: true },
        }, null, 2)}\n`,
        'tsconfig.json': `${JSON.stringify({
            compilerOptions: {
                target: 'ES2023',
                module: 'NodeNext',
                moduleResolution: 'NodeNext',
                strict: true,
                noEmit: true,
                skipLibCheck: true,
            },
            include: ['steps/**/*.ts', 'generated/**/*.ts', '*.weft.test.ts'],
        }, null, 2)}\n`,
        '.gitignore': 'node_modules/\n# Made by `npm run generate` from the .weft files.\ngenerated/\n.weft/\n',
    };
}

/** The Node.js a project gets from npm (the CLI needs 22.19 or newer). */
export const NODE_RANGE = '^22.19.0';

/** A Weft module name from a package name: `my-app` → `my_app`. */
function moduleName(projectName: string): string {
    const name = projectName.replace(/^@[^/]+\//, '').replace(/[^A-Za-z0-9_]/g, '_');
    return /^[A-Za-z_]/.test(name) ? name : `project_${name}`;
}
