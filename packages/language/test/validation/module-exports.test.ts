import { beforeAll, describe, expect, test } from 'vitest';
import { initModuleLexer, isUnreadableModule, ModuleExportsCache, readModuleExports } from '../../src/helpers/module-exports.js';

beforeAll(() => initModuleLexer());

function exportsOf(source: string): { values: string[]; types: string[]; starFrom: string[] } {
    const result = readModuleExports(source);
    if (isUnreadableModule(result)) throw new Error(result.error);
    return { values: [...result.values].sort(), types: [...result.types].sort(), starFrom: [...result.starFrom] };
}

describe('readModuleExports', () => {
    test.each<[string, string, string[], string[]?]>([
        ['a function', 'export function train(inputs: { lr: number }): void {}', ['train']],
        ['an async function', 'export async function train(): Promise<void> {}', ['train']],
        ['a generic function', 'export function train<T extends object = {}>(inputs: T[]): Array<T> { return inputs; }', ['train']],
        ['a const arrow function with generics', 'export const embed = async <T,>(x: T): Promise<T> => x;', ['embed']],
        ['several consts in one statement', 'export const a = 1, b: number = 2;', ['a', 'b']],
        ['let and var', 'export let a = 1;\nexport var b = 2;', ['a', 'b']],
        ['a renamed local', 'const embedText = () => 1;\nexport { embedText as embed };', ['embed']],
        ['a default function', 'export default function (): void {}', ['default']],
        ['a default expression', 'const x = 1;\nexport default x;', ['default']],
        ['a class', 'export class Trainer<T> implements Runner { private x!: number; }', ['Trainer']],
        ['a named re-export', "export { train as fit } from './train.js';", ['fit']],
        ['a namespace re-export', "export * as steps from './steps.js';", ['steps']],
        ['an overloaded function', 'function f(a: string): string;\nfunction f(a: number): number;\nfunction f(a: any): any { return a; }\nexport { f };', ['f']],
        ['a type and an interface are types', 'export type Inputs = { lr: number };\nexport interface Outputs { model: string }', [], ['Inputs', 'Outputs']],
        ['type-only export lists', 'type A = string;\nconst b = 1;\nexport { type A, b };', ['b'], ['A']],
        ['`export type { … }`', 'type A = string;\nexport type { A };', [], ['A']],
        ['an ambient declaration is a type', 'export declare const version: string;', [], ['version']],
        ['a name that is both a type and a value is a value', 'export const x = 1;\nexport type x = number;', ['x']],
    ])('%s', (_name, source, values, types = []) => {
        const result = exportsOf(source);
        expect(result.values).toEqual(values);
        expect(result.types).toEqual(types);
    });

    test.each([
        ['in a string', 'const s = "export function fake() {}";'],
        ['in a template', 'const s = `export const fake = ${1}`;'],
        ['in a comment', '// export function fake() {}\n/* export const other = 1 */'],
        ['in a regular expression', 'const r = /export const fake = 1/;'],
        ['in a type', 'type T = { export: string };'],
    ])('does not see exports %s', (_where, source) => {
        expect(exportsOf(source).values).toEqual([]);
    });

    test('lists the modules of `export *` separately, type-only ones not at all', () => {
        const result = exportsOf("export * from './a.js';\nexport type * from './types.js';\nexport const x = 1;");
        expect(result.starFrom).toEqual(['./a.js']);
        expect(result.values).toEqual(['x']);
    });

    test('reports a module it cannot lex instead of throwing', () => {
        expect(isUnreadableModule(readModuleExports('export const = ;{'))).toBe(true);
    });
});

describe('ModuleExportsCache', () => {
    test('lexes a file again only when its content changed', () => {
        const cache = new ModuleExportsCache();
        const first = cache.exportsOf('/a.ts', 'export const a = 1;');
        expect(cache.exportsOf('/a.ts', 'export const a = 1;')).toBe(first);
        const changed = cache.exportsOf('/a.ts', 'export const b = 1;');
        expect(changed).not.toBe(first);
        expect(isUnreadableModule(changed) ? [] : [...changed.values]).toEqual(['b']);
    });
});
