import type { LetStatement, NamedTypeExpression, StepDeclaration, TypeDeclaration } from '../generated/ast.js';
import { isStepDeclaration, isTypeDeclaration } from '../generated/ast.js';

/** The `type` declaration a `raises` entry or a handler's type names, when it is one without type parameters. */
export function errorDeclarationOf(type: NamedTypeExpression | undefined): TypeDeclaration | undefined {
    const target = type?.target?.ref;
    return isTypeDeclaration(target) && target.typeParameters.length === 0 ? target : undefined;
}

/** The step a `let` calls (directly or in a `for`), if it calls a step. */
export function calledStep(letStatement: LetStatement | undefined): StepDeclaration | undefined {
    const value = letStatement?.value;
    const callee = value?.$type === 'ForEach' ? value.call?.callee?.ref : value?.callee?.ref;
    return isStepDeclaration(callee) ? callee : undefined;
}
