import * as path from 'node:path';
import { WeftError } from '@weft/contract/errors';
import type { CompiledPlan } from '../contract/plan.js';
import { Model } from '../handles/model.js';
import { FileDigests } from './file-digests.js';
import { KeyError, type PublicKey, readPublicKey } from './keys.js';
import { verifyFile } from './verify-file.js';

/** A declared model that a step consumed, and the key that verified it. */
export interface VerifiedModel {
    readonly model: string;
    readonly file: string;
    readonly keyId: string;
    /** `signedBy` as written in the `.weft` file (a path or `env:NAME`). */
    readonly signedBy: string;
}

/** A model declared with `signedBy` failed its check; the step that consumes it must not run. */
export class ModelVerificationError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'model-verification';

    constructor(readonly model: string, readonly file: string, readonly signedBy: string, readonly reason: string, options?: ErrorOptions) {
        super(`model ${model} (${file}) failed verification against ${signedBy}: ${reason}`, options);
        this.name = 'ModelVerificationError';
    }
}

interface SignedDeclaration {
    readonly model: string;
    readonly signedBy: string;
    /** The folder `signedBy` paths are relative to: that of the `.weft` file declaring the model. */
    readonly baseDir: string;
}

/**
 * Checks the models a step is about to consume: every `Model` handle among its inputs (at any
 * depth) whose file is a model declared with `signedBy` must carry a valid signature by that key.
 * Results are kept per (SHA-512 of the content, key), and digests per unchanged file, so a
 * model consumed by many tasks is hashed and verified once per run.
 */
export class SignedModels {
    private readonly declarations = new Map<string, SignedDeclaration>();
    private readonly keys = new Map<string, PublicKey>();
    private readonly verified = new Set<string>();

    constructor(plan: CompiledPlan, root: string, private readonly digests: FileDigests = new FileDigests(), private readonly env: Readonly<Record<string, string | undefined>> = process.env) {
        for (const artifact of plan.artifacts) {
            const uri = artifact.members['uri'];
            const signedBy = artifact.members['signedBy'];
            if (artifact.kind !== 'model' || typeof signedBy !== 'string' || typeof uri !== 'string' || !uri.startsWith('file:')) continue;
            const baseDir = path.resolve(root, path.dirname(artifact.source.file));
            this.declarations.set(path.resolve(baseDir, uri.slice('file:'.length)), { model: artifact.name, signedBy, baseDir });
        }
    }

    /** Whether the plan declares any signed model (nothing to do otherwise). */
    get any(): boolean {
        return this.declarations.size > 0;
    }

    /** Verifies the signed models among `inputs`; throws `ModelVerificationError` for the first that fails. */
    async check(inputs: unknown): Promise<readonly VerifiedModel[]> {
        if (!this.any) return [];
        const files = new Set<string>();
        collectModels(inputs, file => files.add(path.resolve(file)));
        const results: VerifiedModel[] = [];
        for (const file of files) {
            const declaration = this.declarations.get(file);
            if (declaration) results.push(await this.checkOne(file, declaration));
        }
        return results;
    }

    private async checkOne(file: string, declaration: SignedDeclaration): Promise<VerifiedModel> {
        const { model, signedBy } = declaration;
        const failed = (reason: string, cause?: unknown): ModelVerificationError =>
            new ModelVerificationError(model, file, signedBy, reason, cause === undefined ? undefined : { cause });
        let key: PublicKey;
        try {
            key = this.keyOf(declaration);
        } catch (error) {
            if (error instanceof KeyError) throw failed(`the key cannot be used (${error.message})`, error);
            throw error;
        }
        const digest = await this.digests.of(file, ['sha512']).catch(() => undefined);
        const cacheKey = digest && `${digest.sha512}:${key.id}`;
        if (cacheKey && this.verified.has(cacheKey)) return { model, file, keyId: key.id, signedBy };
        const verification = await verifyFile(file, key, this.digests);
        if (!verification.ok) throw failed(`${verification.reason} [${verification.failure}]`);
        this.verified.add(`${verification.manifest.sha512}:${key.id}`);
        return { model, file, keyId: key.id, signedBy };
    }

    private keyOf(declaration: SignedDeclaration): PublicKey {
        const cacheKey = `${declaration.baseDir}\0${declaration.signedBy}`;
        let key = this.keys.get(cacheKey);
        if (!key) {
            key = readPublicKey(declaration.signedBy, declaration.baseDir, this.env);
            this.keys.set(cacheKey, key);
        }
        return key;
    }
}

/** Calls `found` with the file of every `Model` handle in `value` (records, lists, maps). */
function collectModels(value: unknown, found: (file: string) => void): void {
    if (value instanceof Model) found(value.path);
    else if (Array.isArray(value)) for (const element of value) collectModels(element, found);
    else if (value instanceof Map) for (const entry of value.values()) collectModels(entry, found);
    else if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
        for (const entry of Object.values(value)) collectModels(entry, found);
    }
}

