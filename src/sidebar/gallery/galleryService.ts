/**
 * The output folders, their images and what changes in them. The files are the
 * history: the gallery lists them, a file-system watcher keeps the list current, and
 * an image's metadata is read from the file itself when the webview asks for it.
 */
import { promises as fsp } from 'node:fs';
import * as vscode from 'vscode';
import { ImagesmithError } from '../../core/errors';
import { readTextUpTo } from '../../host/fsHelpers';
import type { LogChannel } from '../../host/log';
import { outputFolderUri } from '../../host/outputFolder';
import type { Settings } from '../../host/settings';
import { LIMITS, type ImageRef } from '../protocol/values';
import { type ImageMeta } from '../protocol/views';
import { diffListings, isGalleryImage, listImages, refKey, type FileEntry, type ListedImage } from './listing';
import { readInfotext, summarize, type FolderReader } from './metadata';

export interface OutputFolder {
  readonly index: number;
  readonly label: string;
  readonly uri: vscode.Uri;
}

export interface GalleryChange {
  readonly added: ListedImage[];
  readonly removed: ImageRef[];
}

/** Files statted at once when listing a folder that is not on the local disk. */
const STAT_CONCURRENCY = 16;
const REFRESH_DELAY_MS = 150;
/** How long a listing serves `recent()`: folders outside the file watcher's reach change unseen. */
const RECENT_MS = 5_000;

export class GalleryService implements vscode.Disposable {
  private folders: OutputFolder[] = [];
  private problem: string | undefined;
  private listing: ListedImage[] = [];
  /** What `list()` last started, and when: `recent()` hands it out while nothing has changed. */
  private lastListed: { readonly listed: Promise<ListedImage[]>; readonly at: number } | undefined;
  private watchers: vscode.Disposable[] = [];
  private readonly metaCache = new Map<string, { version: string; meta: ImageMeta }>();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<GalleryChange>();
  /** Images came or went in a folder already shown. */
  readonly onDidChange = this.changed.event;
  private readonly reset = new vscode.EventEmitter<void>();
  /** The folders themselves changed (workspace folders, the output folder setting): list again from scratch. */
  readonly onDidReset = this.reset.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly settings: Settings,
    private readonly log: LogChannel,
  ) {
    this.locate();
    this.subscriptions = [
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.relocate()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('imagesmith.outputFolder')) this.relocate();
      }),
    ];
  }

  outputFolders(): readonly OutputFolder[] {
    return this.folders;
  }

  /** Why the gallery is empty when it cannot show anything. */
  whyEmpty(): string | undefined {
    return this.problem;
  }

  /** The current images, newest first, listed afresh. */
  list(): Promise<ListedImage[]> {
    const listed = this.readAll().then((images) => (this.listing = images));
    this.lastListed = { listed, at: Date.now() };
    return listed;
  }

  /**
   * The images as `list()` listed them a moment ago, when no file event or folder change
   * came since; else listed afresh. The page asks for the gallery a second after the view
   * opened and listed it, while the thumbnails of that listing are being made: listing
   * again would only queue a thousand file reads behind them.
   */
  recent(): Promise<ListedImage[]> {
    const last = this.lastListed;
    return last && Date.now() - last.at < RECENT_MS ? last.listed : this.list();
  }

  /** Lists again soon; a burst of file events makes one listing. */
  scheduleRefresh(): void {
    this.lastListed = undefined;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.refreshing = this.refreshing.then(() => this.refresh());
    }, REFRESH_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    const before = this.listing;
    const after = await this.readAll();
    this.listing = after;
    const change = diffListings(before, after);
    if (change.added.length > 0 || change.removed.length > 0) this.changed.fire(change);
  }

  /** The image as last listed (its size and time key its thumbnail). */
  listed(ref: ImageRef): ListedImage | undefined {
    const key = refKey(ref);
    return this.listing.find((image) => refKey(image) === key);
  }

  uri(ref: ImageRef): vscode.Uri | undefined {
    const folder = this.folders[ref.folder];
    if (!folder || !isGalleryImage(ref.name)) return undefined;
    return vscode.Uri.joinPath(folder.uri, ref.name);
  }

  /** Summaries for the webview; each file is read once per version. */
  async metadata(refs: readonly ImageRef[]): Promise<ImageMeta[]> {
    const versions = new Map(this.listing.map((image) => [refKey(image), image.version]));
    const out: ImageMeta[] = [];
    for (const ref of refs) {
      const key = refKey(ref);
      const version = versions.get(key);
      if (version === undefined) continue;
      const cached = this.metaCache.get(key);
      if (cached?.version === version) {
        out.push(cached.meta);
        continue;
      }
      const meta = summarize(ref, await this.infotext(ref).catch(() => undefined));
      this.metaCache.set(key, { version, meta });
      out.push(meta);
    }
    return out;
  }

  /** The whole infotext of an image, or undefined when it has none. */
  async infotext(ref: ImageRef): Promise<string | undefined> {
    const folder = this.folders[ref.folder];
    if (!folder || !isGalleryImage(ref.name)) return undefined;
    return readInfotext(folderReader(folder.uri), ref.name);
  }

  private locate(): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = [];
    this.folders = [];
    this.problem = undefined;
    const workspaceFolders = (vscode.workspace.workspaceFolders ?? []).slice(0, LIMITS.folders);
    if (workspaceFolders.length === 0) {
      this.problem = vscode.l10n.t('Open a folder to keep generated images in it; they will show here.');
      return;
    }
    for (const folder of workspaceFolders) {
      try {
        const uri = outputFolderUri(folder, this.settings.general().outputFolder);
        this.folders.push({ index: folder.index, label: folder.name, uri });
        this.watch(uri);
      } catch (error) {
        this.problem = error instanceof ImagesmithError ? error.message : String(error);
      }
    }
  }

  private relocate(): void {
    this.locate();
    this.listing = [];
    this.lastListed = undefined;
    this.metaCache.clear();
    this.reset.fire();
  }

  private watch(folder: vscode.Uri): void {
    // Every event re-lists the folder, so the kind of event does not matter; `*` also catches the sidecars.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '*'));
    const onEvent = () => this.scheduleRefresh();
    this.watchers.push(watcher, watcher.onDidCreate(onEvent), watcher.onDidChange(onEvent), watcher.onDidDelete(onEvent));
  }

  private async readAll(): Promise<ListedImage[]> {
    const lists = await Promise.all(
      this.folders.map(async (folder) => {
        try {
          return listImages(folder.index, await listFolder(folder.uri));
        } catch (error) {
          if (!isNotFound(error)) this.log.warn(`gallery: cannot list ${folder.uri.toString()}: ${String(error)}`);
          return [];
        }
      }),
    );
    return lists.flat().slice(0, LIMITS.galleryImages);
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const disposable of [...this.watchers, ...this.subscriptions]) disposable.dispose();
    this.changed.dispose();
    this.reset.dispose();
  }
}

