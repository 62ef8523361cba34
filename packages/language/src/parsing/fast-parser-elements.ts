import { type Grammar, GrammarAST } from 'langium';
import { ruleElements } from './grammar-elements.js';
import type { InfixElements } from './infix-elements.js';

// The table of grammar elements the fast parser (fast-parser.ts) gives its CST nodes as
// `grammarSource`, looked up once when the parser is built.

/** An infix rule's elements and operator precedences. */
export interface InfixRule {
    readonly type: string;
    /** The assignments `parts+=Operand` of the first operand and of the others, `operators+=Op`. */
    readonly first: GrammarAST.Assignment;
    readonly next: GrammarAST.Assignment;
    readonly operator: GrammarAST.Assignment;
    /** Each operator's level (0 binds tightest) and associativity, as Langium's `registerPrecedenceMap`. */
    readonly precedence: ReadonlyMap<string, { precedence: number; rightAssoc: boolean }>;
}

/** The elements of `items+=Item (',' items+=Item)*`. */
export interface SeparatedElements {
    readonly first: GrammarAST.RuleCall;
    readonly comma: GrammarAST.Keyword;
    readonly next: GrammarAST.RuleCall;
}

export interface ListElements extends SeparatedElements {
    readonly open: GrammarAST.Keyword;
    readonly close: GrammarAST.Keyword;
    readonly trailingComma?: GrammarAST.Keyword;
}

export interface MemberCalls {
    readonly where: GrammarAST.RuleCall;
    readonly entry: GrammarAST.RuleCall;
    readonly blockEntry: GrammarAST.RuleCall;
}

export interface StatementCalls {
    readonly let: GrammarAST.RuleCall;
    readonly when: GrammarAST.RuleCall;
    readonly onFailure: GrammarAST.RuleCall;
    readonly return: GrammarAST.RuleCall;
    /** Only in an `on failure` block. */
    readonly recover?: GrammarAST.RuleCall;
}

export type Elements = ReturnType<typeof lookUpElements>;

