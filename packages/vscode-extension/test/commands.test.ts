import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, test, vi } from 'vitest';

// No VS Code runs here: a stand-in for the `vscode` API the commands use records what they do.
const editor = vi.hoisted(() => ({
    registered: new Map<string, (...args: unknown[]) => unknown>(),
    statusMessages: [] as string[],
    errorMessages: [] as string[],
}));
vi.mock('vscode', () => ({
    commands: {
        registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
            editor.registered.set(id, handler);
            return { dispose: () => editor.registered.delete(id) };
        },
    },
    window: {
        setStatusBarMessage: (message: string) => editor.statusMessages.push(message),
        showErrorMessage: async (message: string) => editor.errorMessages.push(message),
    },
    workspace: {},
}));

const { registerCommands } = await import('../src/commands/commands.js');
const extensionFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const contributes = JSON.parse(readFileSync(path.join(extensionFolder, 'package.json'), 'utf8')).contributes;

/** A language client that records restarts, and fails them when told to. */
function fakeClient(failure?: Error) {
    const calls: string[] = [];
    return { calls, restart: async () => { calls.push('restart'); if (failure) throw failure; } };
}

beforeEach(() => {
    editor.registered.clear();
    editor.statusMessages.length = 0;
    editor.errorMessages.length = 0;
});

describe('commands', () => {
    test('every contributed command is registered, and every registered one contributed', () => {
        registerCommands({ subscriptions: [] } as never, fakeClient() as never);
        const contributed = contributes.commands.map((command: { command: string }) => command.command).sort();
        expect([...editor.registered.keys()].sort()).toEqual(contributed);
        expect(contributed).toContain('weft.restartServer');
        expect(contributes.commands.find((command: { command: string }) => command.command === 'weft.restartServer'))
            .toEqual({ command: 'weft.restartServer', title: 'Restart Language Server', category: 'Weft' });
    });

    test('Weft: Restart Language Server restarts the client (a new server process) and says so', async () => {
        const client = fakeClient();
        registerCommands({ subscriptions: [] } as never, client as never);
        await editor.registered.get('weft.restartServer')!();
        expect(client.calls).toEqual(['restart']);
        expect(editor.statusMessages).toEqual(['Weft: language server restarted']);
    });

    test('a restart that fails is reported in one line, not thrown', async () => {
        const client = fakeClient(new Error('Server initialization failed.'));
        registerCommands({ subscriptions: [] } as never, client as never);
        await expect(editor.registered.get('weft.restartServer')!()).resolves.toBeUndefined();
        expect(editor.errorMessages).toEqual(['Weft: the language server did not restart: Server initialization failed.']);
        expect(editor.statusMessages).toEqual([]);
    });
});
