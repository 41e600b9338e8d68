/**
 * The gallery's thumbnails: 256-pixel WebP files made by the image worker, cached
 * outside the workspace (the extension's global storage), keyed by the image's address,
 * size and modification time, so that a changed file gets a new one. Made one at a
 * time in the background, the most recently asked first (the tiles in view after a
 * scroll), and never on the extension host's own thread.
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { PixelEngine } from '../../core/export/engine';
import type { LogChannel } from '../../host/log';

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

interface Waiting {
  readonly source: ThumbnailSource;
  readonly key: string;
  readonly done: Array<(thumbnail: Thumbnail | undefined) => void>;
}

export class ThumbnailCache {
  /** Key → whether the image has alpha; read from the folder's names once. */
  private index: Promise<Map<string, boolean>> | undefined;
  private readonly queue = new Map<string, Waiting>();
  private running = false;

  constructor(
    private readonly engine: PixelEngine,
    readonly folder: vscode.Uri,
    private readonly log: LogChannel,
  ) {}

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
          const match = /^([0-9a-f]{32})-([ao])\.webp$/.exec(name);
          if (match?.[1]) index.set(match[1], match[2] === 'a');
        }
      } catch {
        await vscode.workspace.fs.createDirectory(this.folder);
      }
      return index;
    })();
    return this.index;
  }

  /** The thumbnail if it is made already, without waiting for one. */
  async cached(source: ThumbnailSource): Promise<Thumbnail | undefined> {
    const key = ThumbnailCache.keyOf(source);
    const alpha = (await this.load()).get(key);
    return alpha === undefined ? undefined : { uri: this.fileOf(key, alpha), alpha };
  }

  /** The thumbnail, made when it is not cached; undefined when the image cannot be read. */
  async get(source: ThumbnailSource): Promise<Thumbnail | undefined> {
    const ready = await this.cached(source);
    if (ready) return ready;
    const key = ThumbnailCache.keyOf(source);
    return new Promise((resolve) => {
      const waiting = this.queue.get(key);
      // Asked again: to the front of the line.
      this.queue.delete(key);
      this.queue.set(key, { source, key, done: [...(waiting?.done ?? []), resolve] });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const last = [...this.queue.values()].pop();
        if (!last) return;
        this.queue.delete(last.key);
        const thumbnail = await this.make(last).catch((error: unknown) => {
          this.log.warn(`gallery: no thumbnail for ${last.source.uri.toString()}: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        });
        for (const done of last.done) done(thumbnail);
      }
    } finally {
      this.running = false;
    }
  }

  private async make({ source, key }: Waiting): Promise<Thumbnail> {
    const bytes = await vscode.workspace.fs.readFile(source.uri);
    const [rendered] = await this.engine.render(bytes, [{ width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE, fit: 'inside', format: 'webp', quality: 75 }]);
    if (!rendered) throw new Error('the image library made no thumbnail');
    const uri = this.fileOf(key, rendered.alpha);
    await vscode.workspace.fs.writeFile(uri, rendered.bytes);
    (await this.load()).set(key, rendered.alpha);
    return { uri, alpha: rendered.alpha };
  }
}
