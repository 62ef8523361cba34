import {
    DefaultWorkspaceManager, DocumentState, type FileSystemNode, type LangiumDocument, type LangiumSharedCoreServices,
    type Stream, URI, type WorkspaceFolder,
} from 'langium';
import { WeftBuiltins } from '../../builtins/weft-builtins.js';
import type { WeftServices } from '../../weft-module.js';
import { unloadedImports } from './imported-files.js';

/**
 * Loads the `.weft` files of the workspace folders (skipping `node_modules` and hidden folders,
 * as the CLI does), then every file their imports reach, including package files under
 * `node_modules`, which Langium's default manager never loads. While the user edits, a new
 * import of a file that is not loaded yet loads it.
 */
export class WeftWorkspaceManager extends DefaultWorkspaceManager {
    private readonly shared: LangiumSharedCoreServices;

    constructor(shared: LangiumSharedCoreServices) {
        super(shared);
        this.shared = shared;
        this.initialBuildOptions = { validation: { categories: ['built-in', 'fast'] } };
        this.followImportsAfterEachBuild();
    }

    override shouldIncludeEntry(entry: FileSystemNode): boolean {
        const name = entry.uri.path.slice(entry.uri.path.lastIndexOf('/') + 1);
        if (name.startsWith('.') || name === 'node_modules') return false;
        return entry.isDirectory || name.endsWith('.weft');
    }

    protected override async loadAdditionalDocuments(_folders: WorkspaceFolder[], collector: (document: LangiumDocument) => void): Promise<void> {
        const weft = this.serviceRegistry.getServices(WeftBuiltins.uri) as unknown as WeftServices;
        collector(weft.builtins.Builtins.document);
    }

    protected override async loadWorkspaceDocuments(uris: Stream<URI>, collector: (document: LangiumDocument) => void): Promise<void> {
        const loaded: LangiumDocument[] = [];
        await super.loadWorkspaceDocuments(uris, document => {
            loaded.push(document);
            collector(document);
        });
        // Breadth-first over imports: each round loads the files the previous round imports.
        let frontier = loaded;
        while (frontier.length > 0) {
            const next: LangiumDocument[] = [];
            for (const uri of await unloadedImports(frontier, this.langiumDocuments, this.fileSystemProvider)) {
                if (this.langiumDocuments.hasDocument(uri)) continue;
                const document = await this.langiumDocuments.getOrCreateDocument(uri);
                collector(document);
                next.push(document);
            }
            frontier = next;
        }
    }

    /** After a build, loads the files that new imports name; the loaded files are built in turn. */
    private followImportsAfterEachBuild(): void {
        this.documentBuilder.onBuildPhase(DocumentState.IndexedContent, async (documents) => {
            const missing = await unloadedImports(documents, this.langiumDocuments, this.fileSystemProvider);
            if (missing.length === 0) return;
            // Not awaited: the build that triggered this holds the workspace lock.
            void this.shared.workspace.WorkspaceLock.write(token => this.documentBuilder.update(missing, [], token));
        });
    }
}
