import * as path from 'node:path';
import { AstUtils } from 'langium';
import { buildPlan, DiagnosticCode, isPipelineDeclaration, isWeftFile, pipelineDrawing, renderDot, renderMermaid, type PipelineDeclaration } from '@weft/language';
import { loadWorkspace, UnreadablePathError } from '@weft/language/node';
import { UserError } from '../../errors.js';
import { compareCheckDiagnostics, displayPath, toCheckDiagnostic, type CheckDiagnostic } from '../check/check-diagnostic.js';
import { renderSvg } from './render-svg.js';

export type GraphFormat = 'mermaid' | 'dot' | 'svg';

export interface GraphOptions {
    readonly cwd: string;
    /** The `.weft` file that declares the pipeline. */
    readonly file: string;
    /** The pipeline to draw; may be left out when the file declares exactly one. */
    readonly pipeline?: string;
    readonly format: GraphFormat;
}

export type GraphResult =
    | { readonly kind: 'drawn'; readonly text: string }
    | { readonly kind: 'errors'; readonly diagnostics: readonly CheckDiagnostic[] };

/** Draws a pipeline's DAG (from its compiled plan) as Mermaid, DOT or SVG; refuses a file with errors. */
export async function graph(options: GraphOptions): Promise<GraphResult> {
    const file = path.resolve(options.cwd, options.file);
    if (!file.endsWith('.weft')) throw new UserError(`${options.file} is not a .weft file`);
    let workspace;
    try {
        workspace = await loadWorkspace([file]);
    } catch (error) {
        if (error instanceof UnreadablePathError) throw new UserError(`cannot read ${options.file}: ${error.reason}`, { cause: error });
        throw error;
    }
    const documents = workspace.documents.filter(document => document.uri.scheme === 'file');
    const diagnostics = documents.flatMap(document => (document.diagnostics ?? [])
        .map(diagnostic => toCheckDiagnostic(displayPath(document, options.cwd), diagnostic)))
        // A drawing needs the pipeline, not its steps' code: it can come before the steps are written.
        .filter(diagnostic => diagnostic.severity === 'error' && diagnostic.code !== DiagnosticCode.ImplNotFound)
        .sort(compareCheckDiagnostics);
    if (diagnostics.length > 0) return { kind: 'errors', diagnostics };
    const root = workspace.roots[0]?.parseResult.value;
    const pipelines = isWeftFile(root) ? root.declarations.filter(isPipelineDeclaration) : [];
    const pipeline = choosePipeline(pipelines, options);
    const folder = path.dirname(file).replaceAll('\\', '/');
    const plan = buildPlan(pipeline, {
        typeComputer: workspace.services.typing.TypeComputer,
        sourcePathOf: node => path.posix.relative(folder, AstUtils.findRootNode(node).$document?.uri.path ?? ''),
        planPathOf: callee => `${callee.name}.plan.json`,
        workspaceTargets: [],
    });
    const drawing = pipelineDrawing(plan);
    switch (options.format) {
        case 'mermaid': return { kind: 'drawn', text: renderMermaid(drawing) };
        case 'dot': return { kind: 'drawn', text: renderDot(drawing) };
        case 'svg': return { kind: 'drawn', text: await renderSvg(renderDot(drawing)) };
    }
}

function choosePipeline(pipelines: readonly PipelineDeclaration[], options: GraphOptions): PipelineDeclaration {
    const names = pipelines.map(pipeline => pipeline.name).join(', ');
    if (options.pipeline === undefined) {
        if (pipelines.length === 1) return pipelines[0]!;
        throw new UserError(pipelines.length === 0
            ? `${options.file} declares no pipeline`
            : `${options.file} declares several pipelines (${names}): choose one with --pipeline`);
    }
    const found = pipelines.find(pipeline => pipeline.name === options.pipeline);
    if (found === undefined) {
        throw new UserError(`${options.file} declares no pipeline ${options.pipeline}${names === '' ? '' : ` (it declares ${names})`}`);
    }
    return found;
}
