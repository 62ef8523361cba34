import { type AstNode, type CstNode, CstUtils } from 'langium';
import { AbstractFormatter, Formatting, type FormattingRegion, type NodeFormatter } from 'langium/lsp';
import * as ast from '../../generated/ast.js';

const space = Formatting.oneSpace();
const noSpace = Formatting.noSpace();
const newLine = Formatting.newLine();
/** One level deeper; blank lines the user left between members stay (one at most). */
const indent = Formatting.indent({ allowMore: true });
/** A blank line between top-level declarations: exactly one. */
const blankLine = Formatting.newLines(2);

/**
 * One canonical layout. Top level: one import per line, one blank line between declarations.
 * Declaration bodies and multi-line blocks: one member or statement per line, indented two
 * spaces (the client's tab size); a block written on one line (`resources { cpu: 1, memory: 2Gi }`)
 * stays on one line with single spaces. Operators, `:`, `=`, `->` and commas get single spaces as
 * in TypeScript. Only whitespace changes, so comments are kept, and formatting twice changes
 * nothing the second time.
 */
export class WeftFormatter extends AbstractFormatter {
    protected format(node: AstNode): void {
        const formatter = this.getNodeFormatter(node);
        switch (node.$type) {
            case ast.WeftFile.$type: return this.formatFile(node as ast.WeftFile, formatter as NodeFormatter<ast.WeftFile>);
            case ast.ModuleHeader.$type: formatter.keywords('module', 'version').append(space); formatter.keyword('version').prepend(space); return;
            case ast.Import.$type: return this.formatImport(formatter as NodeFormatter<ast.Import>);
            case ast.ImportItem.$type: formatter.keyword('as').surround(space); return;
            case ast.StepDeclaration.$type:
            case ast.PipelineDeclaration.$type:
                formatter.keywords('step', 'pipeline').append(space);
                return this.formatCallable(node as ast.StepDeclaration | ast.PipelineDeclaration, formatter);
            case ast.TargetDeclaration.$type:
                formatter.keyword('target').append(space);
                this.colon(formatter);
                this.body(formatter, true);
                return;
            case ast.DatasetDeclaration.$type:
            case ast.ModelDeclaration.$type:
                formatter.keywords('dataset', 'model').append(space);
                this.colon(formatter);
                return;
            case ast.Pool.$type:
                formatter.keyword('pool').append(space);
                return;
            case ast.TypeDeclaration.$type:
            case ast.ConstDeclaration.$type:
                formatter.keywords('type', 'const').append(space);
                this.colon(formatter);
                formatter.keyword('=').surround(space);
                this.angleBrackets(formatter);
                return;
            case ast.Parameter.$type:
                this.colon(formatter);
                formatter.keyword('=').surround(space);
                return;
            case ast.Output.$type:
            case ast.RecordField.$type:
            case ast.RecordLiteralField.$type:
            case ast.Argument.$type:
                this.colon(formatter);
                formatter.keyword('?').prepend(noSpace);
                return;
            case ast.Entry.$type:
                this.colon(formatter);
                formatter.keyword(',').prepend(noSpace);
                return;
            case ast.BlockEntry.$type:
                formatter.keyword(',').prepend(noSpace);
                return;
            case ast.WhereClause.$type:
                formatter.keyword('where').append(space);
                formatter.keyword(',').prepend(noSpace);
                return;
            case ast.Block.$type:
            case ast.RecordLiteral.$type:
            case ast.RecordTypeExpression.$type:
                this.body(formatter, false);
                formatter.keywords(',').prepend(noSpace);
                return;
            case ast.LetStatement.$type:
                formatter.keyword('let').append(space);
                formatter.keyword('=').surround(space);
                formatter.keyword('after').surround(space);
                this.commas(formatter);
                return;
            case ast.StepCall.$type:
                formatter.keyword('(').surround(noSpace);
                formatter.keyword(')').prepend(noSpace);
                formatter.keyword('with').append(space);
                for (const keyword of formatter.keyword('with').nodes) if (!startsLine(keyword)) formatter.cst([keyword]).prepend(space);
                this.commas(formatter);
                return;
            case ast.FunctionCall.$type:
                formatter.keyword('(').surround(noSpace);
                formatter.keyword(')').prepend(noSpace);
                this.commas(formatter);
                return;
            case ast.ForEach.$type:
                formatter.keywords('in', 'concurrency', '=>').surround(space);
                formatter.keyword('.').surround(noSpace);
                return;
            case ast.WhenStatement.$type:
                formatter.keyword('when').append(space);
                formatter.keyword('else').surround(space);
                this.statementBlocks(formatter);
                return;
            case ast.OnFailureStatement.$type:
                formatter.keywords('on', 'failure', 'exit', 'of').append(space);
                formatter.keyword('as').surround(space);
                this.colon(formatter);
                this.commas(formatter);
                this.statementBlocks(formatter);
                return;
            case ast.ReturnStatement.$type:
                formatter.keyword('return').append(space);
                return;
            case ast.BinaryExpression.$type:
                // Infix rules record operators as keywords, not as the `operator` property.
                formatter.keywords(...binaryOperators).surround(space);
                return;
            case ast.RangeExpression.$type:
                formatter.keyword('in').surround(space);
                formatter.keyword('..').surround(noSpace);
                return;
            case ast.UnaryExpression.$type:
                formatter.property('operator' as never).append(noSpace);
                return;
            case ast.MemberAccess.$type:
                formatter.keyword('.').surround(noSpace);
                return;
            case ast.ParenthesizedExpression.$type:
            case ast.ParenthesizedTypeExpression.$type:
                formatter.keyword('(').append(noSpace);
                formatter.keyword(')').prepend(noSpace);
                return;
            case ast.ListLiteral.$type:
            case ast.ShapeExpression.$type:
                formatter.keyword('[').append(noSpace);
                formatter.keyword(']').prepend(noSpace);
                this.commas(formatter);
                return;
            case ast.NamedTypeExpression.$type:
                this.angleBrackets(formatter);
                return;
            case ast.UnionTypeExpression.$type:
                formatter.keywords('|').surround(space);
                return;
            case ast.ListTypeExpression.$type:
                formatter.keyword('[').surround(noSpace);
                formatter.keyword(']').prepend(noSpace);
                return;
            case ast.OptionalTypeExpression.$type:
                formatter.keyword('?').prepend(noSpace);
                return;
            case ast.BuiltinType.$type:
            case ast.BuiltinFunction.$type:
                this.angleBrackets(formatter);
                this.colon(formatter);
                return;
        }
    }

