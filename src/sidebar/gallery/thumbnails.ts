/**
 * The gallery's thumbnails: 256-pixel WebP files made by the image workers, cached
 * outside the workspace (the extension's global storage), keyed by the image's address,
 * size and modification time, so that a changed file gets a new one. Made in the
 * background and never on the extension host's own thread: the tiles in view first (the
 * most recently asked first: those in view after a scroll), then those near the view,
 * then the newest images asked for ahead of the webview; in the order asked within one
 * request. Each image worker has a second image waiting while it makes one, and gets the
 * next as soon as it hands one back. It reads a local image itself, so the extension host
 * never holds the image's bytes, and writes the thumbnail into a cache on this machine's
 * disk itself, so a finished one does not wait in the host's file-system queue.
 * Beside each thumbnail a small JSON file names its image, so that `prune` can drop the
 * thumbnails of deleted or changed images and keep the cache's size under a cap.
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { OutputFile, PixelEngine } from '../../core/export/engine';
import { imageSourceOf } from '../../host/fsHelpers';
import type { LogChannel } from '../../host/log';
import { pruneThumbnails, type PruneOptions, type PruneReport } from './thumbnailPrune';

export const THUMBNAIL_SIDE = 256;

export interface Thumbnail {
  readonly uri: vscode.Uri;
  /** The image has pixels that are not fully opaque. */
  readonly alpha: boolean;
}

export interface ThumbnailSource {
  readonly uri: vscode.Uri;
  readonly size: number;
  readonly mtime: number;
}

/** What the JSON file beside a thumbnail holds: the image it was made from. */
export interface ThumbnailEntry {
  readonly uri: string;
  readonly size: number;
  readonly mtime: number;
}

interface Waiting {
  readonly source: ThumbnailSource;
  readonly key: string;
  readonly done: Array<(thumbnail: Thumbnail | undefined) => void>;
  /** Lower goes first: [in view 0, near 1, prefetched 2; -request number; position in the request]. */
  rank: Rank;
}

type Rank = readonly [number, number, number];

/** What a request is for: tiles (the first `inView` of them in view), or the newest images ahead of the webview. */
export interface RequestOptions {
  readonly prefetch?: boolean;
  readonly inView?: number;
}

export const THUMBNAIL_NAME = /^([0-9a-f]{32})-([ao])\.webp$/;

export class ThumbnailCache {
  /** Key → whether the image has alpha; read from the folder's names once. */
  private index: Promise<Map<string, boolean>> | undefined;
  private readonly queue = new Map<string, Waiting>();
  /** Being made: a request for one of these waits for it instead of making it again. */
  private readonly making = new Map<string, Waiting>();
  private requests = 0;

  /** Images with the image workers at once: two per worker, so that each has the next one while it makes one. */
  private readonly parallel: number;
  private rendering = 0;

  /** @param workers the number of image workers */
  constructor(
    private readonly engine: PixelEngine,
    readonly folder: vscode.Uri,
    private readonly log: LogChannel,
    workers = 1,
  ) {
    this.parallel = 2 * workers;
  }

  static keyOf(source: ThumbnailSource): string {
    return createHash('sha256').update(`${source.uri.toString()}\n${source.size}\n${Math.round(source.mtime)}`).digest('hex').slice(0, 32);
  }

