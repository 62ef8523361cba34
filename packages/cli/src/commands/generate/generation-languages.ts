import { UserError } from '../../errors.js';

/** What `weft generate --lang` writes: TypeScript contracts and plans, Python contracts, or both. */
export type GenerationLanguage = 'typescript' | 'python';

const languages: readonly GenerationLanguage[] = ['typescript', 'python'];

/** `typescript`, `python` or `typescript,python` (in any order) as the languages to generate. */
export function parseGenerationLanguages(text: string): GenerationLanguage[] {
    const chosen = text.split(',').map(part => part.trim());
    const unknown = chosen.find(part => !languages.includes(part as GenerationLanguage));
    if (unknown !== undefined || chosen.length === 0) {
        throw new UserError(`--lang ${text}: unknown language ${JSON.stringify(unknown ?? '')}; use typescript, python, or both as typescript,python`);
    }
    return languages.filter(language => chosen.includes(language));
}
