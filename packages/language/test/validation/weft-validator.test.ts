import { EmptyFileSystem } from 'langium';
import { describe, expect, test } from 'vitest';
import { createWeftServices } from '../../src/weft-module.js';

// Rules read services through WeftValidator.services, a view that reads Langium's container once per service.
describe('the services rules see', () => {
    test('are the container\'s own instances, group by group', () => {
        const services = createWeftServices(EmptyFileSystem).Weft;
        const view = services.validation.WeftValidator.services;
        expect(view).not.toBe(services);
        expect(view.typing.TypeComputer).toBe(services.typing.TypeComputer);
        expect(view.typing.TypeChecker).toBe(services.typing.TypeChecker);
        expect(view.constraints.Model).toBe(services.constraints.Model);
        expect(view.constraints.SolverSettings).toBe(services.constraints.SolverSettings);
        expect(view.builtins.Builtins).toBe(services.builtins.Builtins);
        expect(view.shared.workspace.LangiumDocuments).toBe(services.shared.workspace.LangiumDocuments);
        expect(view.Grammar).toBe(services.Grammar);
        // Read twice, a service is the same object: it is resolved once.
        expect(view.typing).toBe(view.typing);
    });

    test('see a setting changed after they were first read', () => {
        const services = createWeftServices(EmptyFileSystem).Weft;
        const view = services.validation.WeftValidator.services;
        expect(view.constraints.SolverSettings.timeoutMilliseconds).toBe(services.constraints.SolverSettings.timeoutMilliseconds);
        services.constraints.SolverSettings.timeoutMilliseconds = 123;
        expect(view.constraints.SolverSettings.timeoutMilliseconds).toBe(123);
    });
});