    private formatFile(file: ast.WeftFile, formatter: NodeFormatter<ast.WeftFile>): void {
        let previous = file.header !== undefined;
        (file.imports ?? []).forEach((_, index) => {
            if (previous) formatter.property('imports', index).prepend(index === 0 ? blankLine : newLine);
            previous = true;
        });
        (file.declarations ?? []).forEach((declaration, index) => {
            // After a comment the gap is between the comment and the declaration: one line break
            // keeps a `///` doc comment attached; the space above the comment is left as written.
            if (previous) formatter.property('declarations', index).prepend(hasCommentAbove(declaration) ? newLine : blankLine);
            previous = true;
        });
    }

    private formatImport(formatter: NodeFormatter<ast.Import>): void {
        formatter.keyword('import').append(space);
        formatter.keyword('{').append(space);
        formatter.keyword('}').prepend(space).append(space);
        formatter.keyword('from').append(space);
        this.commas(formatter);
    }

    private formatCallable(node: ast.StepDeclaration | ast.PipelineDeclaration, formatter: NodeFormatter<AstNode>): void {
        formatter.keyword('(').append(noSpace).prepend(noSpace);
        formatter.keywords(')').prepend(noSpace);
        formatter.keywords('<').surround(noSpace);
        formatter.keywords('>').prepend(noSpace);
        // A long header broken over lines keeps its breaks and the user's continuation indent;
        // on one line it gets single spaces.
        formatter.keyword('->').append(space);
        const arrow = formatter.keyword('->').nodes[0];
        if (arrow && !startsLine(arrow)) formatter.cst([arrow]).prepend(space);
        this.commas(formatter);
        const outputs = node.outputs ?? [];
        if (outputs.length > 0) formatter.keyword('(', 1).append(noSpace);
        // `raises (A | B)`: its parenthesis is the one after the outputs'.
        if (node.$type === ast.StepDeclaration.$type && (node as ast.StepDeclaration).raises.length > 0) {
            formatter.keyword('raises').surround(space);
            formatter.keyword('(', formatter.keyword('->').nodes.length > 0 ? 2 : 1).append(noSpace);
            formatter.keywords('|').surround(space);
        }
        this.body(formatter, true);
    }

