import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test, vi } from 'vitest';
import { isWeftTaskDefinition, taskCommandLine, WEFT_PROBLEM_MATCHER, WEFT_TASK_TYPE } from '../src/tasks/weft-task-definition.js';

// No VS Code runs here: a stand-in for the few `vscode` API the task provider uses records what it builds.
vi.mock('vscode', () => {
    class ShellExecution {
        constructor(readonly commandLine: string, readonly options: object) {}
    }
    class Task {
        group: unknown;
        presentationOptions: unknown;
        constructor(readonly definition: object, readonly scope: unknown, readonly name: string, readonly source: string, readonly execution: ShellExecution, readonly problemMatchers: string) {}
    }
    const folder = { uri: { fsPath: '/home/me/project' }, name: 'project', index: 0 };
    return {
        ShellExecution, Task,
        TaskGroup: { Build: 'build' }, TaskRevealKind: { Silent: 2 }, TaskScope: { Workspace: 2 },
        workspace: { workspaceFolders: [folder], getConfiguration: () => ({ get: () => '' }) },
    };
});

const extensionFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const contributes = JSON.parse(readFileSync(path.join(extensionFolder, 'package.json'), 'utf8')).contributes;

describe('the weft task', () => {
    test('is contributed with the type and problem matcher the provider uses', () => {
        const definition = contributes.taskDefinitions.find((candidate: { type: string }) => candidate.type === WEFT_TASK_TYPE);
        expect(definition.required).toEqual(['command']);
        expect(definition.properties.command.enum).toEqual(['check']);
        expect(definition.properties.paths.items).toEqual({ type: 'string' });
        expect(contributes.problemMatchers.map((matcher: { name: string }) => `$${matcher.name}`)).toEqual([WEFT_PROBLEM_MATCHER]);
    });

    test('accepts the definitions tasks.json may hold, and nothing else', () => {
        expect(isWeftTaskDefinition({ type: 'weft', command: 'check' })).toBe(true);
        expect(isWeftTaskDefinition({ type: 'weft', command: 'check', paths: ['pipelines', 'more.weft'] } as { type: string })).toBe(true);
        expect(isWeftTaskDefinition({ type: 'weft', command: 'run' } as { type: string })).toBe(false);
        expect(isWeftTaskDefinition({ type: 'weft', command: 'check', paths: 'pipelines' } as { type: string })).toBe(false);
        expect(isWeftTaskDefinition({ type: 'npm', command: 'check' } as { type: string })).toBe(false);
    });

    test('its command line quotes the paths for the shell', () => {
        expect(taskCommandLine('npx weft', { type: 'weft', command: 'check' })).toBe('npx weft check');
        expect(taskCommandLine('npx weft', { type: 'weft', command: 'check', paths: ['pipelines', "Bob's pipelines/a b.weft"] }))
            .toBe(`npx weft check pipelines 'Bob'\\''s pipelines/a b.weft'`);
    });

    test('the provider offers "weft: check" for each workspace folder, with the $weft matcher, and resolves tasks.json entries', async () => {
        const { weftTaskProvider } = await import('../src/tasks/weft-task-provider.js');
        const offered = weftTaskProvider.provideTasks({} as never) as unknown as Record<string, unknown>[];
        expect(offered).toHaveLength(1);
        expect(offered[0]).toMatchObject({
            definition: { type: 'weft', command: 'check' }, name: 'check', source: 'weft', problemMatchers: '$weft', group: 'build',
            execution: { commandLine: 'npx weft check', options: { cwd: '/home/me/project' } },
        });
        const folder = offered[0]!['scope'];
        const written = { type: 'weft', command: 'check', paths: ['pipelines'] };
        const resolved = weftTaskProvider.resolveTask({ definition: written, scope: folder, name: 'check pipelines' } as never, {} as never) as unknown as Record<string, unknown>;
        expect(resolved['definition']).toBe(written);
        expect(resolved).toMatchObject({ name: 'check pipelines', execution: { commandLine: 'npx weft check pipelines' } });
        expect(weftTaskProvider.resolveTask({ definition: { type: 'weft', command: 'deploy' }, scope: folder, name: 'x' } as never, {} as never)).toBeUndefined();
    });
});
