import type { AstNode, LangiumDocument } from 'langium';
import { AstUtils } from 'langium';
import { BUILTINS_SCHEME } from '../../builtins/builtin-source.js';
import { isWeftFile } from '../../generated/ast.js';
import { compare, type GeneratedFile, type GenerationInput } from '../generate-typescript.js';
import { relativePath } from '../output-paths.js';
import { generatePythonModule, type PythonModuleContext } from './python-module.js';
import { pythonModulePathFor } from './python-names.js';
import { WEFT_CONTRACT_MODULE, weftContractModule } from './weft-contract-module.js';

/**
 * Generates Python for Weft documents that checked clean: one module per `.weft` file with its
 * types and step contracts, and `weft_contract.py` (handles, step context, `implement`) beside
 * them. The output folder goes on the module path (`MYPYPATH`, `PYTHONPATH`): modules import
 * each other by their path from it. Pure: documents in, file contents out, sorted by path.
 */
export function generatePython(input: GenerationInput): GeneratedFile[] {
    const documents = input.documents
        .filter(document => isWeftFile(document.parseResult.value) && document.uri.scheme !== BUILTINS_SCHEME)
        .sort((a, b) => compare(a.uri.path, b.uri.path));
    const sourcePathOfDocument = (document: LangiumDocument | undefined): string =>
        document === undefined ? '' : relativePath(input.rootPath, document.uri.path);
    const sourcePathOf = (node: AstNode): string => sourcePathOfDocument(AstUtils.findRootNode(node).$document);
    const comments = input.services.documentation.CommentProvider;
    const context: PythonModuleContext = {
        typeComputer: input.services.typing.TypeComputer,
        sourcePathOf,
        modulePathOf: node => pythonModulePathFor(sourcePathOf(node)),
        docOf: node => comments.getComment(node),
    };
    const files: GeneratedFile[] = [{ path: WEFT_CONTRACT_MODULE, content: weftContractModule }];
    for (const document of documents) {
        const file = document.parseResult.value;
        if (!isWeftFile(file)) continue;
        files.push({ path: context.modulePathOf(file), content: generatePythonModule(file, context) });
    }
    return files.sort((a, b) => compare(a.path, b.path));
}
