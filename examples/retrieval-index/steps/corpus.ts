// The handbook's markdown files, compiled into the `load` step's bundle: a sandboxed step sees
// only its inputs, and `load`'s `folder` is a plain string, not a handle the runtime mounts.
// Add a file to `corpus/` here too (the test 'bundles every file of corpus/' checks this).
import bicycleMaintenance from '../corpus/bicycle-maintenance.md?raw' with { type: 'text' };
import coffeeBrewing from '../corpus/coffee-brewing.md?raw' with { type: 'text' };
import composting from '../corpus/composting.md?raw' with { type: 'text' };
import firstAid from '../corpus/first-aid.md?raw' with { type: 'text' };
import gitBasics from '../corpus/git-basics.md?raw' with { type: 'text' };
import houseplants from '../corpus/houseplants.md?raw' with { type: 'text' };
import nightSky from '../corpus/night-sky.md?raw' with { type: 'text' };
import sourdoughBread from '../corpus/sourdough-bread.md?raw' with { type: 'text' };

/** A file shipped with the step: its path relative to the example's folder, and its text. */
export interface SourceFile {
    readonly path: string;
    readonly text: string;
}

export const bundledFiles: readonly SourceFile[] = [
    { path: 'corpus/bicycle-maintenance.md', text: bicycleMaintenance },
    { path: 'corpus/coffee-brewing.md', text: coffeeBrewing },
    { path: 'corpus/composting.md', text: composting },
    { path: 'corpus/first-aid.md', text: firstAid },
    { path: 'corpus/git-basics.md', text: gitBasics },
    { path: 'corpus/houseplants.md', text: houseplants },
    { path: 'corpus/night-sky.md', text: nightSky },
    { path: 'corpus/sourdough-bread.md', text: sourdoughBread },
];
