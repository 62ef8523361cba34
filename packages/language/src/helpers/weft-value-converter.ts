import { type CstNode, DefaultValueConverter, type GrammarAST, type ValueType } from 'langium';

/**
 * Numbers keep their source text (`1_000`, `3e-4`): Langium's default would run `parseInt`,
 * which reads `1_000` as 1. Strings use JSON escapes, as the reference says.
 */
export class WeftValueConverter extends DefaultValueConverter {
    protected override runConverter(rule: GrammarAST.AbstractRule, input: string, cstNode: CstNode): ValueType {
        switch (rule.name) {
            case 'INT':
            case 'FLOAT':
            case 'QUANTITY':
                return input;
            case 'STRING':
                return decodeString(input);
            case 'ID':
                // Langium's would strip a leading `^`, which a Weft name cannot have (and would
                // upper-case the rule's name first, for every name of a file).
                return input;
            default:
                return super.runConverter(rule, input, cstNode);
        }
    }
}

function decodeString(literal: string): string {
    try {
        return JSON.parse(literal) as string;
    } catch {
        // An escape JSON does not know (`\q`): keep the text between the quotes as written.
        return literal.slice(1, -1);
    }
}
