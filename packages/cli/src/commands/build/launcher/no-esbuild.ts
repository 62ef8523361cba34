// What a built artifact's launcher has instead of esbuild (bundle-launcher.ts aliases `esbuild` to
// this module): its steps were bundled by `weft build`, so bundling at run time is a bug.

export const version = 'none';

export function build(): never {
    throw new Error('this artifact cannot bundle steps: weft build bundled them all, and one is missing');
}
