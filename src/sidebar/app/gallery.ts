/**
 * The output folder's images, newest first. Tiles near the viewport ask for their prompts
 * (metadataRequests.ts) and thumbnails (thumbnailRequests.ts); a tile never loads a
 * full-size image, only the Preview does. One tab stop for the grid (galleryKeyboard.ts);
 * tiles carry `data-vscode-context` for the right-click menu, drag as their file's URI and
 * can be selected together for one action on all.
 */
import * as l10n from '@vscode/l10n';
import { type DidChangeGalleryNotification, type DidMakeThumbnailsNotification, type DidResetGalleryNotification, type ImageActionResult, type LoadMetadataResult } from '../protocol/toPage';
import type { ImageRef } from '../protocol/values';
import { type GalleryFolder, type GalleryImage, type ImageAction, type ImageMeta, type BatchImageAction, type ProviderView, type TileContext } from '../protocol/views';
import type { TileAction } from '../protocol/tileActions';
import { button, h } from './dom';
import { drawProviderOptions, filtering, matches, type GalleryFilter } from './galleryFilter';
import { nextId, post } from './hostChannel';
import { Preview } from './preview';
import { Selection } from './selection';
import { MetadataRequests } from './metadataRequests';
import { ThumbnailRequests } from './thumbnailRequests';
import { actionBar, describeTile, imageAddress, keyOf, newestFirst, tileDetails, type Tile } from './galleryTile';
import { handleGridKey } from './galleryKeyboard';

export interface GalleryEvents {
  useSettings(image: ImageRef): void;
  useAsSource(image: ImageRef): void;
  announce(text: string): void;
}

export class Gallery {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly heading: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly status: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly providerFilter: HTMLSelectElement;
  private readonly selectionBar: HTMLElement;
  private readonly selectionCount: HTMLElement;
  private readonly preview = new Preview();
  private folders = new Map<number, GalleryFolder>();
  private images: GalleryImage[] = [];
  /** The images the filter lets through, in the list's order. */
  private shown: GalleryImage[] = [];
  private filter: GalleryFilter = { text: '', provider: '' };
  private providerLabels = new Map<string, string>();
  private readonly selection = new Selection();
  private readonly tiles = new Map<string, Tile>();
  private readonly meta = new Map<string, ImageMeta>();
  private readonly metadataRequests = new MetadataRequests(
    (key) => this.meta.has(key),
    (key) => {
      const image = this.tiles.get(key)?.image;
      return image ? { folder: image.folder, name: image.name } : undefined;
    },
  );
  private readonly observer: IntersectionObserver;
  private readonly pictures = new ThumbnailRequests();
  private active: string | undefined;
  private readonly pendingActions = new Map<string, { action: ImageAction | BatchImageAction; refs: ImageRef[] }>();

