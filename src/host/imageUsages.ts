/**
 * Where the workspace refers to an image, for the gallery: "used in index.html:12", or
 * that no file does. The pages, components, stylesheets and manifests are scanned with
 * the same finders as the quick fix (open documents as they are in the editor), once,
 * then again only after a change; node_modules, minified and very large files are skipped.
 */
import * as vscode from 'vscode';
import { isRootRelative, joinPath } from '../core/references/resolve';
import { describeReferences, familyOf, findReferences, skipReason, MAX_SCANNED_CHARS } from '../core/references/scan';
import { documentPathIn, ReferenceScanner } from './imageReferences';
import { readTextUpTo } from './fsHelpers';

const FILES = '**/*.{md,markdown,mdx,html,htm,vue,svelte,astro,jsx,tsx,css,scss,sass,less,webmanifest}';
const MANIFESTS = '**/manifest.json';
const EXCLUDE = '**/{node_modules,.git}/**';
/** More files than this are not read: the answer would come too late to be worth it. */
const MAX_FILES = 5_000;
const CHANGE_DELAY_MS = 500;

export class ImageUsages implements vscode.Disposable {
  private index: Promise<Map<string, string>> | undefined;
  private readonly scanner = new ReferenceScanner();
  private readonly subscriptions: vscode.Disposable[];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    const watchers = [FILES, MANIFESTS].map((glob) => vscode.workspace.createFileSystemWatcher(glob));
    const forget = () => this.forgetSoon();
    this.subscriptions = [
      ...watchers,
      ...watchers.flatMap((watcher) => [watcher.onDidCreate(forget), watcher.onDidChange(forget), watcher.onDidDelete(forget)]),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && familyOf(event.document.fileName, event.document.languageId) !== undefined) forget();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(forget),
    ];
  }

  /** What the gallery says of an image: where it is first referenced, or that nothing references it. */
  async usage(image: vscode.Uri): Promise<string> {
    const index = await (this.index ??= this.build());
    const where = index.get(image.toString());
    return where ? vscode.l10n.t('Used in {0}', where) : vscode.l10n.t('Not referenced by any file in the workspace');
  }

  private forgetSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.index = undefined;
    }, CHANGE_DELAY_MS);
  }

  private async build(): Promise<Map<string, string>> {
    const index = new Map<string, string>();
    const [files, manifests] = await Promise.all([vscode.workspace.findFiles(FILES, EXCLUDE, MAX_FILES), vscode.workspace.findFiles(MANIFESTS, EXCLUDE, 100)]);
    const open = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
    for (const uri of [...files, ...manifests].sort((a, b) => a.path.localeCompare(b.path))) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const documentPath = folder && documentPathIn(folder, uri);
      if (!folder || documentPath === undefined) continue;
      const document = open.get(uri.toString());
      const family = familyOf(documentPath, document?.languageId);
      if (!family) continue;
      const text = document ? document.getText() : await readTextUpTo(uri, MAX_SCANNED_CHARS);
      if (text === undefined || skipReason(documentPath, text) !== undefined) continue;
      const found = findReferences(text, family);
      if (found.length === 0) continue;
      const rooted = found.some((reference) => isRootRelative(reference.url));
      const publicDir = rooted ? await this.scanner.publicDir(folder, documentPath) : undefined;
      for (const reference of describeReferences(text, family, found, { documentPath, ...(publicDir ? { publicDir } : {}) })) {
        if (reference.target.kind !== 'file') continue;
        const key = vscode.Uri.joinPath(folder.uri, joinPath(reference.target.path) ?? reference.target.path).toString();
        if (!index.has(key)) index.set(key, `${vscode.workspace.asRelativePath(uri, false)}:${reference.line + 1}`);
      }
    }
    return index;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}


/** The gallery's metadata with where each image is used; an image the lookup fails for keeps its metadata as it was. */
export async function withUsage<T extends { folder: number; name: string }>(items: readonly T[], gallery: { uri(ref: { folder: number; name: string }): vscode.Uri | undefined }, usages: ImageUsages): Promise<Array<T & { usage?: string }>> {
  return Promise.all(
    items.map(async (item) => {
      const uri = gallery.uri(item);
      const usage = uri ? await usages.usage(uri).catch(() => undefined) : undefined;
      return usage ? { ...item, usage } : item;
    }),
  );
}
