// Weft's built-in library: the primitive types, the built-in generics and functions.
// Every Weft file sees these names without an import. Kept as a string so that the
// language server bundle needs no file beside it.

/** The URI scheme of the built-in library's document, which has no file on disk. */
export const BUILTINS_SCHEME = 'weft-builtin';

/**
 * The one spelling of the built-in library's URI: the one `URI.toString()` (vscode-uri) gives,
 * which drops the empty authority of `weft-builtin:///builtins.weft`. Documents are keyed and
 * compared by that string, so a second spelling would name a second document.
 */
export const BUILTINS_URI = `${BUILTINS_SCHEME}:/builtins.weft`;

/**
 * Whether `uri` names the built-in library's document, whichever way it is spelled
 * (`weft-builtin:/builtins.weft` or `weft-builtin:///builtins.weft`): the question every part
 * asks, from the validator to the CLI and the editor.
 */
export function isBuiltinUri(uri: { readonly scheme: string; readonly path: string }): boolean {
    return uri.scheme === BUILTINS_SCHEME && uri.path === '/builtins.weft';
}

export const BUILTINS_SOURCE = `

/// A UTF-8 string.
builtin type string
/// A whole number (an integer for the constraint solver).
builtin type int
/// A floating-point number (a real for the constraint solver).
builtin type float
/// \`true\` or \`false\`.
builtin type bool
/// Raw bytes (\`Uint8Array\` in TypeScript).
builtin type bytes
/// A span of time, written with a unit: \`500ms\`, \`30s\`, \`20m\`, \`2h\`, \`1d\` (milliseconds in TypeScript).
builtin type duration
/// An amount of memory in bytes, written with a unit: \`512Mi\`, \`16Gi\` (powers of 1024) or \`1G\` (powers of 1000).
builtin type memory

/// A collection of \`T\` records stored as an artifact (JSON Lines by default).
builtin type Dataset<T>
/// A model artifact that maps \`In\` to \`Out\`.
builtin type Model<In, Out>
/// An n-dimensional array: \`Tensor<f32, [batch, 768]>\`. Each dimension is an integer, a
/// dimension variable, an \`int\` parameter, an arithmetic expression of those, or \`_\` (any).
builtin type Tensor<DType, Shape>
/// A map from keys to values (\`Record<K, V>\` in TypeScript); keys are strings.
builtin type Map<K, V>
/// A file artifact.
builtin type File
/// Named metric values: a \`Map<string, float>\`.
builtin type Metrics
/// Any artifact: a dataset, a model, a tensor or a file.
builtin type Artifact
/// What an \`on failure\` block receives: \`{ step: string, message: string, attempts: int, exitCode?: int, kind?: string }\` (\`kind\`: \`"step"\`, \`"infrastructure"\` or \`"refused"\`).
builtin type Failure

/// 16-bit float tensor elements.
builtin type f16
/// bfloat16 tensor elements.
builtin type bf16
/// 32-bit float tensor elements.
builtin type f32
/// 64-bit float tensor elements.
builtin type f64
/// 8-bit signed integer tensor elements.
builtin type i8
/// 32-bit signed integer tensor elements.
builtin type i32
/// 64-bit signed integer tensor elements.
builtin type i64
/// 8-bit unsigned integer tensor elements.
builtin type u8

/// The smaller of two numbers or quantities of the same kind.
builtin fn min(a: float, b: float): float
/// The larger of two numbers or quantities of the same kind.
builtin fn max(a: float, b: float): float
/// The number of elements of a list.
builtin fn len(list: Artifact[]): int
`;
