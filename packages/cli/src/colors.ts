import { createColors } from 'picocolors';
import type { OutputStream } from './io.js';

export type Colors = ReturnType<typeof createColors>;

/**
 * Whether to colour what goes to `stream`. As in Node itself: `FORCE_COLOR` wins (`0` or
 * `false` turns colour off, anything else on), then a non-empty `NO_COLOR` turns it off,
 * otherwise colour only on a terminal that is not `TERM=dumb`.
 */
export function shouldUseColor(stream: Pick<OutputStream, 'isTTY'>, env: Readonly<Record<string, string | undefined>>): boolean {
    const force = env['FORCE_COLOR'];
    if (force !== undefined) {
        return force !== '0' && force.toLowerCase() !== 'false';
    }
    if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') {
        return false;
    }
    return stream.isTTY && env['TERM'] !== 'dumb';
}

export function colorsFor(stream: Pick<OutputStream, 'isTTY'>, env: Readonly<Record<string, string | undefined>>): Colors {
    return createColors(shouldUseColor(stream, env));
}
