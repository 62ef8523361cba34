import { type Grammar, GrammarAST } from 'langium';

/**
 * The grammar elements of one parser rule, found by kind and position, so that the fast parser
 * (fast-parser.ts) gives its CST nodes the very `grammarSource` objects Langium's parser gives
 * them. Looked up once, when the parser is built.
 */
export class RuleElements {
    /** The rule's keywords, rule calls, cross-references and actions, in the order they are written. */
    private readonly elements: GrammarAST.AbstractElement[] = [];

    constructor(readonly rule: GrammarAST.AbstractRule) {
        if (GrammarAST.isParserRule(rule)) this.collect(rule.definition);
    }

    /** The `nth` keyword `value` of the rule (counting from 0). */
    keyword(value: string, nth = 0): GrammarAST.Keyword {
        return this.find(element => GrammarAST.isKeyword(element) && element.value === value, nth, `keyword '${value}'`) as GrammarAST.Keyword;
    }

    /** The `nth` call of rule `name` (a parser or terminal rule), not counting the terminals of cross-references. */
    call(name: string, nth = 0): GrammarAST.RuleCall {
        return this.find(element => GrammarAST.isRuleCall(element) && element.rule.ref?.name === name, nth, `call of ${name}`) as GrammarAST.RuleCall;
    }

    /** The `nth` cross-reference of the rule. */
    crossReference(nth = 0): GrammarAST.CrossReference {
        return this.find(GrammarAST.isCrossReference, nth, 'cross-reference') as GrammarAST.CrossReference;
    }

    /** The `nth` action of the rule. */
    action(nth = 0): GrammarAST.Action {
        return this.find(GrammarAST.isAction, nth, 'action') as GrammarAST.Action;
    }

    private find(matches: (element: GrammarAST.AbstractElement) => boolean, nth: number, what: string): GrammarAST.AbstractElement {
        const found = this.elements.filter(matches)[nth];
        if (found === undefined) throw new Error(`grammar rule ${this.rule.name} has no ${what} #${nth}`);
        return found;
    }

    private collect(element: GrammarAST.AbstractElement): void {
        if (GrammarAST.isGroup(element) || GrammarAST.isAlternatives(element) || GrammarAST.isUnorderedGroup(element)) {
            for (const child of element.elements) this.collect(child);
        } else if (GrammarAST.isAssignment(element)) {
            this.collect(element.terminal);
        } else {
            // A cross-reference's terminal (`ID` in `[Declaration:ID]`) is not an element of its own in the CST.
            this.elements.push(element);
        }
    }
}

/** The elements of the rule `name` of `grammar`. */
export function ruleElements(grammar: Grammar, name: string): RuleElements {
    const rule = grammar.rules.find(candidate => candidate.name === name);
    if (rule === undefined) throw new Error(`the grammar has no rule ${name}`);
    return new RuleElements(rule);
}
