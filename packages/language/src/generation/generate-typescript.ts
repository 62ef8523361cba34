import type { AstNode, LangiumDocument } from 'langium';
import type { CompiledPlan } from '@weft/contract';
import { AstUtils } from 'langium';
import { isBuiltinUri } from '../builtins/builtin-source.js';
import type { PipelineDeclaration, TargetDeclaration } from '../generated/ast.js';
import { isTargetDeclaration, isWeftFile } from '../generated/ast.js';
import type { WeftServices } from '../weft-module.js';
import { buildPlan } from './plan-builder.js';
import { generateIndex } from './index-module.js';
import { modulePathFor, relativePath } from './output-paths.js';
import { jsonText } from './ts-values.js';
import { type ModuleContext, generateModule } from './typescript-module.js';

/** One file to write, its path relative to the output folder. */
export interface GeneratedFile {
    readonly path: string;
    readonly content: string;
}

/** A pipeline's plan file, with the plan it holds: a caller in the same process takes the object, never the text back. */
export interface GeneratedPlanFile extends GeneratedFile {
    readonly plan: CompiledPlan;
}

export function isPlanFile(file: GeneratedFile): file is GeneratedPlanFile {
    return 'plan' in file;
}

export interface GenerationInput {
    readonly services: WeftServices;
    /** The documents to generate (the built-in library, if among them, is skipped). */
    readonly documents: readonly LangiumDocument[];
    /** The folder that source paths in the output are relative to (a URI path: `/work/app`). */
    readonly rootPath: string;
}

/**
 * Generates TypeScript for Weft documents that checked clean: one module per `.weft` file, a
 * compiled plan (`.plan.json`, a {@link GeneratedPlanFile}) per pipeline, and an `index.ts` re-exporting every module.
 * Pure: documents in, file contents out, sorted by path; the same input gives the same bytes.
 */
export function generateTypeScript(input: GenerationInput): GeneratedFile[] {
    const documents = input.documents
        .filter(document => isWeftFile(document.parseResult.value) && !isBuiltinUri(document.uri))
        .sort((a, b) => compare(a.uri.path, b.uri.path));
    const sourcePathOfDocument = (document: LangiumDocument | undefined): string =>
        document === undefined ? '' : relativePath(input.rootPath, document.uri.path);
    const sourcePathOf = (node: AstNode): string => sourcePathOfDocument(AstUtils.findRootNode(node).$document);
    const modulePathOf = (node: AstNode): string => modulePathFor(sourcePathOf(node));
    const planPathOf = (pipeline: PipelineDeclaration): string => `${modulePathOf(pipeline).replace(/\.ts$/, '')}.${pipeline.name}.plan.json`;
    const workspaceTargets: TargetDeclaration[] = documents.flatMap(document =>
        (document.parseResult.value as { declarations?: readonly AstNode[] }).declarations?.filter(isTargetDeclaration) ?? []);
    const comments = input.services.documentation.CommentProvider;
    const plans = new Map<PipelineDeclaration, CompiledPlan>();
    const context: ModuleContext = {
        typeComputer: input.services.typing.TypeComputer,
        sourcePathOf,
        modulePathOf,
        planPathOf,
        workspaceTargets,
        docOf: node => comments.getComment(node),
        planOf: pipeline => {
            let plan = plans.get(pipeline);
            if (plan === undefined) {
                plan = buildPlan(pipeline, context);
                plans.set(pipeline, plan);
            }
            return plan;
        },
    };
    const files: GeneratedFile[] = [];
    for (const document of documents) {
        const file = document.parseResult.value;
        if (!isWeftFile(file)) continue;
        files.push({ path: modulePathOf(file), content: generateModule(file, context) });
        for (const pipeline of file.declarations.filter((declaration): declaration is PipelineDeclaration => declaration.$type === 'PipelineDeclaration')) {
            const plan = context.planOf(pipeline);
            const planFile: GeneratedPlanFile = { path: planPathOf(pipeline), content: jsonText(plan), plan };
            files.push(planFile);
        }
    }
    files.push({ path: 'index.ts', content: generateIndex(files.map(file => file.path).filter(path => path.endsWith('.ts'))) });
    return files.sort((a, b) => compare(a.path, b.path));
}

/** Code-unit order, the same whatever the locale. */
export function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
