import { DefaultCommentProvider } from 'langium';

/** Reads `///` doc comments. (Scoping helper: implement.) */
export class WeftCommentProvider extends DefaultCommentProvider {}
