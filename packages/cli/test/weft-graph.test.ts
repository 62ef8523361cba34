// `weft graph` in each format, on the examples.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from './consumer-project.js';
import { expectBuiltCli, runWeft } from './run-weft.js';

beforeAll(() => expectBuiltCli());

const handbook = path.join(repositoryRoot, 'examples', 'retrieval-index', 'handbook.weft');
const sentiment = path.join(repositoryRoot, 'examples', 'text-classifier', 'sentiment.weft');

describe('weft graph', () => {
    it('draws Mermaid by default: typed data edges, dashed after edges, a fan-out and resources', () => {
        const result = runWeft(['graph', handbook, '--pipeline', 'indexHandbook']);
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/^flowchart TD\n/);
        expect(result.stdout).toContain('parts -->|"chunks: Chunk[]"| vectors');
        expect(result.stdout).toContain('scored -.-> probe');
        expect(result.stdout).toMatch(/vectors\[\["vectors = for c in parts\.chunks concurrency workers =#gt; embed<br\/><small>cpu 250m · memory 64Mi · timeout 30s<\/small>"\]\]/);
        expect(result.stdout).toContain('built["built = buildIndex<br/><small>cpu 2 · memory 1Gi · timeout 5m</small>"]');
    });

    it('draws DOT with when, else and on failure blocks as clusters and failure edges', () => {
        const result = runWeft(['graph', sentiment, '--format', 'dot']);
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/^digraph "trainSentiment" \{/);
        expect(result.stdout).toContain('label="when e.metrics.accuracy >= threshold";');
        expect(result.stdout).toContain('label="else of when e.metrics.accuracy >= threshold";');
        expect(result.stdout).toContain('label="on failure of m, e";');
        expect(result.stdout).toContain('"m" -> "f" [label="on failure", color="#c0392b", fontcolor="#c0392b"];');
        expect(result.stdout).toContain('"t" -> "m" [label="tokens: Dataset<Tokens>"];');
    });

    it('renders SVG with Graphviz into --out', () => {
        const out = path.join(mkdtempSync(path.join(tmpdir(), 'weft-graph-')), 'graph.svg');
        const result = runWeft(['graph', handbook, '--format', 'svg', '--out', out]);
        expect(result.status).toBe(0);
        expect(result.stdout).toBe('');
        const svg = readFileSync(out, 'utf8');
        expect(svg).toMatch(/<svg[\s\S]*<\/svg>\s*$/);
        expect(svg).toContain('<title>scored&#45;&gt;probe</title>');
        expect(svg).toContain('stroke-dasharray');
    });

    it('an --out whose folder does not exist is a one-line error, exit 2, and no folder is created (not even at the root)', () => {
        const missing = `/weft-graph-missing-${process.pid}`;
        const result = runWeft(['graph', handbook, '--out', `${missing}/x.svg`]);
        expect(result.status).toBe(2);
        expect(result.stderr).toBe(`weft: cannot write ${missing}/x.svg: the folder ${missing} does not exist\n`);
        expect(result.stdout).toBe('');
        expect(existsSync(missing)).toBe(false);
        const nested = runWeft(['graph', handbook, '--out', 'no/such/folder/x.mmd']);
        expect(nested.status).toBe(2);
        expect(nested.stderr).toBe('weft: cannot write no/such/folder/x.mmd: the folder no/such/folder does not exist\n');
    });

    it('an --out that is a folder, or inside a file, is a one-line error, exit 2', () => {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-graph-'));
        mkdirSync(path.join(folder, 'taken'));
        writeFileSync(path.join(folder, 'file'), '');
        const intoFolder = runWeft(['graph', handbook, '--out', path.join(folder, 'taken')]);
        expect([intoFolder.status, intoFolder.stderr]).toEqual([2, `weft: cannot write ${folder}/taken: it is a folder\n`]);
        const underFile = runWeft(['graph', handbook, '--out', path.join(folder, 'file', 'x.svg')]);
        expect([underFile.status, underFile.stderr]).toEqual([2, `weft: cannot write ${folder}/file/x.svg: the folder ${folder}/file is not a folder\n`]);
    });

    it('asks for --pipeline only when needed, and names the pipelines when it is wrong', () => {
        const result = runWeft(['graph', sentiment, '--pipeline', 'nope']);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain('declares no pipeline nope (it declares trainSentiment)');
    });

    it('refuses a file with errors', () => {
        const result = runWeft(['graph', 'broken/unknown-type.weft']);
        expect(result.status).toBe(1);
        expect(result.stdout).toContain('error unknown-reference');
    });
});
