// One error model (docs/architecture.md, "Errors"): every error class of every package extends
// WeftError with a valid fault and its own stable code, the codes are unique and listed in
// docs/cli.md, and the CLI's bundle holds no second copy of WeftError (which would make
// `instanceof WeftError` false for the runtime's errors).
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Fault, WeftError } from '@weft/contract';
import { describe, expect, test } from 'vitest';
import { expectBuiltCli } from './run-weft.js';

expectBuiltCli();

const packages = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const faults: readonly Fault[] = ['user', 'step', 'infrastructure', 'weft'];

/** The error classes each package exports, by entry point. */
const entries = await Promise.all([
    import('@weft/contract'),
    import('@weft/language'),
    import('@weft/language/node'),
    import('@weft/runtime'),
    import('@weft/runtime/kubernetes'),
    import('@weft/runtime/argo'),
    import('@weft/runtime/bundling'),
    import('@weft/runtime/testing'),
    import('../src/index.js'),
]);
type ErrorClass = (abstract new (...args: never[]) => Error) & { readonly fault?: unknown; readonly code?: unknown };

function isErrorClass(value: unknown): value is ErrorClass {
    return typeof value === 'function' && value.prototype instanceof Error;
}

const exported = new Set<ErrorClass>(entries.flatMap(entry => Object.values(entry).filter(isErrorClass)).filter(kind => kind !== WeftError));

/** An error class as its source declares it: `class XError extends …` and its static fault and code. */
interface DeclaredClass {
    /** `<package>/src/…/file.ts#ClassName`. */
    readonly id: string;
    readonly name: string;
    readonly fault?: string;
    readonly code?: string;
}

/** The error classes declared in the packages' sources, which the exported ones must cover. */
function declaredErrorClasses(): DeclaredClass[] {
    const declared: DeclaredClass[] = [];
    for (const name of ['contract', 'language', 'runtime', 'cli', 'vscode-extension']) {
        const src = path.join(packages, name, 'src');
        for (const entry of readdirSync(src, { withFileTypes: true, recursive: true })) {
            if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.parentPath.includes('generated')) continue;
            const text = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
            const pattern = /class (\w+) extends (\w+Error) \{\n(?:    static override readonly fault(?:: \w+)? = '([\w-]+)';\n    static override readonly code(?:: string)? = '([\w-]+)';)?/g;
            for (const match of text.matchAll(pattern)) {
                declared.push({ id: `${path.relative(packages, path.join(entry.parentPath, entry.name))}#${match[1]!}`, name: match[1]!, ...(match[3] ? { fault: match[3] } : {}), ...(match[4] ? { code: match[4] } : {}) });
            }
        }
    }
    return declared;
}

/** Classes no entry point exports (used only inside their package); their source must declare fault and code. */
const notExported = [
    'language/src/helpers/file-refusals.ts#NotARegularFileError',
    'language/src/helpers/file-refusals.ts#FileTooLargeError',
    'runtime/src/artifacts/attempt-files.ts#AttemptFileError',
    'runtime/src/kubernetes/argo/argo-conditions.ts#UntranslatableConditionError',
    'runtime/src/kubernetes/argo/bind-attempt.ts#BindError',
    'runtime/src/trust/regular-files.ts#FileTooLargeError',
    'runtime/src/trust/regular-files.ts#NotARegularFileError',
];
const declared = declaredErrorClasses();
const unexported = declared.filter(each => notExported.includes(each.id));

describe('the error model', () => {
    test('every error class declared in the sources is exported, or listed as not exported and declares its fault and code', () => {
        const names = new Set([...exported].map(kind => kind.name));
        expect(declared.filter(each => !notExported.includes(each.id) && !names.has(each.name)).map(each => each.id)).toEqual([]);
        expect(unexported.map(each => each.id).sort()).toEqual([...notExported].sort());
        for (const each of unexported) {
            expect(faults, `${each.id}: fault`).toContain(each.fault);
            expect(each.code, `${each.id}: code`).toMatch(/^[a-z]+(-[a-z]+)*$/);
        }
    });

    test('every exported error class is a WeftError with a valid fault and a kebab-case code of its own', () => {
        for (const kind of exported) {
            expect(kind.prototype instanceof WeftError, `${kind.name} extends WeftError`).toBe(true);
            expect(faults, `${kind.name}.fault`).toContain(kind.fault);
            expect(Object.hasOwn(kind, 'code') && Object.hasOwn(kind, 'fault'), `${kind.name} declares its own fault and code`).toBe(true);
            expect(kind.code, `${kind.name}.code`).toMatch(/^[a-z]+(-[a-z]+)*$/);
        }
        expect(exported.size).toBeGreaterThan(45);
    });

    test('no two classes share a code', () => {
        const byCode = new Map<unknown, string[]>();
        for (const kind of exported) byCode.set(kind.code, [...byCode.get(kind.code) ?? [], kind.name]);
        for (const each of unexported) byCode.set(each.code, [...byCode.get(each.code) ?? [], each.id]);
        expect([...byCode.values()].filter(names => names.length > 1)).toEqual([]);
    });

    test('an instance carries its class\'s fault, code and name', async () => {
        const { ParameterTypeError, StoreUnwritableError } = await import('@weft/runtime');
        const error = new ParameterTypeError('train', { file: 'train.weft', line: 3 }, 'n', 'n is an int');
        expect({ name: error.name, fault: error.fault, code: error.code }).toEqual({ name: 'ParameterTypeError', fault: 'user', code: 'parameter-type' });
        expect(JSON.parse(JSON.stringify(new StoreUnwritableError('runs.db', 'disk full')))).toMatchObject({ fault: 'infrastructure', code: 'store-write' });
    });

    test('docs/cli.md lists every code with its fault', () => {
        const docs = readFileSync(path.join(packages, '..', 'docs', 'cli.md'), 'utf8');
        const all = [...[...exported].map(kind => ({ name: kind.name, code: String(kind.code), fault: String(kind.fault) })), ...unexported.map(each => ({ name: each.id, code: each.code!, fault: each.fault! }))];
        expect(all.filter(each => !docs.includes(`| \`${each.code}\` | ${each.fault} |`)).map(each => `${each.name} (${each.code})`)).toEqual([]);
    });

    test('the CLI\'s bundle holds no copy of WeftError: it loads @weft/contract/errors, as the runtime does', () => {
        const bundle = path.join(packages, 'cli', 'bundle');
        const copies = readdirSync(bundle).filter(file => file.endsWith('.js') && readFileSync(path.join(bundle, file), 'utf8').includes('class WeftError'));
        expect(copies).toEqual([]);
    });
});
