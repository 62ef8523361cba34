import type { AstNode } from 'langium';
import { AstUtils } from 'langium';
import type { CompiledPlan, PlanArtifact, PlanClause, PlanExpression, PlanFailureMatch, PlanNode, PlanRecovery, PlanSource } from '@weft/contract';
import { PLAN_VERSION } from '@weft/contract';
import type {
    DatasetDeclaration, LetStatement, ModelDeclaration, OnFailureStatement, PipelineDeclaration, Statement, StepCall, StepDeclaration,
    TargetDeclaration, WhereClause,
} from '../generated/ast.js';
import {
    isEntry, isForEach, isLetStatement, isListLiteral, isNameReference, isOnFailureStatement,
    isRecoverStatement, isReturnStatement, isStepDeclaration, isTargetDeclaration, isWhenStatement, isWhereClause, isWeftFile,
} from '../generated/ast.js';
import { matchArguments } from '../helpers/call-arguments.js';
import { errorDeclarationOf } from '../helpers/error-types.js';
import { allStatements } from '../helpers/pipeline-dependencies.js';
import type { WeftTypeComputer } from '../typing/type-computer.js';
import { sourceText } from '../helpers/source-text.js';
import { planArtifactOf, planTargetOf, planTypedOf, sourceOf } from './plan-declarations.js';
import { PlanExpressionConverter } from './plan-expressions.js';
import { planSettings } from './plan-settings.js';
import { contractHashOf, planImplementationOf } from './step-contracts.js';

/** What the plan builder needs to know beyond the pipeline itself. */
export interface PlanContext {
    readonly typeComputer: WeftTypeComputer;
    /** The path of the `.weft` file holding `node`, relative to the root of generation. */
    sourcePathOf(node: AstNode): string;
    /** The plan file of a pipeline, relative to the root of generation. */
    planPathOf(pipeline: PipelineDeclaration): string;
    /** Every target declared in the workspace, for a pipeline without `targets`. */
    readonly workspaceTargets: readonly TargetDeclaration[];
}

interface Guards {
    readonly conditions: PlanNode['conditions'];
    readonly onFailureOf?: readonly string[];
    readonly handles?: PlanFailureMatch;
    readonly onExitOf?: readonly string[];
}

/** Compiles a pipeline into its plan (`CompiledPlan` in @weft/contract; docs/plan.md). */
export function buildPlan(pipeline: PipelineDeclaration, context: PlanContext): CompiledPlan {
    return new PlanBuilder(pipeline, context).build();
}

class PlanBuilder {
    private readonly nodeIds = new Map<LetStatement, string>();
    private readonly artifacts = new Map<DatasetDeclaration | ModelDeclaration, PlanArtifact>();
    private readonly nodes: PlanNode[] = [];
    /** The `recover` blocks of handlers, by the id of the node they recover. */
    private readonly recoveries = new Map<string, PlanRecovery[]>();
    private readonly converter: PlanExpressionConverter;

    constructor(private readonly pipeline: PipelineDeclaration, private readonly context: PlanContext) {
        this.converter = this.newConverter();
    }

    build(): CompiledPlan {
        this.assignNodeIds(this.pipeline.statements);
        const header = AstUtils.getContainerOfType(this.pipeline, isWeftFile)?.header;
        const parameters = this.pipeline.parameters.map(parameter => ({
            ...planTypedOf(parameter, this.context),
            ...(parameter.default === undefined ? {} : { default: this.converter.convert(parameter.default) }),
        }));
        this.addStatements(this.pipeline.statements, { conditions: [] });
        const returned = this.pipeline.statements.find(isReturnStatement)?.value;
        const outputs = this.pipeline.outputs.map(output => ({
            ...planTypedOf(output, this.context),
            value: this.converter.convert(returned?.fields.find(field => field.name === output.name)?.value),
        }));
        const entry = (key: string) => this.pipeline.members.find(member => isEntry(member) && member.key === key);
        const timeout = entry('timeout');
        const concurrency = entry('concurrency');
        return {
            planVersion: PLAN_VERSION,
            pipeline: this.pipeline.name,
            ...(header?.name !== undefined && header.version !== undefined ? { module: { name: header.name, version: header.version } } : {}),
            source: this.sourceOf(this.pipeline),
            parameters,
            outputs,
            where: this.pipeline.members.filter(isWhereClause).map(clause => this.clause(clause, this.converter)),
            ...(isEntry(timeout) ? { timeout: this.converter.convert(timeout.value) } : {}),
            ...(isEntry(concurrency) ? { concurrency: this.converter.convert(concurrency.value) } : {}),
            nodes: this.withRecoveries(this.nodes),
            artifacts: [...this.artifacts.values()],
            targets: this.targets().map(target => planTargetOf(target, this.context)),
        };
    }

