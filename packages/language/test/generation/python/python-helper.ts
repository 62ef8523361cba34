// The fixtures of the Python tests.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** A pipeline of TypeScript and Python steps over records, optionals, lists, maps, a dataset, a model and a tensor. */
export const mixedFixture = path.join(here, 'mixed');
