import type * as vscode from 'vscode';

/** VS Code's `LogLevel` values the channel reports (fixed by the API). */
const LogLevelOff = 0 as vscode.LogLevel;
const LogLevelTrace = 1 as vscode.LogLevel;

/** Whether a `weft.trace.server` value ("off" | "messages" | "verbose") asks for a trace. */
export function tracesServer(setting: unknown): boolean {
    return setting === 'messages' || setting === 'verbose';
}

/**
 * The channel the language client writes the protocol trace to. vscode-languageclient 10
 * traces only while its channel's log level is Trace, and then reads `weft.trace.server` for
 * the verbosity alone ("off" counts as "messages"). This channel's level follows the setting
 * instead: "off" turns the trace off, "messages" and "verbose" turn it on, with no log level
 * to set by hand. Call {@link settingChanged} when the setting changes.
 */
export class SettingTraceChannel implements vscode.LogOutputChannel {
    private readonly listeners = new Set<(level: vscode.LogLevel) => unknown>();

    constructor(private readonly output: vscode.OutputChannel, private readonly setting: () => unknown) {}

    get name(): string {
        return this.output.name;
    }

    get logLevel(): vscode.LogLevel {
        return tracesServer(this.setting()) ? LogLevelTrace : LogLevelOff;
    }

    readonly onDidChangeLogLevel: vscode.Event<vscode.LogLevel> = (listener, thisArgs?, disposables?) => {
        const bound = (level: vscode.LogLevel): unknown => listener.call(thisArgs, level);
        this.listeners.add(bound);
        const subscription = { dispose: () => this.listeners.delete(bound) };
        disposables?.push(subscription);
        return subscription;
    };

    /** Tells the client (which caches the level) that the setting changed. */
    settingChanged(): void {
        for (const listener of [...this.listeners]) listener(this.logLevel);
    }

    trace(message: string): void {
        if (this.logLevel === LogLevelTrace) this.output.appendLine(message);
    }

    debug(message: string): void {
        this.output.appendLine(`[debug] ${message}`);
    }

    info(message: string): void {
        this.output.appendLine(`[info] ${message}`);
    }

    warn(message: string): void {
        this.output.appendLine(`[warning] ${message}`);
    }

    error(error: string | Error): void {
        this.output.appendLine(`[error] ${typeof error === 'string' ? error : error.message}`);
    }

    append(value: string): void {
        this.output.append(value);
    }

    appendLine(value: string): void {
        this.output.appendLine(value);
    }

    replace(value: string): void {
        this.output.replace(value);
    }

    clear(): void {
        this.output.clear();
    }

    show(preserveFocus?: boolean): void;
    show(column?: vscode.ViewColumn, preserveFocus?: boolean): void;
    show(first?: boolean | vscode.ViewColumn, preserveFocus?: boolean): void {
        if (typeof first === 'boolean' || first === undefined) this.output.show(first);
        else this.output.show(first, preserveFocus);
    }

    hide(): void {
        this.output.hide();
    }

    dispose(): void {
        this.listeners.clear();
        this.output.dispose();
    }
}
