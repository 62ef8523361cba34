/** An artifact file whose content is not in the format its handle reads. */
export class ArtifactFormatError extends Error {
    constructor(readonly path: string, readonly problem: string, options?: ErrorOptions) {
        super(`${path}: ${problem}`, options);
        this.name = 'ArtifactFormatError';
    }
}