  constructor(private readonly events: GalleryEvents) {
    this.heading = h('h2', { class: 'gallery-title', id: 'gallery-title' }, l10n.t('Gallery'));
    this.status = h('p', { class: 'gallery-status', role: 'status' });
    this.empty = h('p', { class: 'gallery-empty' }, l10n.t('Loading…'));
    // A list, not a listbox: a tile holds buttons, which an option may not. The selection is said in each image's name.
    this.list = h('ul', { class: 'gallery', 'aria-labelledby': 'gallery-title' });
    this.search = h('input', { type: 'search', class: 'input gallery-search', placeholder: l10n.t('Filter by prompt'), 'aria-label': l10n.t('Filter by prompt') });
    this.providerFilter = h('select', { class: 'select gallery-provider', 'aria-label': l10n.t('Filter by provider') }, h('option', { value: '' }, l10n.t('All providers')));
    const filterBar = h('div', { class: 'gallery-filter', role: 'search' }, this.search, this.providerFilter);
    this.selectionCount = h('span', { class: 'selection-count' });
    const selectionButton = (label: string, icon: string, title: string, run: () => void) => {
      const control = button(label, { icon, title });
      control.addEventListener('click', run);
      return control;
    };
    this.selectionBar = h(
      'div',
      { class: 'selection-bar', role: 'toolbar', 'aria-label': l10n.t('Selected images'), hidden: true },
      this.selectionCount,
      selectionButton(l10n.t('Insert links'), 'markdown', l10n.t('Insert a Markdown link to each selected image into the editor'), () => this.runOnSelection('insertLink')),
      selectionButton(l10n.t('Delete'), 'trash', l10n.t('Move the selected images to the trash'), () => this.runOnSelection('delete')),
      selectionButton(l10n.t('Clear'), 'close', l10n.t('Clear the selection (Escape)'), () => this.select(() => this.selection.clear())),
    );
    this.element = h(
      'section',
      { class: 'gallery-section', 'aria-labelledby': 'gallery-title' },
      this.heading,
      filterBar,
      this.status,
      this.selectionBar,
      this.empty,
      this.list,
      this.preview.element,
    );
    // The document as the root: in the webview's cross-origin frame an implicit root ignores rootMargin.
    this.observer = new IntersectionObserver((entries) => this.onVisible(entries), { root: document, rootMargin: '300px 0px' });
    // The filter needs every image's prompt: they are asked for once the person comes to it.
    filterBar.addEventListener('focusin', () => this.loadAll());
    filterBar.addEventListener('pointerenter', () => this.loadAll());
    this.search.addEventListener('input', () => this.setFilter({ ...this.filter, text: this.search.value }));
    this.providerFilter.addEventListener('change', () => this.setFilter({ ...this.filter, provider: this.providerFilter.value }));
    this.list.addEventListener('keydown', (event) =>
      handleGridKey(event, {
        shown: this.shown,
        active: this.active,
        selection: this.selection,
        columns: () => Math.max(1, getComputedStyle(this.list).gridTemplateColumns.split(' ').filter(Boolean).length),
        select: (change) => this.select(change),
        activate: (key, focus) => this.activate(key, focus),
        preview: (image) => this.showPreview(image),
        run: (action, image) => this.run(action, image),
        runOnSelection: (action) => this.runOnSelection(action),
        announce: (text) => this.events.announce(text),
      }),
    );
    this.list.addEventListener('keyup', (event) => {
      // Space on a button clicks it on keyup; on a tile it previews instead.
      if (event.key === ' ' && (event.target as HTMLElement).classList.contains('thumb')) event.preventDefault();
    });
    this.list.addEventListener('dragstart', (event) => this.onDragStart(event));
    this.list.addEventListener('focusin', (event) => {
      const tile = (event.target as HTMLElement).closest<HTMLLIElement>('li.tile');
      if (tile?.dataset.key) this.activate(tile.dataset.key, false);
    });
  }

  /** The providers' names, for the provider filter. */
  setProviders(providers: readonly ProviderView[]): void {
    this.providerLabels = new Map(providers.map((provider) => [provider.id.toLowerCase(), provider.label]));
    this.drawProviderOptions();
  }

  reset(message: DidResetGalleryNotification): void {
    this.folders = new Map(message.folders.map((folder) => [folder.index, folder]));
    for (const tile of this.tiles.values()) this.observer.unobserve(tile.element);
    this.pictures.clear();
    this.tiles.clear();
    this.meta.clear();
    this.metadataRequests.reset();
    this.selection.clear();
    this.preview.hide();
    this.list.replaceChildren();
    this.images = [...message.images].sort(newestFirst);
    this.active = undefined;
    this.draw(message.problem);
    if (filtering(this.filter)) this.loadAll();
  }

  change(message: DidChangeGalleryNotification): void {
    const removed = new Set(message.removed.map(keyOf));
    for (const key of removed) {
      const tile = this.tiles.get(key);
      if (tile) {
        this.observer.unobserve(tile.element);
        this.pictures.unobserve(tile.element);
        tile.element.remove();
        this.tiles.delete(key);
      }
      this.meta.delete(key);
      this.metadataRequests.forget(key);
      if (this.preview.shown === key) this.preview.hide();
    }
    const added = new Map(message.added.map((image) => [keyOf(image), image]));
    this.images = [...this.images.filter((image) => !removed.has(keyOf(image)) && !added.has(keyOf(image))), ...added.values()].sort(newestFirst);
    this.draw(undefined);
    if (filtering(this.filter)) this.loadAll();
  }

  metadata(result: LoadMetadataResult): void {
    for (const item of result.items) {
      const key = keyOf(item);
      this.meta.set(key, item);
      const tile = this.tiles.get(key);
      if (tile) describeTile(tile, this.meta.get(keyOf(tile.image)), this.selection.has(keyOf(tile.image)));
      if (this.preview.shown === key && tile) this.preview.describe(this.previewContent(tile.image));
    }
    this.drawProviderOptions();
    if (filtering(this.filter)) this.draw(undefined);
  }

  actionResult(result: ImageActionResult): void {
    const pending = this.pendingActions.get(result.id);
    this.pendingActions.delete(result.id);
    if (result.message) this.say(result.message);
    else if (pending?.action === 'delete' && result.ok) this.say(l10n.t('{0} deleted.', pending.refs.map((ref) => ref.name).join(', ')));
  }

