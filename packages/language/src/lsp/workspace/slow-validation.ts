import { DocumentState, type LangiumDocument, type LangiumSharedCoreServices, type URI } from 'langium';

/** How long the user must pause typing before the slow (solver) checks start. */
const SLOW_VALIDATION_DELAY_MS = 250;

/**
 * Runs the `slow` validation checks (the Z3 constraint checks) after each keystroke's fast
 * build, once the user pauses. Fast diagnostics are published first; the slow build publishes
 * the document's diagnostics again with the solver's results added. A later edit cancels a slow
 * build that is still running (the workspace lock cancels the previous write).
 */
export class SlowValidationScheduler {
    private pending = new Map<string, URI>();
    private timer: ReturnType<typeof setTimeout> | undefined;
    private runningSlowBuild = false;

    constructor(private readonly shared: LangiumSharedCoreServices, private readonly isLanguageDocument: (document: LangiumDocument) => boolean) {
        shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, (documents) => {
            if (this.runningSlowBuild) return;
            for (const document of documents) {
                if (this.isLanguageDocument(document)) this.pending.set(document.uri.toString(), document.uri);
            }
            if (this.pending.size > 0) this.schedule();
        });
    }

    private schedule(): void {
        if (this.timer !== undefined) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
            this.timer = undefined;
            const lock = this.shared.workspace.WorkspaceLock;
            // A read runs only when no write is active, so the write queued inside it never
            // cancels the build of an edit; an edit after it cancels the slow build instead.
            void lock.read(() => {
                void lock.write(token => this.runSlowBuild(token));
            });
        }, SLOW_VALIDATION_DELAY_MS);
    }

    private async runSlowBuild(token: Parameters<LangiumSharedCoreServices['workspace']['DocumentBuilder']['build']>[2]): Promise<void> {
        const documents: LangiumDocument[] = [];
        for (const uri of this.pending.values()) {
            const document = this.shared.workspace.LangiumDocuments.getDocument(uri);
            if (document && document.state >= DocumentState.Validated) documents.push(document);
        }
        this.pending = new Map();
        if (documents.length === 0) return;
        this.runningSlowBuild = true;
        try {
            await this.shared.workspace.DocumentBuilder.build(documents, { validation: { categories: ['slow'] } }, token);
        } finally {
            this.runningSlowBuild = false;
        }
    }
}
