import { WeftError } from '@weft/contract/errors';

/** A plan that cannot become a correct Argo Workflow; the message says what and where. */
export class ArgoExportError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'argo-export';

    constructor(readonly pipeline: string, readonly node: string | undefined, detail: string) {
        super(`cannot export ${pipeline} to Argo${node === undefined ? '' : ` (call ${node})`}: ${detail}`);
        this.name = 'ArgoExportError';
    }
}
