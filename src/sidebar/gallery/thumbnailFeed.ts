/**
 * The host side of the gallery's thumbnails: answers the webview's loadThumbnails with
 * the cached ones at once and each other one as soon as the image workers make it (a
 * tile does not wait for its neighbours), starts the newest images' thumbnails as soon
 * as the folder is listed, and prunes the cache once a while after the gallery is first
 * shown.
 */
import * as vscode from 'vscode';
import type { LogChannel } from '../../host/log';
import type { HostMessage } from '../protocol/toPage';
import type { ImageRef } from '../protocol/values';
import type { GalleryService } from './galleryService';
import type { ListedImage } from './listing';
import type { Thumbnail, ThumbnailCache, ThumbnailSource } from './thumbnails';

/** The newest images whose thumbnails are made when the gallery is listed: about two screens. */
const PREFETCHED = 48;
/** Pruning waits for the gallery's first screen and the person's first minute. */
const PRUNE_DELAY_MS = 60_000;

export class ThumbnailFeed implements vscode.Disposable {
  private pruneTimer: ReturnType<typeof setTimeout> | undefined;
  private pruned = false;

  constructor(
    private readonly cache: ThumbnailCache,
    private readonly gallery: GalleryService,
    private readonly log: LogChannel,
  ) {}

  /**
   * Posts each tile's thumbnail to `view` as it is ready, the cached ones in one message
   * first; the first `inView` of `refs` are the tiles in view.
   */
  async send(view: vscode.WebviewView, post: (message: HostMessage) => void, refs: readonly ImageRef[], inView: number, isCurrent: () => boolean): Promise<void> {
    const toMessage = (ref: ImageRef, thumbnail: Thumbnail) => ({ ...ref, src: view.webview.asWebviewUri(thumbnail.uri).toString(), alpha: thumbnail.alpha });
    const items = refs.flatMap((ref, position) => {
      const source = this.source(ref);
      return source ? [{ ref, source, inView: position < inView }] : [];
    });
    const ready = await Promise.all(items.map(async (item) => ({ ...item, thumbnail: await this.cache.cached(item.source) })));
    const cached = ready.flatMap((item) => (item.thumbnail ? [toMessage(item.ref, item.thumbnail)] : []));
    if (cached.length > 0) post({ type: 'didMakeThumbnails', items: cached });
    const missing = ready.filter((item) => !item.thumbnail);
    // The tiles in view come first in a request, so those missing are still first.
    const made = this.cache.request(
      missing.map((item) => item.source),
      { inView: missing.filter((item) => item.inView).length },
    );
    await Promise.all(
      missing.map(async (item, index) => {
        const thumbnail = await made[index];
        if (thumbnail && isCurrent()) post({ type: 'didMakeThumbnails', items: [toMessage(item.ref, thumbnail)] });
      }),
    );
  }

  /** A view opened: the cache's index is read while `listing` is made, and the newest images' thumbnails start once it is. */
  opened(listing: Promise<readonly ListedImage[]>): void {
    this.cache.readIndex();
    void listing.then((images) => this.listed(images), () => undefined);
  }

  /**
   * Starts the newest images' thumbnails before the webview asks: the image workers start,
   * and the first screen is often under way by then. Whatever the webview asks for goes
   * ahead of these.
   */
  listed(images: readonly ListedImage[]): void {
    const sources = images.slice(0, PREFETCHED).flatMap((image) => {
      const source = this.source(image);
      return source ? [source] : [];
    });
    void Promise.all(this.cache.request(sources, { prefetch: true }));
    if (!this.pruned && !this.pruneTimer) {
      this.pruneTimer = setTimeout(() => {
        this.pruneTimer = undefined;
        this.pruned = true;
        this.cache.prune().catch((error: unknown) => this.log.warn(`gallery: the thumbnail cache could not be pruned: ${String(error)}`));
      }, PRUNE_DELAY_MS);
      this.pruneTimer.unref?.();
    }
  }

  private source(ref: ImageRef): ThumbnailSource | undefined {
    const uri = this.gallery.uri(ref);
    const listed = this.gallery.listed(ref);
    return uri && listed ? { uri, size: listed.size, mtime: listed.mtime } : undefined;
  }

  dispose(): void {
    if (this.pruneTimer) clearTimeout(this.pruneTimer);
  }
}
