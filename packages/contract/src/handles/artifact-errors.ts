import { WeftError } from '../errors/weft-error.js';

/** An artifact file whose content is not in the format its handle reads. */
export class ArtifactFormatError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'artifact-format';

    constructor(readonly path: string, readonly problem: string, options?: ErrorOptions) {
        super(`${path}: ${problem}`, options);
        this.name = 'ArtifactFormatError';
    }
}