/** Every grammar element the parser records in the CST, by rule and position in the rule. */
export function lookUpElements(grammar: Grammar, infixElements: InfixElements) {
    const rule = (name: string) => ruleElements(grammar, name);
    /** `(item (',' item)* ','?)?` between `open` and `close`, the commas and calls counted from `nth`. */
    const list = (r: ReturnType<typeof rule>, item: string, open: [string, number], close: [string, number], comma: number, call = 0, trailing = true): ListElements => ({
        open: r.keyword(...open), close: r.keyword(...close),
        first: r.call(item, call), comma: r.keyword(',', comma), next: r.call(item, call + 1),
        trailingComma: trailing ? r.keyword(',', comma + 1) : undefined,
    });
    const members = (r: ReturnType<typeof rule>, nth = 0): MemberCalls => ({
        where: r.call('WhereClause', nth), entry: r.call('Entry', nth), blockEntry: r.call('BlockEntry', nth),
    });
    const statements = (r: ReturnType<typeof rule>, nth = 0, recover = false): StatementCalls => ({
        let: r.call('LetStatement', nth), when: r.call('WhenStatement', nth),
        onFailure: r.call('OnFailureStatement', nth), return: r.call('ReturnStatement', nth),
        ...(recover ? { recover: r.call('RecoverStatement', nth) } : {}),
    });
    const infix = (name: string): InfixRule => {
        const infixRule = grammar.rules.find(candidate => candidate.name === name);
        const operator = infixElements.operator.get(name);
        if (!GrammarAST.isInfixRule(infixRule) || operator === undefined) throw new Error(`no infix rule ${name}`);
        const loop = operator.$container as GrammarAST.Group;
        const precedence = new Map<string, { precedence: number; rightAssoc: boolean }>();
        infixRule.operators.precedences.forEach((level, index) => {
            for (const keyword of level.operators) precedence.set(keyword.value, { precedence: index, rightAssoc: level.associativity === 'right' });
        });
        return {
            type: infixRule.returnType?.ref?.name ?? infixRule.name,
            first: (loop.$container as GrammarAST.Group).elements[0] as GrammarAST.Assignment,
            next: loop.elements[1] as GrammarAST.Assignment,
            operator,
            precedence,
        };
    };

    const file = rule('WeftFile');
    const moduleHeader = rule('ModuleHeader');
    const imports = rule('Import');
    const importItem = rule('ImportItem');
    const typeDeclaration = rule('TypeDeclaration');
    const constDeclaration = rule('ConstDeclaration');
    const dataset = rule('DatasetDeclaration');
    const model = rule('ModelDeclaration');
    const step = rule('StepDeclaration');
    const parameter = rule('Parameter');
    const output = rule('Output');
    const pipeline = rule('PipelineDeclaration');
    const target = rule('TargetDeclaration');
    const pool = rule('Pool');
    const builtinType = rule('BuiltinType');
    const builtinFunction = rule('BuiltinFunction');
    const whereClause = rule('WhereClause');
    const entry = rule('Entry');
    const blockEntry = rule('BlockEntry');
    const block = rule('Block');
    const letStatement = rule('LetStatement');
    const stepCall = rule('StepCall');
    const forEach = rule('ForEach');
    const argument = rule('Argument');
    const when = rule('WhenStatement');
    const onFailure = rule('OnFailureStatement');
    const returnStatement = rule('ReturnStatement');
    const recoverStatement = rule('RecoverStatement');
    const typeExpression = rule('TypeExpression');
    const postfixType = rule('PostfixType');
    const parenthesizedType = rule('ParenthesizedTypeExpression');
    const recordType = rule('RecordTypeExpression');
    const recordField = rule('RecordField');
    const literalType = rule('LiteralTypeExpression');
    const namedType = rule('NamedTypeExpression');
    const typeArgument = rule('TypeArgument');
    const shape = rule('ShapeExpression');
    const dimension = rule('Dimension');
    const ranged = rule('Ranged');
    const unary = rule('Unary');
    const primary = rule('Primary');
    const recordLiteral = rule('RecordLiteral');
    const recordLiteralField = rule('RecordLiteralField');
    const qualifiedName = rule('QualifiedName');
    const signature = (r: ReturnType<typeof rule>) => ({
        parameters: list(r, 'Parameter', ['(', 0], [')', 0], 0),
        arrow: r.keyword('->'),
        outputs: list(r, 'Output', ['(', 1], [')', 1], 2),
    });

    return {
        file: {
            header: file.call('ModuleHeader'),
            imports: file.call('Import'),
            declarations: {
                type: file.call('TypeDeclaration'), const: file.call('ConstDeclaration'), dataset: file.call('DatasetDeclaration'),
                model: file.call('ModelDeclaration'), step: file.call('StepDeclaration'), pipeline: file.call('PipelineDeclaration'),
                target: file.call('TargetDeclaration'), builtinType: file.call('BuiltinType'), builtinFunction: file.call('BuiltinFunction'),
            },
        },
        moduleHeader: {
            module: moduleHeader.keyword('module'), name: moduleHeader.call('QualifiedName'),
            version: moduleHeader.keyword('version'), versionString: moduleHeader.call('STRING'),
        },
        qualifiedName: { first: qualifiedName.call('ID', 0), dot: qualifiedName.keyword('.'), next: qualifiedName.call('ID', 1) },
        import: {
            import: imports.keyword('import'), open: imports.keyword('{'), firstItem: imports.call('ImportItem', 0),
            comma: imports.keyword(',', 0), nextItem: imports.call('ImportItem', 1), trailingComma: imports.keyword(',', 1),
            close: imports.keyword('}'), from: imports.keyword('from'), path: imports.call('STRING'),
        },
        importItem: { declaration: importItem.crossReference(), as: importItem.keyword('as'), alias: importItem.call('ID') },
        typeDeclaration: {
            type: typeDeclaration.keyword('type'), name: typeDeclaration.call('ID'),
            parameters: {
                open: typeDeclaration.keyword('<'), first: typeDeclaration.call('TypeParameter', 0), comma: typeDeclaration.keyword(','),
                next: typeDeclaration.call('TypeParameter', 1), close: typeDeclaration.keyword('>'),
            },
            equals: typeDeclaration.keyword('='), typeExpression: typeDeclaration.call('TypeExpression'),
        },
        typeParameter: rule('TypeParameter').call('ID'),
        dimensionVariable: rule('DimensionVariable').call('ID'),
        loopVariable: rule('LoopVariable').call('ID'),
        constDeclaration: {
            const: constDeclaration.keyword('const'), name: constDeclaration.call('ID'), colon: constDeclaration.keyword(':'),
            type: constDeclaration.call('TypeExpression'), equals: constDeclaration.keyword('='), value: constDeclaration.call('Expression'),
        },
        dataset: {
            keyword: dataset.keyword('dataset'), name: dataset.call('ID'), colon: dataset.keyword(':'),
            type: dataset.call('TypeExpression'), body: dataset.call('Block'),
        },
        model: {
            keyword: model.keyword('model'), name: model.call('ID'), colon: model.keyword(':'),
            type: model.call('TypeExpression'), body: model.call('Block'),
        },
        step: {
            step: step.keyword('step'), name: step.call('ID'),
            dimensions: {
                open: step.keyword('<'), first: step.call('DimensionVariable', 0), comma: step.keyword(',', 0),
                next: step.call('DimensionVariable', 1), close: step.keyword('>'),
            },
            signature: {
                parameters: list(step, 'Parameter', ['(', 0], [')', 0], 1),
                arrow: step.keyword('->'),
                outputs: list(step, 'Output', ['(', 1], [')', 1], 3),
            },
            raises: {
                raises: step.keyword('raises'), open: step.keyword('(', 2), first: step.call('NamedTypeExpression', 0),
                bar: step.keyword('|'), next: step.call('NamedTypeExpression', 1), close: step.keyword(')', 2),
            },
            open: step.keyword('{'), members: members(step), close: step.keyword('}'),
        },
        parameter: {
            name: parameter.call('ID'), colon: parameter.keyword(':'), type: parameter.call('TypeExpression'),
            equals: parameter.keyword('='), default: parameter.call('Expression'),
        },
        output: { name: output.call('ID'), colon: output.keyword(':'), type: output.call('TypeExpression') },
        pipeline: {
            pipeline: pipeline.keyword('pipeline'), name: pipeline.call('ID'), signature: signature(pipeline),
            open: pipeline.keyword('{'), members: members(pipeline), statements: statements(pipeline), close: pipeline.keyword('}'),
        },
        target: {
            target: target.keyword('target'), name: target.call('ID'), colon: target.keyword(':'),
            sandbox: target.keyword('sandbox'), kubernetes: target.keyword('kubernetes'), open: target.keyword('{'),
            pool: target.call('Pool'), members: members(target), close: target.keyword('}'),
        },
        pool: { pool: pool.keyword('pool'), name: pool.call('ID'), body: pool.call('Block') },
        builtinType: {
            builtin: builtinType.keyword('builtin'), type: builtinType.keyword('type'), name: builtinType.call('ID'),
            parameters: {
                open: builtinType.keyword('<'), first: builtinType.call('TypeParameter', 0), comma: builtinType.keyword(','),
                next: builtinType.call('TypeParameter', 1), close: builtinType.keyword('>'),
            },
        },
        builtinFunction: {
            builtin: builtinFunction.keyword('builtin'), fn: builtinFunction.keyword('fn'), name: builtinFunction.call('ID'),
            parameters: list(builtinFunction, 'Parameter', ['(', 0], [')', 0], 0, 0, false),
            colon: builtinFunction.keyword(':'), returnType: builtinFunction.call('TypeExpression'),
        },
        whereClause: { where: whereClause.keyword('where'), condition: whereClause.call('Expression'), comma: whereClause.keyword(',') },
        entry: {
            keyId: entry.call('ID'), keyString: entry.call('STRING'), colon: entry.keyword(':'),
            value: entry.call('Expression'), comma: entry.keyword(','),
        },
        blockEntry: { keyId: blockEntry.call('ID'), keyString: blockEntry.call('STRING'), body: blockEntry.call('Block'), comma: blockEntry.keyword(',') },
        block: { open: block.keyword('{'), members: members(block), close: block.keyword('}') },
        let: {
            let: letStatement.keyword('let'), name: letStatement.call('ID'), equals: letStatement.keyword('='),
            stepCall: letStatement.call('StepCall'), forEach: letStatement.call('ForEach'), after: letStatement.keyword('after'),
            firstAfter: letStatement.crossReference(0), comma: letStatement.keyword(','), nextAfter: letStatement.crossReference(1),
        },
        stepCall: {
            callee: stepCall.crossReference(), arguments: list(stepCall, 'Argument', ['(', 0], [')', 0], 0),
            with: stepCall.keyword('with'), overrides: stepCall.call('Block'),
        },
        forEach: {
            for: forEach.keyword('for'), variable: forEach.call('LoopVariable'), in: forEach.keyword('in'),
            iterable: forEach.call('Expression'), concurrency: forEach.keyword('concurrency'), concurrencyValue: forEach.call('Additive'),
            arrow: forEach.keyword('=>'), call: forEach.call('StepCall'), dot: forEach.keyword('.'), output: forEach.call('ID'),
        },
        argument: { name: argument.call('ID'), colon: argument.keyword(':'), value: argument.call('Expression') },
        when: {
            when: when.keyword('when'), condition: when.call('Expression'),
            open: when.keyword('{', 0), body: statements(when, 0), close: when.keyword('}', 0),
            else: when.keyword('else'), elseOpen: when.keyword('{', 1), elseBody: statements(when, 1), elseClose: when.keyword('}', 1),
        },
        onFailure: {
            on: onFailure.keyword('on'), failure: onFailure.keyword('failure'), exit: onFailure.keyword('exit'), of: onFailure.keyword('of'),
            firstCall: onFailure.crossReference(0), comma: onFailure.keyword(','), nextCall: onFailure.crossReference(1),
            as: onFailure.keyword('as'), name: onFailure.call('ID'), colon: onFailure.keyword(':'), errorType: onFailure.call('NamedTypeExpression'),
            open: onFailure.keyword('{'), body: statements(onFailure, 0, true), close: onFailure.keyword('}'),
        },
        return: { return: returnStatement.keyword('return'), value: returnStatement.call('RecordLiteral') },
        recover: { recover: recoverStatement.keyword('recover'), value: recoverStatement.call('RecordLiteral') },
        typeExpression: {
            first: typeExpression.call('PostfixType', 0), union: typeExpression.action(), bar: typeExpression.keyword('|'),
            next: typeExpression.call('PostfixType', 1),
        },
        postfixType: {
            record: postfixType.call('RecordTypeExpression'), literal: postfixType.call('LiteralTypeExpression'),
            named: postfixType.call('NamedTypeExpression'), parenthesized: postfixType.call('ParenthesizedTypeExpression'),
            list: postfixType.action(0), open: postfixType.keyword('['), close: postfixType.keyword(']'),
            optional: postfixType.action(1), question: postfixType.keyword('?'),
        },
        parenthesizedType: { open: parenthesizedType.keyword('('), type: parenthesizedType.call('TypeExpression'), close: parenthesizedType.keyword(')') },
        recordType: { open: recordType.keyword('{'), field: recordType.call('RecordField'), comma: recordType.keyword(','), close: recordType.keyword('}') },
        recordField: { name: recordField.call('ID'), optional: recordField.keyword('?'), colon: recordField.keyword(':'), type: recordField.call('TypeExpression') },
        literalType: {
            string: literalType.call('STRING'), int: literalType.call('INT'), float: literalType.call('FLOAT'),
            true: literalType.keyword('true'), false: literalType.keyword('false'),
        },
        namedType: {
            target: namedType.crossReference(), open: namedType.keyword('<'), first: namedType.call('TypeArgument', 0),
            comma: namedType.keyword(','), next: namedType.call('TypeArgument', 1), close: namedType.keyword('>'),
        },
        typeArgument: {
            shape: typeArgument.call('ShapeExpression'), wildcard: typeArgument.call('WildcardDimension'), type: typeArgument.call('TypeExpression'),
        },
        shape: {
            open: shape.keyword('['), first: shape.call('Dimension', 0), comma: shape.keyword(','),
            next: shape.call('Dimension', 1), close: shape.keyword(']'),
        },
        dimension: { wildcard: dimension.call('WildcardDimension'), additive: dimension.call('Additive') },
        wildcard: rule('WildcardDimension').keyword('_'),
        expression: rule('Expression').call('LogicalExpression'),
        logical: infix('LogicalExpression'),
        ranged: {
            additive: ranged.call('Additive', 0), range: ranged.action(), in: ranged.keyword('in'),
            low: ranged.call('Additive', 1), dots: ranged.keyword('..'), high: ranged.call('Additive', 2),
        },
        additive: infix('Additive'),
        unary: {
            not: unary.keyword('!'), minus: unary.keyword('-'), operand: unary.call('Unary'), primary: unary.call('Primary'),
            memberAccess: unary.action(1), dot: unary.keyword('.'), member: unary.call('ID'),
            functionCall: unary.action(2), arguments: list(unary, 'Argument', ['(', 0], [')', 0], 0),
        },
        primary: {
            int: primary.call('INT'), float: primary.call('FLOAT'), quantity: primary.call('QUANTITY'), string: primary.call('STRING'),
            true: primary.keyword('true'), false: primary.keyword('false'),
            list: list(primary, 'Expression', ['[', 0], [']', 0], 0),
            record: primary.call('RecordLiteral'), target: primary.crossReference(),
            parenthesized: { open: primary.keyword('('), expression: primary.call('Expression', 2), close: primary.keyword(')') },
        },
        recordLiteral: {
            open: recordLiteral.keyword('{'), field: recordLiteral.call('RecordLiteralField'), comma: recordLiteral.keyword(','),
            close: recordLiteral.keyword('}'),
        },
        recordLiteralField: {
            nameId: recordLiteralField.call('ID'), nameString: recordLiteralField.call('STRING'), colon: recordLiteralField.keyword(':'),
            value: recordLiteralField.call('Expression'),
        },
    };
}