  private fileOf(key: string, alpha: boolean): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, `${key}-${alpha ? 'a' : 'o'}.webp`);
  }

  private load(): Promise<Map<string, boolean>> {
    this.index ??= (async () => {
      const index = new Map<string, boolean>();
      try {
        for (const [name] of await vscode.workspace.fs.readDirectory(this.folder)) {
          const match = THUMBNAIL_NAME.exec(name);
          if (match?.[1]) index.set(match[1], match[2] === 'a');
        }
      } catch {
        await vscode.workspace.fs.createDirectory(this.folder);
      }
      return index;
    })();
    return this.index;
  }

  /** Starts reading the cache folder's names, so that the first thumbnail asked for need not wait for them. */
  readIndex(): void {
    void this.load().catch(() => undefined);
  }

  /** The thumbnail if it is made already, without waiting for one. */
  async cached(source: ThumbnailSource): Promise<Thumbnail | undefined> {
    const key = ThumbnailCache.keyOf(source);
    const alpha = (await this.load()).get(key);
    return alpha === undefined ? undefined : { uri: this.fileOf(key, alpha), alpha };
  }

  /** The thumbnail, made when it is not cached; undefined when the image cannot be read. */
  async get(source: ThumbnailSource): Promise<Thumbnail | undefined> {
    const [thumbnail] = this.request([source]);
    return thumbnail;
  }

  /**
   * The thumbnails of `sources`, each made when it is not cached, in the order given: the
   * first `inView` ahead of every tile asked before, the rest ahead of every tile near the
   * view asked before; `prefetch` puts them behind every tile.
   */
  request(sources: readonly ThumbnailSource[], options: RequestOptions = {}): Array<Promise<Thumbnail | undefined>> {
    const request = ++this.requests;
    return sources.map(async (source, position) => {
      const ready = await this.cached(source);
      if (ready) return ready;
      const key = ThumbnailCache.keyOf(source);
      const tier = options.prefetch ? 2 : position < (options.inView ?? 0) ? 0 : 1;
      const rank: Rank = [tier, -request, position];
      return new Promise<Thumbnail | undefined>((resolve) => {
        const underway = this.making.get(key);
        if (underway) {
          underway.done.push(resolve);
          return;
        }
        const waiting = this.queue.get(key);
        if (waiting) {
          waiting.done.push(resolve);
          if (before(rank, waiting.rank)) waiting.rank = rank;
        } else {
          this.queue.set(key, { source, key, done: [resolve], rank });
        }
        this.drain();
      });
    });
  }

  private next(): Waiting | undefined {
    let best: Waiting | undefined;
    for (const waiting of this.queue.values()) if (!best || before(waiting.rank, best.rank)) best = waiting;
    if (best) this.queue.delete(best.key);
    return best;
  }

  private drain(): void {
    while (this.rendering < this.parallel) {
      const waiting = this.next();
      if (!waiting) return;
      this.making.set(waiting.key, waiting);
      this.rendering++;
      // The next image goes to the workers as soon as this one comes back from them, while its files are written.
      const rendered = () => {
        this.rendering--;
        this.drain();
      };
      void this.make(waiting, rendered)
        .catch((error: unknown) => {
          this.log.warn(`gallery: no thumbnail for ${waiting.source.uri.toString()}: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        })
        .then((thumbnail) => {
          this.making.delete(waiting.key);
          for (const done of waiting.done) done(thumbnail);
        });
    }
  }

  /** `rendered` is called once, when the workers are done with the image, whether they made its thumbnail or not. */
  private async make({ source, key }: Waiting, rendered: () => void): Promise<Thumbnail> {
    const entry: ThumbnailEntry = { uri: source.uri.toString(), size: source.size, mtime: Math.round(source.mtime) };
    const json = { uri: vscode.Uri.joinPath(this.folder, `${key}.json`), text: JSON.stringify(entry) };
    // A cache on this machine's disk (as global storage is wherever the extension host runs) is written by the worker itself.
    const writeTo: OutputFile | undefined =
      this.folder.scheme === 'file' ? { opaque: this.fileOf(key, false).fsPath, alpha: this.fileOf(key, true).fsPath, sidecar: { path: json.uri.fsPath, text: json.text } } : undefined;
    const [made] = await imageSourceOf(source.uri)
      .then((image) => this.engine.render(image, [{ width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE, fit: 'inside', format: 'webp', quality: 75, ...(writeTo ? { writeTo } : {}) }]))
      .finally(rendered);
    if (!made) throw new Error('the image library made no thumbnail');
    const uri = this.fileOf(key, made.alpha);
    if (made.path === undefined) {
      // Both at once: pruning leaves a thumbnail whose JSON is not there yet alone.
      await Promise.all([vscode.workspace.fs.writeFile(json.uri, new TextEncoder().encode(json.text)), vscode.workspace.fs.writeFile(uri, made.bytes)]);
    }
    (await this.load()).set(key, made.alpha);
    return { uri, alpha: made.alpha };
  }

  /**
   * Deletes the thumbnails of images that are gone or changed, then the oldest ones while
   * the cache is over its size cap; the thumbnails being made are left alone.
   */
  async prune(options?: PruneOptions): Promise<PruneReport> {
    const index = await this.load();
    const report = await pruneThumbnails(this.folder, options);
    for (const key of report.removedKeys) index.delete(key);
    this.log.info(`gallery: thumbnail cache pruned: ${report.removedKeys.length} removed (${report.stale} of changed or deleted images), ${report.kept} kept, ${(report.bytes / 1024 / 1024).toFixed(1)} MB`);
    return report;
  }
}

function before(a: Rank, b: Rank): boolean {
  for (let at = 0; at < a.length; at++) if (a[at] !== b[at]) return (a[at] ?? 0) < (b[at] ?? 0);
  return false;
}