  /** An action chosen in a tile's right-click menu: on the selection when the tile is part of one, as in a file manager. */
  runFromMenu(action: TileAction, ref: ImageRef): void {
    const key = keyOf(ref);
    const image = this.images.find((candidate) => keyOf(candidate) === key);
    if (!image) return;
    if ((action === 'delete' || action === 'insertLink') && this.selection.has(key) && this.selection.size > 1) this.runOnSelection(action);
    else this.run(action, image);
  }

  /** "Show in Imagesmith Gallery": focuses the image's tile, clearing a filter that hides it; false while it is not listed yet. */
  reveal(ref: ImageRef): boolean {
    const key = keyOf(ref);
    if (!this.tiles.has(key)) return false;
    if (!this.shown.some((image) => keyOf(image) === key)) {
      this.search.value = '';
      this.setFilter({ text: '', provider: '' });
      this.providerFilter.value = '';
    }
    this.activate(key, true);
    return true;
  }

  say(text: string): void {
    this.status.textContent = text;
    this.events.announce(text);
  }

  /** Puts the tiles in the list's order, making the new ones, and hides what the filter leaves out. */
  private draw(problem: string | undefined): void {
    const count = this.images.length;
    const active = filtering(this.filter);
    this.shown = active ? this.images.filter((image) => matches(this.filter, image.name, this.meta.get(keyOf(image))) === true) : this.images;
    this.heading.textContent = count === 0 ? l10n.t('Gallery') : active ? l10n.t('Gallery ({0} of {1})', this.shown.length, count) : l10n.t('Gallery ({0})', count);
    this.empty.hidden = count > 0 && this.shown.length > 0;
    if (count === 0) this.empty.textContent = problem ?? l10n.t('No images yet. The images you generate appear here, newest first.');
    else if (this.shown.length === 0) this.empty.textContent = this.loading() ? l10n.t('Reading the images’ prompts…') : l10n.t('No image matches the filter.');
    else if (problem) this.say(problem);
    const visible = new Set(this.shown.map(keyOf));
    const wanted = this.images.map((image) => this.tiles.get(keyOf(image)) ?? this.makeTile(image));
    wanted.forEach((tile, index) => {
      tile.element.hidden = !visible.has(keyOf(tile.image));
      if (this.list.children[index] !== tile.element) this.list.insertBefore(tile.element, this.list.children[index] ?? null);
    });
    this.select(() => this.selection.keep(visible));
    if (!this.active || !visible.has(this.active)) {
      const first = this.shown[0];
      if (first) this.activate(keyOf(first), false);
      else this.active = undefined;
    }
  }

  private loading(): boolean {
    return this.images.some((image) => !this.meta.has(keyOf(image)));
  }

  private setFilter(filter: GalleryFilter): void {
    this.filter = filter;
    this.loadAll();
    this.draw(undefined);
  }

  /** The provider filter's choices: the providers the loaded images name, with their labels. */
  private drawProviderOptions(): void {
    drawProviderOptions(this.providerFilter, this.meta.values(), this.providerLabels, this.filter);
  }

  thumbnails(message: DidMakeThumbnailsNotification): void {
    for (const item of message.items) {
      const tile = this.tiles.get(keyOf(item));
      if (!tile) continue;
      const img = tile.thumb.querySelector('img') ?? tile.thumb.appendChild(h('img', { alt: '', decoding: 'async', draggable: 'false' }));
      if (img.getAttribute('src') !== item.src) img.setAttribute('src', item.src);
      tile.element.classList.toggle('alpha', item.alpha);
      this.pictures.arrived(tile.element);
    }
  }

  private makeTile(image: GalleryImage): Tile {
    const key = keyOf(image);
    // The picture comes with didMakeThumbnails once the tile is near the viewport (this.pictures).
    const thumb = h('button', { type: 'button', class: 'thumb', tabindex: -1, 'data-action': 'open' });
    const context: TileContext = { webviewSection: 'tile', folder: image.folder, name: image.name, preventDefaultContextMenuItems: true };
    const element = h('li', { class: 'tile', 'data-key': key, 'data-vscode-context': JSON.stringify(context), draggable: 'true' }, thumb);
    const tile: Tile = { image, element, thumb, actions: undefined };
    thumb.addEventListener('click', (event) => this.onClick(event, image));
    // The toolbar is made on first hover or focus: a thousand tiles need not carry eight buttons each.
    element.addEventListener('pointerenter', () => actionBar(tile, this.active, (action) => this.run(action, tile.image)), { once: true });
    this.tiles.set(key, tile);
    describeTile(tile, this.meta.get(keyOf(tile.image)), this.selection.has(keyOf(tile.image)));
    this.observer.observe(element);
    this.pictures.observe(element, key, { folder: image.folder, name: image.name });
    return tile;
  }

