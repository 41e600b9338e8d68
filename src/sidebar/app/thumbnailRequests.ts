/**
 * The webview side of the gallery's thumbnails: a tile asks for its picture once it comes
 * near the viewport (hidden tiles, those the filter leaves out, never do), each tile once;
 * in each request the tiles in view go before those only near it, so that the first
 * screen is made first. Apart from the prompts: the filter reads every image's prompt,
 * which must not make every image's thumbnail.
 */
import { LIMITS, type ImageRef } from '../protocol/values';
import { post } from './hostChannel';

/** The tiles within this distance of the viewport ask for their picture. */
const MARGIN_PX = 300;

export class ThumbnailRequests {
  private readonly observer: IntersectionObserver;
  /**
   * Watches the tiles asked for as only near the view until their picture comes: one that
   * comes into view (the panel grew, or was still being laid out when it asked) is asked
   * for again as in view, and the host makes it ahead of those only near.
   */
  private readonly promoter: IntersectionObserver;
  private readonly asked = new Set<string>();
  private readonly refs = new Map<Element, ImageRef & { readonly key: string }>();

  constructor() {
    // The document as the root: in the webview's cross-origin frame an implicit root ignores rootMargin.
    this.observer = new IntersectionObserver((entries) => this.onVisible(entries), { root: document, rootMargin: `${MARGIN_PX}px 0px` });
    this.promoter = new IntersectionObserver((entries) => this.onInView(entries), { root: document });
  }

  observe(element: Element, key: string, ref: ImageRef): void {
    this.refs.set(element, { ...ref, key });
    this.observer.observe(element);
  }

  unobserve(element: Element): void {
    const ref = this.refs.get(element);
    if (ref) this.asked.delete(ref.key);
    this.refs.delete(element);
    this.observer.unobserve(element);
    this.promoter.unobserve(element);
  }

  /** The tile has its picture: nothing more to ask for it. */
  arrived(element: Element): void {
    this.promoter.unobserve(element);
  }

  /** Forgets every tile: the gallery was listed anew. */
  clear(): void {
    this.observer.disconnect();
    this.promoter.disconnect();
    this.refs.clear();
    this.asked.clear();
  }

  private onVisible(entries: readonly IntersectionObserverEntry[]): void {
    const inView: ImageRef[] = [];
    const near: ImageRef[] = [];
    const height = window.innerHeight;
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const ref = this.refs.get(entry.target);
      if (!ref || this.asked.has(ref.key)) continue;
      this.asked.add(ref.key);
      // Once asked, the host sends the picture whenever it is made: the tile need not be watched.
      this.observer.unobserve(entry.target);
      // Said on the tile, so that what was asked for can be told from what was not.
      (entry.target as HTMLElement).dataset.thumbnail = 'asked';
      const box = entry.boundingClientRect;
      const seen = box.bottom > 0 && box.top < height;
      (seen ? inView : near).push({ folder: ref.folder, name: ref.name });
      if (!seen) this.promoter.observe(entry.target);
    }
    ask(inView, near);
  }

  private onInView(entries: readonly IntersectionObserverEntry[]): void {
    const promoted: ImageRef[] = [];
    for (const entry of entries) {
      const ref = this.refs.get(entry.target);
      if (!entry.isIntersecting || !ref) continue;
      this.promoter.unobserve(entry.target);
      (entry.target as HTMLElement).dataset.thumbnail = 'asked-in-view';
      promoted.push({ folder: ref.folder, name: ref.name });
    }
    ask(promoted, []);
  }
}

function ask(inView: readonly ImageRef[], near: readonly ImageRef[]): void {
  const wanted = [...inView, ...near];
  for (let at = 0; at < wanted.length; at += LIMITS.metadataBatch) {
    // Each batch says how many of its tiles are in view: the host makes those before any tile only near the view.
    post({ type: 'loadThumbnails', images: wanted.slice(at, at + LIMITS.metadataBatch), inView: Math.max(0, Math.min(LIMITS.metadataBatch, inView.length - at)) });
  }
}
