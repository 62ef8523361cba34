import { EmptyFileSystem, type FileSystemNode, type FileSystemProvider, URI } from 'langium';
import { parseHelper } from 'langium/test';
import { beforeAll, describe, expect, test } from 'vitest';
import { ImplementationLookup } from '../../src/helpers/implementation-lookup.js';
import { initModuleLexer } from '../../src/helpers/module-exports.js';
import type { WeftFile } from '../../src/generated/ast.js';
import { createWeftServices } from '../../src/weft-module.js';
import { DiagnosticCode } from '../../src/validation/diagnostic-codes.js';

/** Files in memory, keyed by path; folders are the paths that prefix a file. */
class MemoryFileSystem implements FileSystemProvider {
    readonly reads: string[] = [];
    constructor(private readonly files: Record<string, string>) {}
    private isFolder(path: string): boolean {
        return Object.keys(this.files).some(file => file.startsWith(`${path}/`));
    }
    existsSync(uri: URI): boolean {
        return uri.path in this.files || this.isFolder(uri.path);
    }
    readFileSync(uri: URI): string {
        this.reads.push(uri.path);
        const content = this.files[uri.path];
        if (content === undefined) throw new Error(`EISDIR: ${uri.path}`);
        return content;
    }
    statSync(uri: URI): FileSystemNode {
        return { uri, isFile: uri.path in this.files, isDirectory: this.isFolder(uri.path) };
    }
    stat(uri: URI): Promise<FileSystemNode> { return Promise.resolve(this.statSync(uri)); }
    exists(uri: URI): Promise<boolean> { return Promise.resolve(this.existsSync(uri)); }
    readFile(uri: URI): Promise<string> { return Promise.resolve(this.readFileSync(uri)); }
    readBinary(): Promise<Uint8Array> { throw new Error('not needed'); }
    readBinarySync(): Uint8Array { throw new Error('not needed'); }
    readDirectory(): Promise<FileSystemNode[]> { throw new Error('not needed'); }
    readDirectorySync(): FileSystemNode[] { throw new Error('not needed'); }
}

const file = (path: string): URI => URI.file(path);

beforeAll(() => initModuleLexer());

describe('ImplementationLookup', () => {
    const fileSystem = new MemoryFileSystem({
        '/p/steps.ts': "export function train() {}\nexport type Inputs = {};\nexport * from './more.js';\nexport * from './nested';",
        '/p/more.ts': 'export const notify = () => 1;',
        '/p/nested/index.ts': "export * from '../steps.js';\nexport const deep = 1;",
        '/p/external.ts': "export * from 'some-package';\nexport const own = 1;",
        '/p/broken.ts': 'export const = ;{',
        '/p/folder/a.ts': '',
    });

    test.each<[string, string, string, string]>([
        ['a direct export', '/p/steps.ts', 'train', 'found'],
        ['an export of a star re-export, `.js` resolved to `.ts`', '/p/steps.ts', 'notify', 'found'],
        ['a star re-export of a folder (index.ts), through a circle', '/p/steps.ts', 'deep', 'found'],
        ['a missing name', '/p/steps.ts', 'trian', 'missing-export'],
        ['a type-only name', '/p/steps.ts', 'Inputs', 'missing-export'],
        ['a missing file', '/p/nope.ts', 'train', 'missing-file'],
        ['a folder', '/p/folder', 'train', 'unreadable-file'],
        ['a name a package may re-export', '/p/external.ts', 'anything', 'undecidable'],
        ['a file the lexer cannot read', '/p/broken.ts', 'x', 'undecidable'],
        ['`default`, which `export *` never re-exports', '/p/external.ts', 'default', 'missing-export'],
    ])('%s', (_name, path, exportName, kind) => {
        expect(new ImplementationLookup(fileSystem).find(file(path), exportName).kind).toBe(kind);
    });

    test('lists the run-time exports and flags type-only names', () => {
        const status = new ImplementationLookup(fileSystem).find(file('/p/steps.ts'), 'Inputs');
        expect(status).toEqual({ kind: 'missing-export', exports: ['train'], typeOnly: true });
    });

    test('reads each file once per lookup', () => {
        const counting = new MemoryFileSystem({ '/q/steps.ts': 'export const a = 1;' });
        const lookup = new ImplementationLookup(counting);
        lookup.find(file('/q/steps.ts'), 'a');
        lookup.find(file('/q/steps.ts'), 'b');
        expect(counting.reads).toEqual(['/q/steps.ts']);
    });
});

describe('implementation checks without a file system', () => {
    test('a browser (EmptyFileSystem) skips the disk check but still reports a missing or malformed run', async () => {
        const services = createWeftServices(EmptyFileSystem).Weft;
        const parse = parseHelper<WeftFile>(services);
        const document = await parse([
            'step train(lr: float) -> (loss: float) {',
            '  run: "./nowhere.ts#train"',
            '}',
            'step evaluate(lr: float) -> (loss: float) {',
            '  run: "./nowhere.ts"',
            '}',
            'step publish(lr: float) {}',
        ].join('\n'), { validation: true });
        const codes = (document.diagnostics ?? []).map(diagnostic => diagnostic.code);
        expect(codes).not.toContain(DiagnosticCode.ImplNotFound);
        expect(codes).toContain(DiagnosticCode.MissingRun);
        expect(codes).toContain(DiagnosticCode.InvalidMember);
    });
});