  private previewContent(image: GalleryImage): { src: string | undefined; name: string; prompt: string; details: string } {
    return { src: imageAddress(this.folders.get(image.folder), image, 'webview'), name: image.name, prompt: this.meta.get(keyOf(image))?.prompt ?? '', details: tileDetails(image, this.meta.get(keyOf(image))) };
  }

  private showPreview(image: GalleryImage): void {
    const key = keyOf(image);
    this.metadataRequests.now([key]);
    this.preview.show(key, this.previewContent(image), this.tiles.get(key)?.thumb);
  }

  private run(action: TileAction, image: GalleryImage): void {
    const ref = { folder: image.folder, name: image.name };
    if (action === 'useSettings' || action === 'useAsSource') {
      this.events[action](ref);
      return;
    }
    if (action === 'preview') {
      this.showPreview(image);
      return;
    }
    const id = nextId('image');
    this.pendingActions.set(id, { action, refs: [ref] });
    post({ type: 'imageAction', id, action, image: ref });
  }

  private selectedImages(): GalleryImage[] {
    const keys = new Set(this.selection.inOrder(this.shown.map(keyOf)));
    return this.shown.filter((image) => keys.has(keyOf(image)));
  }

  private runOnSelection(action: BatchImageAction): void {
    const refs = this.selectedImages().map((image) => ({ folder: image.folder, name: image.name }));
    if (refs.length === 0) return;
    const id = nextId('images');
    this.pendingActions.set(id, { action, refs });
    post({ type: 'batchImageAction', id, action, images: refs });
  }

  /** Changes the selection, then shows it on the tiles and in the selection bar. */
  private select(change: () => void): void {
    const before = new Set(this.selection.inOrder(this.images.map(keyOf)));
    change();
    for (const tile of this.tiles.values()) {
      const key = keyOf(tile.image);
      const selected = this.selection.has(key);
      if (selected === before.has(key)) continue;
      tile.element.classList.toggle('selected', selected);
      describeTile(tile, this.meta.get(keyOf(tile.image)), this.selection.has(keyOf(tile.image)));
    }
    const count = this.selection.size;
    this.selectionBar.hidden = count === 0;
    this.selectionCount.textContent = l10n.t('{0} selected', count);
  }

  private onClick(event: MouseEvent, image: GalleryImage): void {
    const key = keyOf(image);
    const order = this.shown.map(keyOf);
    if (event.ctrlKey || event.metaKey) this.select(() => this.selection.toggle(key));
    else if (event.shiftKey) this.select(() => this.selection.extend(key, order));
    else {
      this.run('open', image);
      return;
    }
    event.preventDefault();
    this.activate(key, true);
    this.events.announce(l10n.t('{0} selected', this.selection.size));
  }

  /** A tile dragged out: its file's URI (or the selection's, when it is part of one) for the editor to link. */
  private onDragStart(event: DragEvent): void {
    const key = (event.target as HTMLElement).closest<HTMLLIElement>('li.tile')?.dataset.key;
    const image = key ? this.images.find((candidate) => keyOf(candidate) === key) : undefined;
    if (!key || !image || !event.dataTransfer) return;
    const images = this.selection.has(key) && this.selection.size > 1 ? this.selectedImages() : [image];
    const uris = images.map((item) => imageAddress(this.folders.get(item.folder), item, 'file')).filter((uri): uri is string => uri !== undefined);
    if (uris.length === 0) return;
    event.dataTransfer.setData('text/uri-list', uris.join('\r\n'));
    event.dataTransfer.setData('text/plain', uris.join('\n'));
    event.dataTransfer.effectAllowed = 'copyLink';
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
    actionBar(tile, this.active, (action) => this.run(action, tile.image))
      .querySelectorAll('button')
      .forEach((control) => (control.tabIndex = 0));
    if (focus) {
      tile.thumb.focus();
      tile.element.scrollIntoView({ block: 'nearest' });
    }
  }

  private onVisible(entries: readonly IntersectionObserverEntry[]): void {
    const keys = entries.filter((entry) => entry.isIntersecting).map((entry) => (entry.target as HTMLElement).dataset.key);
    this.metadataRequests.soon(keys.filter((key): key is string => key !== undefined));
  }

  /** Asks for the metadata of every image not asked for yet, in the usual batches. */
  private loadAll(): void {
    this.metadataRequests.now(this.images.map(keyOf));
  }
}
