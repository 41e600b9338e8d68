/**
 * The output folder's images, newest first. As tiles come near the viewport their
 * prompts are asked for in batches, and the host answers with their thumbnails (small
 * WebP files from its cache, made in the background) as they are ready: the webview
 * never loads a full-size image. Images with real transparency sit on a checkerboard. One tab stop
 * for the whole grid (arrow keys move between images), then the focused image's actions.
 */
import {
  LIMITS,
  type DidChangeGalleryNotification,
  type DidMakeThumbnailsNotification,
  type DidResetGalleryNotification,
  type GalleryFolder,
  type GalleryImage,
  type ImageAction,
  type ImageActionResult,
  type ImageMeta,
  type ImageRef,
  type LoadMetadataResult,
} from '../protocol';
import { button, h } from './dom';
import { nextId, post } from './host';

export interface GalleryEvents {
  useSettings(image: ImageRef): void;
  announce(text: string): void;
}

interface Tile {
  readonly image: GalleryImage;
  readonly element: HTMLLIElement;
  readonly thumb: HTMLButtonElement;
  actions: HTMLElement | undefined;
}

const ACTIONS: ReadonlyArray<{ action: ImageAction | 'useSettings'; label: string; icon: string }> = [
  { action: 'open', label: 'Open', icon: 'go-to-file' },
  { action: 'useSettings', label: 'Use these settings', icon: 'wand' },
  { action: 'insertLink', label: 'Insert Markdown link into the editor', icon: 'markdown' },
  { action: 'export', label: 'Export… (sizes, formats, icon sets)', icon: 'export' },
  { action: 'copyPath', label: 'Copy path', icon: 'copy' },
  { action: 'reveal', label: 'Reveal in Explorer', icon: 'files' },
  { action: 'delete', label: 'Delete', icon: 'trash' },
];

const keyOf = (ref: ImageRef): string => `${ref.folder}/${ref.name}`;

function newestFirst(a: GalleryImage, b: GalleryImage): number {
  if (a.mtime !== b.mtime) return b.mtime - a.mtime;
  if (a.name !== b.name) return a.name < b.name ? 1 : -1;
  return a.folder - b.folder;
}

export class Gallery {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly heading: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly status: HTMLElement;
  private folders = new Map<number, GalleryFolder>();
  private images: GalleryImage[] = [];
  private readonly tiles = new Map<string, Tile>();
  private readonly meta = new Map<string, ImageMeta>();
  private readonly requested = new Set<string>();
  private queue = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly observer: IntersectionObserver;
  private active: string | undefined;
  private readonly pendingActions = new Map<string, { action: ImageAction; ref: ImageRef }>();

  constructor(private readonly events: GalleryEvents) {
    this.heading = h('h2', { class: 'gallery-title', id: 'gallery-title' }, 'Gallery');
    this.status = h('p', { class: 'gallery-status', role: 'status' });
    this.empty = h('p', { class: 'gallery-empty' }, 'Loading…');
    this.list = h('ul', { class: 'gallery', 'aria-labelledby': 'gallery-title' });
    this.element = h('section', { class: 'gallery-section', 'aria-labelledby': 'gallery-title' }, this.heading, this.status, this.empty, this.list);
    // The document as the root: in the webview's cross-origin frame an implicit root ignores rootMargin.
    this.observer = new IntersectionObserver((entries) => this.onVisible(entries), { root: document, rootMargin: '300px 0px' });
    this.list.addEventListener('keydown', (event) => this.onKey(event));
    this.list.addEventListener('focusin', (event) => {
      const tile = (event.target as HTMLElement).closest<HTMLLIElement>('li.tile');
      if (tile?.dataset.key) this.activate(tile.dataset.key, false);
    });
  }

