import { stringify } from 'yaml';

/** Manifests as one YAML stream, documents separated by `---`, in the order given (apply order). */
export function toYaml(documents: readonly object[]): string {
    // lineWidth 0: never fold long strings (expressions, bundled code stay one scalar each).
    return documents.map(document => stringify(document, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}
