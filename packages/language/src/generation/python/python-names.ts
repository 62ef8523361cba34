import { modulePathFor } from '../output-paths.js';

/** Spelling Weft names as Python: identifiers, module paths, string literals. */

/**
 * Python's keywords, and the names generated modules import (`typing`, `dataclasses`,
 * `weft_contract`): a Weft name among them gets a trailing `_`.
 */
const reserved = new Set([
    'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
    'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
    'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
    'annotations', 'dataclass', 'Any', 'Generic', 'Literal', 'Optional', 'TypeAlias', 'TypeVar', 'Union',
    'Dataset', 'Model', 'File', 'Tensor', 'Metrics', 'DType', 'Failure', 'StepContext', 'StepContract', 'implement',
]);

/** A Weft name usable as a Python binding. */
export function pyIdentifier(name: string): string {
    return reserved.has(name) ? `${name}_` : name;
}

/** A record field: an identifier as it is, anything else (`nvidia.com/gpu`) with `_` for each other character. */
export function pyFieldName(name: string): string {
    const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_');
    return pyIdentifier(/^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned);
}

/** A string as a single-quoted Python literal. */
export function pyString(value: string): string {
    return `'${JSON.stringify(value).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'")}'`;
}

/**
 * The Python module a `.weft` file becomes (`text-classifier/sentiment.weft` →
 * `text_classifier/sentiment.py`): the TypeScript module's path with each folder and file name
 * made a Python identifier, since Python imports it by name.
 */
export function pythonModulePathFor(relativeWeftPath: string): string {
    const segments = modulePathFor(relativeWeftPath).replace(/\.ts$/, '').split('/');
    return `${segments.map(segment => pyFieldName(segment)).join('/')}.py`;
}

/** The name a module at `modulePath` is imported by: `text_classifier/sentiment.py` → `text_classifier.sentiment`. */
export function pythonModuleName(modulePath: string): string {
    return modulePath.replace(/\.py$/, '').replaceAll('/', '.');
}
