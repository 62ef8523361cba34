// A helper that reads a field of a record that is not there: the TypeError comes from line 3.
export function firstLabel(rows: readonly { label: { name: string } }[]): string {
    return rows[0]!.label.name;
}
