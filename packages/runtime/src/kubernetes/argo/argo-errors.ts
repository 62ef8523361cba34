/** A plan that cannot become a correct Argo Workflow; the message says what and where. */
export class ArgoExportError extends Error {
    constructor(readonly pipeline: string, readonly node: string | undefined, detail: string) {
        super(`cannot export ${pipeline} to Argo${node === undefined ? '' : ` (call ${node})`}: ${detail}`);
        this.name = 'ArgoExportError';
    }
}
