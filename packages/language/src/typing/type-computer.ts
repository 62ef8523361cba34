import type { WeftServices } from '../weft-module.js';

/** (Typing helper: implement.) */
export class WeftTypeComputer {
    constructor(protected readonly services: WeftServices) {}
}