function isNotFound(error: unknown): boolean {
  if (error instanceof vscode.FileSystemError) return error.code === 'FileNotFound';
  return (error as { code?: unknown }).code === 'ENOENT';
}

/** The folder's images and text files with their times; node:fs on local disks, where it is many times faster. */
async function listFolder(folder: vscode.Uri): Promise<FileEntry[]> {
  const wanted = (name: string) => isGalleryImage(name) || /\.txt$/i.test(name);
  if (folder.scheme === 'file') {
    const entries = await fsp.readdir(folder.fsPath, { withFileTypes: true });
    const names = entries.filter((entry) => entry.isFile() && wanted(entry.name)).map((entry) => entry.name);
    return mapLimited(names, 64, async (name) => {
      const stat = await fsp.stat(vscode.Uri.joinPath(folder, name).fsPath).catch(() => undefined);
      return stat ? { name, mtime: stat.mtimeMs, size: stat.size } : undefined;
    });
  }
  const entries = await vscode.workspace.fs.readDirectory(folder);
  const names = entries.filter(([name, type]) => (type & vscode.FileType.File) !== 0 && wanted(name)).map(([name]) => name);
  return mapLimited(names, STAT_CONCURRENCY, async (name) => {
    const stat = await Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, name))).catch(() => undefined);
    return stat ? { name, mtime: stat.mtime, size: stat.size } : undefined;
  });
}

async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R | undefined>): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      const result = await task(item);
      if (result !== undefined) out.push(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Reads the head of a file with node:fs where it can, else the whole file through workspace.fs. */
export function folderReader(folder: vscode.Uri): FolderReader {
  const local = folder.scheme === 'file';
  return {
    async readHead(name, length) {
      const uri = vscode.Uri.joinPath(folder, name);
      if (!local) {
        const bytes = await vscode.workspace.fs.readFile(uri);
        return { bytes, complete: true };
      }
      const handle = await fsp.open(uri.fsPath, 'r');
      try {
        const buffer = new Uint8Array(length);
        const { bytesRead } = await handle.read(buffer, 0, length, 0);
        return { bytes: buffer.subarray(0, bytesRead), complete: bytesRead < length };
      } finally {
        await handle.close();
      }
    },
    readText: (name, maxBytes) => readTextUpTo(vscode.Uri.joinPath(folder, name), maxBytes),
  };
}
