/**
 * A gallery tile: its actions (the hover bar, in the right-click menu's order) and how it
 * is described to the eye (tooltip) and to a screen reader (its name).
 */
import * as l10n from '@vscode/l10n';
import type { TileAction } from '../protocol/tileActions';
import type { ImageRef } from '../protocol/values';
import type { GalleryFolder, GalleryImage, ImageMeta } from '../protocol/views';
import { button, h } from './dom';

export interface Tile {
  readonly image: GalleryImage;
  readonly element: HTMLLIElement;
  readonly thumb: HTMLButtonElement;
  actions: HTMLElement | undefined;
}

/** The hover bar, in the right-click menu's order; each says in its tooltip what exactly it does. */
// A function, not a table: the words are looked up once the page's bundle is set.
const actions = (): ReadonlyArray<{ action: TileAction; label: string; icon: string; title: string }> => [
  { action: 'open', label: l10n.t('Open'), icon: 'go-to-file', title: l10n.t('Open the image in an editor (Enter)') },
  { action: 'preview', label: l10n.t('Preview'), icon: 'eye', title: l10n.t('Preview the image larger, here in the panel (Space)') },
  { action: 'useSettings', label: l10n.t('Use these settings'), icon: 'wand', title: l10n.t('Use these settings: load its prompt and parameters into the generator') },
  { action: 'insertLink', label: l10n.t('Insert Markdown link into the editor'), icon: 'markdown', title: l10n.t('Insert a Markdown link to it into the editor') },
  { action: 'export', label: l10n.t('Export… (sizes, formats, icon sets)'), icon: 'export', title: l10n.t('Export…: make sized copies, other formats or icon sets from it') },
  { action: 'useAsSource', label: l10n.t('Use as source image'), icon: 'file-media', title: l10n.t('Use as source image: start the next generation from this image') },
  { action: 'copyPath', label: l10n.t('Copy path'), icon: 'copy', title: l10n.t('Copy path: the full path of the file, to the clipboard') },
  { action: 'copyRelativePath', label: l10n.t('Copy relative path'), icon: 'clippy', title: l10n.t('Copy relative path: the path from the workspace folder, to the clipboard') },
  { action: 'reveal', label: l10n.t('Reveal in Explorer'), icon: 'list-tree', title: l10n.t('Reveal in Explorer: show the file in the Explorer view') },
  { action: 'delete', label: l10n.t('Delete'), icon: 'trash', title: l10n.t('Delete: move the image to the trash (Delete)') },
];

export const keyOf = (ref: ImageRef): string => `${ref.folder}/${ref.name}`;

export function newestFirst(a: GalleryImage, b: GalleryImage): number {
  if (a.mtime !== b.mtime) return b.mtime - a.mtime;
  if (a.name !== b.name) return a.name < b.name ? 1 : -1;
  return a.folder - b.folder;
}

export function actionBar(tile: Tile, active: string | undefined, run: (action: TileAction) => void): HTMLElement {
  if (tile.actions) return tile.actions;
  const toolbar = h('div', { class: 'tile-actions', role: 'toolbar', 'aria-label': l10n.t('Actions for {0}', tile.image.name) });
  for (const { action, label, icon, title } of actions()) {
    const control = button(label, { icon, iconOnly: true, title });
    control.tabIndex = keyOf(tile.image) === active ? 0 : -1;
    control.dataset.action = action;
    control.addEventListener('click', () => run(action));
    toolbar.append(control);
  }
  tile.element.append(toolbar);
  tile.actions = toolbar;
  return toolbar;
}

export function tileDetails(image: GalleryImage, meta: ImageMeta | undefined): string {
  return [meta?.provider, meta?.size, meta?.seed ? l10n.t('seed {0}', meta.seed) : undefined, image.name].filter(Boolean).join(' · ');
}

export function describeTile(tile: Tile, meta: ImageMeta | undefined, isSelected: boolean): void {
  const prompt = meta?.prompt || tile.image.name;
  tile.element.title = meta ? `${prompt}\n${tileDetails(tile.image, meta)}${meta.usage ? `\n${meta.usage}` : ''}` : tile.image.name;
  const name = meta?.prompt ? l10n.t('{0} ({1})', meta.prompt, tile.image.name) : tile.image.name;
  tile.thumb.setAttribute('aria-label', isSelected ? l10n.t('{0}, selected', name) : name);
}

/** The full-size image's address in the webview (for the Preview only) or the file's own URI (for a drag into an editor). */
export function imageAddress(folder: GalleryFolder | undefined, image: GalleryImage, which: 'webview' | 'file'): string | undefined {
  if (!folder) return undefined;
  const name = encodeURIComponent(image.name);
  return which === 'webview' ? `${folder.base}/${name}` : `${folder.uri.replace(/\/$/, '')}/${name}`;
}