    /** `{ … }` of a declaration (always multi-line) or of a block (multi-line if written so). */
    private body(formatter: NodeFormatter<AstNode>, alwaysMultiLine: boolean): void {
        const open = formatter.keyword('{');
        const close = formatter.keyword('}');
        const openNode = open.nodes[0];
        const closeNode = close.nodes[0];
        if (!openNode || !closeNode) return;
        open.prepend(space);
        const interior = formatter.interior(open, close);
        if (interior.nodes.length === 0) {
            open.append(noSpace);
            return;
        }
        if (alwaysMultiLine || isMultiLine(openNode, closeNode)) {
            interior.prepend(indent);
            close.prepend(newLine);
        } else {
            interior.prepend(space);
            close.prepend(space);
        }
    }

    private statementBlocks(formatter: NodeFormatter<AstNode>): void {
        const opens = formatter.keywords('{');
        const closes = formatter.keywords('}');
        opens.nodes.forEach((openNode, index) => {
            const closeNode = closes.nodes[index];
            if (!closeNode) return;
            const open = formatter.cst([openNode]).prepend(space);
            const close = formatter.cst([closeNode]);
            const interior = formatter.interior(open, close);
            if (interior.nodes.length === 0) {
                open.append(noSpace);
                return;
            }
            interior.prepend(indent);
            close.prepend(newLine);
        });
    }

    private colon(formatter: NodeFormatter<AstNode>): FormattingRegion {
        return formatter.keywords(':').prepend(noSpace).append(space);
    }

    /** `a, b`: no space before a comma, one after, unless the list continues on the next line (kept as written). */
    private commas(formatter: NodeFormatter<AstNode>): void {
        for (const comma of formatter.keywords(',').nodes) {
            const region = formatter.cst([comma]).prepend(noSpace);
            const next = CstUtils.getNextNode(comma, false);
            if (next && next.range.start.line === comma.range.end.line) region.append(space);
        }
    }

    private angleBrackets(formatter: NodeFormatter<AstNode>): void {
        formatter.keywords('<').surround(noSpace);
        formatter.keywords('>').prepend(noSpace);
        formatter.keywords(',').prepend(noSpace).append(space);
    }
}

function hasCommentAbove(node: AstNode): boolean {
    const previous = node.$cstNode && CstUtils.getPreviousNode(node.$cstNode, true);
    return previous !== undefined && previous.hidden && /COMMENT/.test((previous as { tokenType?: { name: string } }).tokenType?.name ?? '');
}

/** True if only whitespace stands before `node` on its line. */
function startsLine(node: CstNode): boolean {
    const previous = CstUtils.getPreviousNode(node, true);
    return previous === undefined || previous.range.end.line < node.range.start.line;
}

function isMultiLine(open: CstNode, close: CstNode): boolean {
    return open.range.start.line !== close.range.end.line;
}

/** Every binary operator of the grammar (its infix rules). */
const binaryOperators = ['||', '&&', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%'] as const;
