import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CompiledPlan, StepBundle } from '@weft/runtime';

/**
 * What a `weft build` artifact holds besides its code: `DIR/artifact.json`. The launcher reads it
 * at start; paths in it are relative to DIR.
 */
export interface ArtifactManifest {
    /** The format of this file; a launcher refuses another. */
    readonly artifactVersion: typeof ARTIFACT_VERSION;
    readonly plan: CompiledPlan;
    /** The plans of the pipelines it calls, by the `plan` of the call. */
    readonly subPlans: Readonly<Record<string, CompiledPlan>>;
    /** The target a run takes when `--target` is not given (`weft build --target`), else the plan's first. */
    readonly target?: string;
    /** Each step implementation's bundle, `file` relative to DIR. */
    readonly steps: readonly ArtifactStep[];
    /** The folder (relative to DIR) that stands for the plan's root: it holds the data files the plan names. */
    readonly root: string;
}

export interface ArtifactStep extends StepBundle {
    readonly module: string;
    readonly export: string;
}

export const ARTIFACT_VERSION = 1;
export const MANIFEST_FILE = 'artifact.json';

/** The manifest of the artifact in `folder`. */
export function readManifest(folder: string): ArtifactManifest {
    const manifest = JSON.parse(readFileSync(path.join(folder, MANIFEST_FILE), 'utf8')) as ArtifactManifest;
    if (manifest.artifactVersion !== ARTIFACT_VERSION) {
        throw new Error(`${path.join(folder, MANIFEST_FILE)} is of artifact format ${String(manifest.artifactVersion)}; this launcher reads format ${ARTIFACT_VERSION}`);
    }
    return manifest;
}
