import { type CstNode, CstUtils, type Grammar, GrammarAST } from 'langium';

/**
 * The grammar elements Langium's parser makes up for an infix rule: the operand and operator
 * assignments of `parts+=Operand (operators+=Op parts+=Operand)*`. They are not in the grammar.
 * The fast parser makes its own, shaped as Langium's `buildInfixRule` makes them (completion walks
 * their `$container`s), and WeftParser gives Langium's CST nodes these same objects
 * (`infixElementsOf` finds Langium's), so that every CST of a document shares one set.
 */
export interface InfixElements {
    /** The `operators+=` assignment that is the `grammarSource` of each operator leaf, by infix rule name. */
    readonly operator: ReadonlyMap<string, GrammarAST.Assignment>;
}

/** Makes the infix elements of every infix rule of `grammar`, as Langium's `buildInfixRule` does. */
export function makeInfixElements(grammar: Grammar): InfixElements {
    const operator = new Map<string, GrammarAST.Assignment>();
    for (const rule of grammar.rules) {
        if (!GrammarAST.isInfixRule(rule)) continue;
        const outerGroup = { $type: 'Group', elements: [] as unknown[] };
        const firstOperand = { $container: outerGroup, $type: 'Assignment', feature: 'parts', operator: '+=', terminal: rule.call };
        const loop = { $container: outerGroup, $type: 'Group', elements: [] as unknown[], cardinality: '*' };
        outerGroup.elements.push(firstOperand, loop);
        const alternatives = { $type: 'Alternatives', elements: rule.operators.precedences.flatMap(level => level.operators) };
        const operatorAssignment = { $container: loop, $type: 'Assignment', feature: 'operators', operator: '+=', terminal: alternatives };
        loop.elements.push(operatorAssignment, { ...firstOperand, $container: loop });
        operator.set(rule.name, operatorAssignment as unknown as GrammarAST.Assignment);
    }
    return { operator };
}

/** The three infix elements of each rule, in `infix` and `source`, the first found by the second. */
export function infixElementPairs(infix: InfixElements, source: InfixElements): Map<GrammarAST.AbstractElement, GrammarAST.AbstractElement> {
    const pairs = new Map<GrammarAST.AbstractElement, GrammarAST.AbstractElement>();
    for (const [name, operator] of source.operator) {
        const ours = infix.operator.get(name);
        if (ours === undefined) continue;
        const [theirLoop, ourLoop] = [operator.$container as GrammarAST.Group, ours.$container as GrammarAST.Group];
        pairs.set(operator, ours);
        pairs.set(theirLoop.elements[1]!, ourLoop.elements[1]!);
        pairs.set((theirLoop.$container as GrammarAST.Group).elements[0]!, (ourLoop.$container as GrammarAST.Group).elements[0]!);
    }
    return pairs;
}

/** Reads Langium's infix assignments off the CST of a parse of an expression with every infix rule's operators. */
export function infixElementsOf(grammar: Grammar, root: CstNode): InfixElements {
    const operator = new Map<string, GrammarAST.Assignment>();
    for (const node of CstUtils.streamCst(root)) {
        const source = node.grammarSource;
        if (!GrammarAST.isAssignment(source) || source.feature !== 'operators') continue;
        // Langium's synthetic group: parts+=Operand (operators+=Op parts+=Operand)*
        const first = ((source.$container as GrammarAST.Group).$container as GrammarAST.Group).elements[0] as GrammarAST.Assignment;
        const rule = grammar.rules.find(candidate => GrammarAST.isInfixRule(candidate) && candidate.call === first.terminal);
        if (rule !== undefined) operator.set(rule.name, source);
    }
    return { operator };
}
