import * as path from 'node:path';
import { stat } from 'node:fs/promises';
import { WeftError } from '@weft/contract/errors';
import type { CompiledPlan, PlanArtifact } from '../contract/plan.js';
import type { RunInputRecord } from '../store/run-store.js';
import type { FileDigests } from '../trust/file-digests.js';

/** A declaration's `sha256` does not match its file: the run must not start. */
export class DeclaredDigestMismatchError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'declared-digest';

    constructor(readonly declaration: string, readonly file: string, reason: string) {
        super(`${declaration}: ${file} ${reason}`);
        this.name = 'DeclaredDigestMismatchError';
    }
}

/**
 * Hashes every dataset and model the plan declares, as the run starts: the digests go to the
 * run store (lineage), and a declaration's `sha256` must match its file. Signed models get their
 * SHA-512 in the same pass, so verifying them before a step later reads nothing again.
 */
export async function hashDeclaredInputs(plan: CompiledPlan, root: string, digests: FileDigests): Promise<{ inputs: RunInputRecord[]; mismatches: DeclaredDigestMismatchError[] }> {
    const inputs: RunInputRecord[] = [];
    const mismatches: DeclaredDigestMismatchError[] = [];
    for (const artifact of plan.artifacts) {
        const member = (name: string): string | undefined => typeof artifact.members[name] === 'string' ? artifact.members[name] : undefined;
        const uri = member('uri');
        const expected = member('sha256');
        const signedBy = member('signedBy');
        const file = uri?.startsWith('file:') ? path.resolve(root, path.dirname(artifact.source.file), uri.slice('file:'.length)) : undefined;
        const declaration = `${artifact.kind} ${artifact.name} (${artifact.source.file}:${artifact.source.line})`;
        let digest: string | undefined;
        if (file !== undefined && (await stat(file).catch(() => undefined))?.isFile()) {
            const found = await digests.of(file, signedBy === undefined ? ['sha256'] : ['sha256', 'sha512']);
            digest = `sha256:${found.sha256!}`;
            if (expected !== undefined && expected.toLowerCase() !== found.sha256) {
                mismatches.push(new DeclaredDigestMismatchError(declaration, relative(root, file), `has sha256 ${found.sha256}, but the declaration says ${expected}`));
            }
        } else if (expected !== undefined) {
            mismatches.push(new DeclaredDigestMismatchError(declaration, file === undefined ? String(uri) : relative(root, file), reasonUnreadable(artifact, file)));
        }
        inputs.push({
            name: artifact.name, kind: artifact.kind,
            ...(uri === undefined ? {} : { uri }), ...(file === undefined ? {} : { path: file }),
            ...(member('version') === undefined ? {} : { version: member('version')! }),
            ...(digest === undefined ? {} : { digest }), ...(signedBy === undefined ? {} : { signedBy }),
        });
    }
    return { inputs, mismatches };
}

function reasonUnreadable(artifact: PlanArtifact, file: string | undefined): string {
    if (file === undefined) return `cannot be checked against its sha256: this runtime reads only file: URIs`;
    return `cannot be checked against its sha256: it is missing or not a file (${artifact.kind === 'model' ? 'a model folder' : 'a folder'} has no single digest)`;
}

function relative(root: string, file: string): string {
    const name = path.relative(root, file);
    return name.startsWith('..') ? file : name;
}
