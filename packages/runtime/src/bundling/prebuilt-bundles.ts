import type { StepBundle } from './bundle-step.js';

/**
 * Step bundles made ahead of time, by `module#export` (a `weft build` artifact ships them): a
 * process that has them answers every bundle request from them and never runs esbuild, which the
 * artifact does not carry. Set once, before the run starts.
 */
let prebuilt: ReadonlyMap<string, StepBundle> | undefined;

export function usePrebuiltBundles(bundles: ReadonlyMap<string, StepBundle>): void {
    prebuilt = bundles;
}

/** The prebuilt bundle of a step, `null` when it has none, `undefined` when there are no prebuilt bundles. */
export function prebuiltBundle(module: string, exportName: string): StepBundle | null | undefined {
    return prebuilt === undefined ? undefined : prebuilt.get(`${module}#${exportName}`) ?? null;
}