    private newConverter(): PlanExpressionConverter {
        return new PlanExpressionConverter({
            nodeIdOf: statement => this.nodeIds.get(statement),
            useArtifact: declaration => this.useArtifact(declaration),
        });
    }

    /** `let` names in source order; a name bound again in another block gets `_2`, `_3`, … */
    private assignNodeIds(statements: readonly Statement[]): void {
        const taken = new Set<string>();
        for (const node of statements.flatMap(statement => [...AstUtils.streamAst(statement)])) {
            if (!isLetStatement(node)) continue;
            let id = node.name;
            for (let suffix = 2; taken.has(id); suffix++) id = `${node.name}_${suffix}`;
            taken.add(id);
            this.nodeIds.set(node, id);
        }
    }

    private addStatements(statements: readonly Statement[], guards: Guards): void {
        for (const statement of statements) {
            if (isLetStatement(statement)) {
                this.addLet(statement, guards);
            } else if (isWhenStatement(statement)) {
                const when = this.converter.convert(statement.condition);
                this.addStatements(statement.body, { ...guards, conditions: [...guards.conditions, { when, is: true }] });
                this.addStatements(statement.elseBody, { ...guards, conditions: [...guards.conditions, { when, is: false }] });
            } else if (isOnFailureStatement(statement)) {
                const failed = statement.calls.map(call => call.ref && this.nodeIds.get(call.ref)).filter((id): id is string => id !== undefined);
                if (statement.event === 'exit') {
                    this.addStatements(statement.body, { conditions: guards.conditions, onExitOf: failed });
                    continue;
                }
                const handles = this.handledBy(statement);
                this.addStatements(statement.body, { conditions: guards.conditions, onFailureOf: failed, ...(handles ? { handles } : {}) });
                const recover = statement.body.find(isRecoverStatement);
                if (recover?.value !== undefined && failed.length === 1) this.addRecovery(failed[0]!, handles ?? {}, recover.value.fields);
            }
        }
    }

    /** Which failures a handler takes: its error type; or, untyped, all but those typed handlers of the same calls take. */
    private handledBy(handler: OnFailureStatement): PlanFailureMatch | undefined {
        const typed = errorDeclarationOf(handler.errorType);
        if (typed !== undefined) return { error: typed.name };
        const calls = new Set(handler.calls.map(call => call.ref));
        const except = allStatements(this.pipeline)
            .filter(isOnFailureStatement)
            .filter(other => other.event !== 'exit' && other.calls.some(call => calls.has(call.ref)))
            .map(other => errorDeclarationOf(other.errorType)?.name)
            .filter((name): name is string => name !== undefined);
        return except.length === 0 ? undefined : { except: [...new Set(except)].sort() };
    }

    private addRecovery(failed: string, handles: PlanFailureMatch, fields: readonly { name: string; value: Parameters<PlanExpressionConverter['convert']>[0] }[]): void {
        const converter = this.newConverter();
        const outputs = Object.fromEntries(fields.map(field => [field.name, converter.convert(field.value)]));
        converter.needs.delete(failed);
        const recovery: PlanRecovery = { handles, outputs, needs: [...converter.needs].sort() };
        this.recoveries.set(failed, [...this.recoveries.get(failed) ?? [], recovery]);
    }

    /** Attaches each node's recoveries, and makes the nodes that read a recoverable node wait for what its recoveries read. */
    private withRecoveries(nodes: readonly PlanNode[]): PlanNode[] {
        if (this.recoveries.size === 0) return [...nodes];
        return nodes.map(node => {
            const recover = this.recoveries.get(node.id);
            const awaits = new Set(node.needs.flatMap(need => (this.recoveries.get(need) ?? []).flatMap(recovery => recovery.needs)));
            awaits.delete(node.id);
            return {
                ...node,
                ...(recover ? { recover } : {}),
                ...(awaits.size > 0 ? { awaitsRecovery: [...awaits].sort() } : {}),
            };
        });
    }