  reset(message: DidResetGalleryNotification): void {
    this.folders = new Map(message.folders.map((folder) => [folder.index, folder]));
    for (const tile of this.tiles.values()) this.observer.unobserve(tile.element);
    this.tiles.clear();
    this.meta.clear();
    this.requested.clear();
    this.queue.clear();
    this.list.replaceChildren();
    this.images = [...message.images].sort(newestFirst);
    this.active = undefined;
    this.draw(message.problem);
  }

  change(message: DidChangeGalleryNotification): void {
    const removed = new Set(message.removed.map(keyOf));
    for (const key of removed) {
      const tile = this.tiles.get(key);
      if (tile) {
        this.observer.unobserve(tile.element);
        tile.element.remove();
        this.tiles.delete(key);
      }
      this.meta.delete(key);
      this.requested.delete(key);
    }
    const added = new Map(message.added.map((image) => [keyOf(image), image]));
    this.images = [...this.images.filter((image) => !removed.has(keyOf(image)) && !added.has(keyOf(image))), ...added.values()].sort(newestFirst);
    if (this.active && !this.images.some((image) => keyOf(image) === this.active)) {
      const next = this.images[0];
      this.active = undefined;
      if (next) this.activate(keyOf(next), false);
    }
    this.draw(undefined);
  }

  metadata(result: LoadMetadataResult): void {
    for (const item of result.items) {
      const key = keyOf(item);
      this.meta.set(key, item);
      const tile = this.tiles.get(key);
      if (tile) this.describe(tile);
    }
  }

  actionResult(result: ImageActionResult): void {
    const pending = this.pendingActions.get(result.id);
    this.pendingActions.delete(result.id);
    if (result.message) this.say(result.message);
    else if (pending?.action === 'delete' && result.ok) this.say(`${pending.ref.name} deleted.`);
  }

  say(text: string): void {
    this.status.textContent = text;
    this.events.announce(text);
  }

  /** Puts the tiles in the list's order, making the new ones. */
  private draw(problem: string | undefined): void {
    const count = this.images.length;
    this.heading.textContent = count > 0 ? `Gallery (${count})` : 'Gallery';
    this.empty.hidden = count > 0;
    if (count === 0) this.empty.textContent = problem ?? 'No images yet. The images you generate appear here, newest first.';
    else if (problem) this.say(problem);
    const wanted = this.images.map((image) => this.tiles.get(keyOf(image)) ?? this.makeTile(image));
    wanted.forEach((tile, index) => {
      if (this.list.children[index] !== tile.element) this.list.insertBefore(tile.element, this.list.children[index] ?? null);
    });
    if (!this.active && wanted[0]) this.activate(keyOf(wanted[0].image), false);
  }

  thumbnails(message: DidMakeThumbnailsNotification): void {
    for (const item of message.items) {
      const tile = this.tiles.get(keyOf(item));
      if (!tile) continue;
      const img = tile.thumb.querySelector('img') ?? tile.thumb.appendChild(h('img', { alt: '', decoding: 'async', draggable: 'false' }));
      if (img.getAttribute('src') !== item.src) img.setAttribute('src', item.src);
      tile.element.classList.toggle('alpha', item.alpha);
    }
  }

  private makeTile(image: GalleryImage): Tile {
    const key = keyOf(image);
    // The picture comes with didMakeThumbnails once the tile is near the viewport.
    const thumb = h('button', { type: 'button', class: 'thumb', tabindex: -1, 'data-action': 'open' });
    const element = h('li', { class: 'tile', 'data-key': key }, thumb);
    const tile: Tile = { image, element, thumb, actions: undefined };
    thumb.addEventListener('click', () => this.run('open', image));
    // The toolbar is made on first hover or focus: a thousand tiles need not carry six buttons each.
    element.addEventListener('pointerenter', () => this.ensureActions(tile), { once: true });
    this.tiles.set(key, tile);
    this.describe(tile);
    this.observer.observe(element);
    return tile;
  }

