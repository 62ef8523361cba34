/** `Metrics`: named metric values (Weft's `Map<string, float>`). */
export type Metrics = Readonly<Record<string, number>>;
