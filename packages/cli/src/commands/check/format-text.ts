import type { Colors } from '../../colors.js';
import type { CheckDiagnostic, CheckSeverity } from './check-diagnostic.js';

/** `file:line:col: severity code: message`, one line, whatever the message holds. */
export function formatDiagnosticLine(diagnostic: CheckDiagnostic, colors: Colors): string {
    const location = `${colors.cyan(diagnostic.file)}:${colors.yellow(`${diagnostic.line}:${diagnostic.column}`)}`;
    const severity = colorSeverity(diagnostic.severity, colors);
    return `${location}: ${severity} ${colors.dim(diagnostic.code)}: ${flatten(diagnostic.message)}`;
}

/** "2 errors, 1 warning in 3 files", or "no problems in 3 files". */
export function formatSummary(diagnostics: readonly CheckDiagnostic[], fileCount: number, colors: Colors): string {
    const count = (severity: CheckSeverity) => diagnostics.filter(diagnostic => diagnostic.severity === severity).length;
    const errors = count('error');
    const warnings = count('warning');
    const infos = count('info');
    const parts = [
        errors > 0 ? colors.red(colors.bold(plural(errors, 'error'))) : undefined,
        warnings > 0 ? colors.yellow(plural(warnings, 'warning')) : undefined,
        infos > 0 ? colors.blue(plural(infos, 'info', 'infos')) : undefined,
    ].filter(part => part !== undefined);
    const found = parts.length > 0 ? parts.join(', ') : colors.green('no problems');
    return `${found} in ${plural(fileCount, 'file')}`;
}

function colorSeverity(severity: CheckSeverity, colors: Colors): string {
    switch (severity) {
        case 'error': return colors.red(severity);
        case 'warning': return colors.yellow(severity);
        case 'info': return colors.blue(severity);
    }
}

/** Parser messages can span lines; a text report keeps one diagnostic per line. */
function flatten(message: string): string {
    return message.trim().replace(/\s*\r?\n\s*/g, ' ');
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
    return `${count} ${count === 1 ? singular : pluralForm}`;
}
