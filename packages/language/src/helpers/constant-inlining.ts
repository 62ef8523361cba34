import type { ConstDeclaration, Expression } from '../generated/ast.js';

/**
 * The constants whose values are being worked out, for code that inlines a constant's value
 * where it is named. A constant that refers to itself, directly or through others
 * (`const a = b`, `const b = a`), has no value: the checker reports it, and `inline` answers
 * `undefined` rather than loop.
 */
export class ConstantInlining {
    private readonly open = new Set<ConstDeclaration>();

    inline<T>(constant: ConstDeclaration, valueOf: (value: Expression) => T): T | undefined {
        if (this.open.has(constant)) return undefined;
        this.open.add(constant);
        try {
            return valueOf(constant.value);
        } finally {
            this.open.delete(constant);
        }
    }
}
