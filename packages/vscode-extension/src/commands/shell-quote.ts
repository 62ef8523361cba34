/** Quotes an argument for a POSIX shell or PowerShell-compatible terminal. */
export function quote(argument: string): string {
    return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replace(/'/g, `'\\''`)}'`;
}
