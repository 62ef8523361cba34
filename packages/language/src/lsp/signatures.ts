import type {
    BuiltinFunction, Callable, Declaration, Output, Parameter,
} from '../generated/ast.js';
import { sourceText } from '../helpers/source-text.js';

/**
 * Declarations printed as a user would write their headers, for hover, completion details and
 * signature help. Types are printed as written (aliases kept), which is what users recognise.
 */

export function parameterText(parameter: Parameter): string {
    const type = sourceText(parameter.type);
    const defaultValue = parameter.default === undefined ? '' : ` = ${sourceText(parameter.default)}`;
    return `${parameter.name ?? '?'}: ${type}${defaultValue}`;
}

export function outputText(output: Output): string {
    return `${output.name ?? '?'}: ${sourceText(output.type)}`;
}

/** `step train<N>(data: Dataset<T>, lr: float = 0.1) -> (model: M)` */
export function callableSignature(callable: Callable | BuiltinFunction): string {
    if (callable.$type === 'BuiltinFunction') {
        return `fn ${callable.name}(${(callable.parameters ?? []).map(parameterText).join(', ')}): ${sourceText(callable.returnType)}`;
    }
    const keyword = callable.$type === 'StepDeclaration' ? 'step' : 'pipeline';
    const dimensions = callable.$type === 'StepDeclaration' && (callable.dimensions ?? []).length > 0
        ? `<${callable.dimensions.map(dimension => dimension.name).join(', ')}>` : '';
    const parameters = (callable.parameters ?? []).map(parameterText).join(', ');
    const outputs = (callable.outputs ?? []).length > 0 ? ` -> (${callable.outputs.map(outputText).join(', ')})` : '';
    return `${keyword} ${callable.name ?? '?'}${dimensions}(${parameters})${outputs}`;
}

/** The one-line header of any declaration. */
export function declarationHeader(declaration: Declaration): string {
    switch (declaration.$type) {
        case 'StepDeclaration':
        case 'PipelineDeclaration':
        case 'BuiltinFunction':
            return callableSignature(declaration);
        case 'TypeDeclaration':
            return `type ${declaration.name}${typeParameters(declaration.typeParameters)} = ${sourceText(declaration.type)}`;
        case 'BuiltinType':
            return `builtin type ${declaration.name}${typeParameters(declaration.typeParameters)}`;
        case 'ConstDeclaration':
            return `const ${declaration.name}${declaration.type ? `: ${sourceText(declaration.type)}` : ''} = ${sourceText(declaration.value)}`;
        case 'DatasetDeclaration':
            return `dataset ${declaration.name}: ${sourceText(declaration.type)}`;
        case 'ModelDeclaration':
            return `model ${declaration.name}: ${sourceText(declaration.type)}`;
        case 'TargetDeclaration':
            return `target ${declaration.name}: ${declaration.kind ?? '?'}`;
    }
}

function typeParameters(parameters: readonly { name: string }[] | undefined): string {
    return parameters && parameters.length > 0 ? `<${parameters.map(parameter => parameter.name).join(', ')}>` : '';
}

/** A fenced Weft code block for Markdown. */
export function weftCode(text: string): string {
    return '```weft\n' + text + '\n```';
}
