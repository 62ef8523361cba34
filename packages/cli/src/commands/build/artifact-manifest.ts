import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CompiledPlan, StepBundle } from '@weft/runtime';
import { UserError } from '../../errors.js';

/**
 * What a `weft build` artifact holds besides its code: `DIR/lib/artifact.json`. The launcher reads
 * it at start; paths in it are relative to `DIR/lib`.
 */
export interface ArtifactManifest {
    /** The format of this file; a launcher refuses another. */
    readonly artifactVersion: typeof ARTIFACT_VERSION;
    readonly plan: CompiledPlan;
    /** The plans of the pipelines it calls, by the `plan` of the call. */
    readonly subPlans: Readonly<Record<string, CompiledPlan>>;
    /** The target a run takes when `--target` is not given (`weft build --target`), else the plan's first. */
    readonly target?: string;
    /** Each step implementation's bundle, `file` relative to `DIR/lib`. */
    readonly steps: readonly ArtifactStep[];
    /** The folder (relative to `DIR/lib`) that stands for the plan's root: it holds the data files the plan names. */
    readonly root: string;
}

export interface ArtifactStep extends StepBundle {
    readonly module: string;
    readonly export: string;
}

export const ARTIFACT_VERSION = 1;
export const MANIFEST_FILE = 'artifact.json';

/** The manifest of the artifact in `folder`; a missing, unreadable or foreign one is the user's to rebuild. */
export function readManifest(folder: string): ArtifactManifest {
    const file = path.join(folder, MANIFEST_FILE);
    let manifest: ArtifactManifest;
    try {
        manifest = JSON.parse(readFileSync(file, 'utf8')) as ArtifactManifest;
    } catch (error) {
        throw new UserError(`cannot read the artifact's ${file}: ${error instanceof Error ? error.message : String(error)}; build it again with weft build`, { cause: error });
    }
    if (manifest.artifactVersion !== ARTIFACT_VERSION) {
        throw new UserError(`${file} is of artifact format ${String(manifest.artifactVersion)}, and this launcher reads format ${ARTIFACT_VERSION}; build it again with weft build`);
    }
    return manifest;
}
