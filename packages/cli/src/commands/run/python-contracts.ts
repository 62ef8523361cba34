import type { GeneratedFile } from '@weft/language';
import { writeGenerated } from '../generate/generate.js';
import { pythonContractsFolder } from './python-steps.js';

/**
 * Writes the run's Python contracts to `<state folder>/python-contracts` (only files that changed),
 * the folder Python steps import them from (`from weft_contract import …`, `from training import TrainInputs`).
 */
export async function writePythonContracts(stateFolder: string, files: readonly GeneratedFile[]): Promise<string> {
    const folder = pythonContractsFolder(stateFolder);
    await writeGenerated(folder, files);
    return folder;
}