    private addLet(statement: LetStatement, guards: Guards): void {
        const value = statement.value;
        const call: StepCall | undefined = isForEach(value) ? value.call : value;
        const callee = call?.callee?.ref;
        if (call === undefined || callee === undefined) return;
        // Each node gets its own converter, so that `needs` holds only what this node reads.
        const converter = this.newConverter();
        const match = matchArguments(callee.parameters, call.arguments);
        const args: Record<string, PlanExpression> = {};
        for (const parameter of callee.parameters) {
            const argument = match.bound.get(parameter);
            if (argument !== undefined) args[parameter.name] = converter.convert(argument.value);
            else if (parameter.default !== undefined) args[parameter.name] = converter.convert(parameter.default);
        }
        const conditions = guards.conditions;
        const forEach = isForEach(value) ? {
            variable: value.variable?.name ?? '',
            items: converter.convert(value.iterable),
            ...(value.concurrency === undefined ? {} : { concurrency: converter.convert(value.concurrency) }),
            ...(value.output === undefined ? {} : { output: value.output }),
        } : undefined;
        const settings = isStepDeclaration(callee) ? planSettings(callee.members, call.overrides, converter) : planSettings([], call.overrides, converter);
        const id = this.nodeIds.get(statement) ?? statement.name;
        const after = statement.after.map(reference => reference.ref && this.nodeIds.get(reference.ref)).filter((name): name is string => name !== undefined);
        // Conditions were converted once for the block; what they read is needed here too.
        for (const condition of guards.conditions) collectOutputs(condition.when, converter.needs);
        converter.needs.delete(id);
        this.nodes.push({
            id,
            call: isStepDeclaration(callee) ? this.stepCall(callee) : { kind: 'pipeline', pipeline: callee.name, plan: this.context.planPathOf(callee) },
            arguments: args,
            after,
            needs: [...converter.needs].sort(),
            conditions,
            ...(forEach === undefined ? {} : { forEach }),
            ...(guards.onFailureOf === undefined ? {} : { onFailureOf: guards.onFailureOf }),
            ...(guards.handles === undefined ? {} : { handles: guards.handles }),
            ...(guards.onExitOf === undefined ? {} : { onExitOf: guards.onExitOf }),
            ...(isStepDeclaration(callee) && (callee.raises ?? []).length > 0 ? { raises: this.raisedErrors(callee) } : {}),
            settings,
            where: callee.members.filter(isWhereClause).map(clause => this.clause(clause, converter)),
            inputs: callee.parameters.map(parameter => planTypedOf(parameter, this.context)),
            outputs: callee.outputs.map(output => planTypedOf(output, this.context)),
            source: this.sourceOf(statement),
        });
    }

    private raisedErrors(step: StepDeclaration): NonNullable<PlanNode['raises']> {
        return step.raises.map(errorDeclarationOf)
            .filter(declaration => declaration !== undefined)
            .map(declaration => ({ ...planTypedOf(declaration, this.context), type: declaration.name }));
    }

    private stepCall(step: StepDeclaration): PlanNode['call'] {
        const implementation = planImplementationOf(step, this.context.sourcePathOf(step));
        return { kind: 'step', step: step.name, contractHash: contractHashOf(step, this.context.typeComputer), implementation };
    }

    private useArtifact(declaration: DatasetDeclaration | ModelDeclaration): void {
        if (!this.artifacts.has(declaration)) this.artifacts.set(declaration, planArtifactOf(declaration, this.context));
    }

    private targets(): readonly TargetDeclaration[] {
        const entry = this.pipeline.members.find(member => isEntry(member) && member.key === 'targets');
        if (!isEntry(entry) || !isListLiteral(entry.value)) return this.context.workspaceTargets;
        return entry.value.elements
            .map(element => (isNameReference(element) ? element.target?.ref : undefined))
            .filter(isTargetDeclaration);
    }

    private clause(clause: WhereClause, converter: PlanExpressionConverter): PlanClause {
        return { expression: converter.convert(clause.condition), text: sourceText(clause.condition, ''), source: this.sourceOf(clause) };
    }

    private sourceOf(node: AstNode): PlanSource {
        return sourceOf(node, this.context);
    }
}

/** Adds the nodes whose outputs a plan expression reads to `into`. */
function collectOutputs(expression: PlanExpression, into: Set<string>): void {
    const visit = (value: unknown): void => {
        if (typeof value !== 'object' || value === null) return;
        const candidate = value as { kind?: unknown; node?: unknown };
        if (candidate.kind === 'output' && typeof candidate.node === 'string') into.add(candidate.node);
        for (const child of Object.values(value)) visit(child);
    };
    visit(expression);
}

