import { DefaultScopeProvider } from 'langium';

/** (Scoping helper: implement.) */
export class WeftScopeProvider extends DefaultScopeProvider {}
