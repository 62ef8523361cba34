// Python contracts: Weft documents in, Python modules for mypy out.
export { generatePython } from './generate-python.js';