  private ensureActions(tile: Tile): HTMLElement {
    if (tile.actions) return tile.actions;
    const toolbar = h('div', { class: 'tile-actions', role: 'toolbar', 'aria-label': `Actions for ${tile.image.name}` });
    for (const { action, label, icon } of ACTIONS) {
      const control = button(label, { icon, iconOnly: true });
      control.tabIndex = keyOf(tile.image) === this.active ? 0 : -1;
      control.dataset.action = action;
      control.addEventListener('click', () => this.run(action, tile.image));
      toolbar.append(control);
    }
    tile.element.append(toolbar);
    tile.actions = toolbar;
    return toolbar;
  }

  private describe(tile: Tile): void {
    const meta = this.meta.get(keyOf(tile.image));
    const prompt = meta?.prompt || tile.image.name;
    const details = [meta?.provider, meta?.size, meta?.seed ? `seed ${meta.seed}` : undefined, tile.image.name].filter(Boolean).join(' · ');
    tile.element.title = meta ? `${prompt}\n${details}` : tile.image.name;
    tile.thumb.setAttribute('aria-label', meta?.prompt ? `${meta.prompt} (${tile.image.name})` : tile.image.name);
  }

  private run(action: ImageAction | 'useSettings', image: GalleryImage): void {
    const ref = { folder: image.folder, name: image.name };
    if (action === 'useSettings') {
      this.events.useSettings(ref);
      return;
    }
    const id = nextId('image');
    this.pendingActions.set(id, { action, ref });
    post({ type: 'imageAction', id, action, image: ref });
  }

  /** One tab stop: the active tile's image and its actions. */
  private activate(key: string, focus: boolean): void {
    if (this.active !== key) {
      const previous = this.active ? this.tiles.get(this.active) : undefined;
      if (previous) {
        previous.thumb.tabIndex = -1;
        previous.actions?.querySelectorAll('button').forEach((control) => (control.tabIndex = -1));
      }
      this.active = key;
    }
    const tile = this.tiles.get(key);
    if (!tile) return;
    tile.thumb.tabIndex = 0;
    this.ensureActions(tile)
      .querySelectorAll('button')
      .forEach((control) => (control.tabIndex = 0));
    if (focus) {
      tile.thumb.focus();
      tile.element.scrollIntoView({ block: 'nearest' });
    }
  }

  private columns(): number {
    const template = getComputedStyle(this.list).gridTemplateColumns;
    return Math.max(1, template.split(' ').filter(Boolean).length);
  }

  private onKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    if (!target.classList.contains('thumb') || !this.active) return;
    const index = this.images.findIndex((image) => keyOf(image) === this.active);
    const current = this.images[index];
    if (index < 0 || !current) return;
    const move: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: this.columns(),
      ArrowUp: -this.columns(),
      Home: -index,
      End: this.images.length - 1 - index,
      PageDown: this.columns() * 4,
      PageUp: -this.columns() * 4,
    };
    const step = move[event.key];
    if (step !== undefined) {
      event.preventDefault();
      const next = this.images[Math.min(this.images.length - 1, Math.max(0, index + step))];
      if (next) this.activate(keyOf(next), true);
      return;
    }
    if (event.key === 'Delete') {
      event.preventDefault();
      this.run('delete', current);
    }
  }

  private onVisible(entries: readonly IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const key = (entry.target as HTMLElement).dataset.key;
      if (key && !this.meta.has(key) && !this.requested.has(key)) this.queue.add(key);
    }
    if (this.queue.size > 0 && !this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), 30);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const keys = [...this.queue];
    this.queue.clear();
    for (let at = 0; at < keys.length; at += LIMITS.metadataBatch) {
      const images = keys
        .slice(at, at + LIMITS.metadataBatch)
        .map((key) => this.tiles.get(key)?.image)
        .filter((image): image is GalleryImage => image !== undefined)
        .map((image) => ({ folder: image.folder, name: image.name }));
      if (images.length === 0) continue;
      for (const image of images) this.requested.add(keyOf(image));
      post({ type: 'loadMetadata', id: nextId('meta'), images });
    }
  }
}
