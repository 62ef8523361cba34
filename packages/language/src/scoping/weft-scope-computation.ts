import { DefaultScopeComputation } from 'langium';

/** (Scoping helper: implement.) */
export class WeftScopeComputation extends DefaultScopeComputation {}
