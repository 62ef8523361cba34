import type { WeftServices } from '../weft-module.js';

/** (Typing helper: implement.) */
export class WeftTypeChecker {
    constructor(protected readonly services: WeftServices) {}
}
