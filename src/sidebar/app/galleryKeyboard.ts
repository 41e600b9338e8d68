/**
 * The gallery grid from the keyboard: arrows, Home/End and Page keys move, Shift extends the
 * selection, Space previews (Ctrl+Space selects), Ctrl+A selects all, Escape clears the
 * selection, Delete asks before deleting.
 */
import * as l10n from '@vscode/l10n';
import type { TileAction } from '../protocol/tileActions';
import type { BatchImageAction, GalleryImage } from '../protocol/views';
import { keyOf } from './galleryTile';
import type { Selection } from './selection';

export interface KeyGrid {
  readonly shown: readonly GalleryImage[];
  readonly active: string | undefined;
  readonly selection: Selection;
  columns(): number;
  select(change: () => void): void;
  activate(key: string, focus: boolean): void;
  preview(image: GalleryImage): void;
  run(action: TileAction, image: GalleryImage): void;
  runOnSelection(action: BatchImageAction): void;
  announce(text: string): void;
}

export function handleGridKey(event: KeyboardEvent, grid: KeyGrid): void {
  const target = event.target as HTMLElement;
  if (!target.classList.contains('thumb') || !grid.active) return;
  const order = grid.shown.map(keyOf);
  const index = order.indexOf(grid.active);
  const current = grid.shown[index];
  if (index < 0 || !current) return;
  const control = event.ctrlKey || event.metaKey;
  const move: Record<string, number> = {
    ArrowRight: 1,
    ArrowLeft: -1,
    ArrowDown: grid.columns(),
    ArrowUp: -grid.columns(),
    Home: -index,
    End: grid.shown.length - 1 - index,
    PageDown: grid.columns() * 4,
    PageUp: -grid.columns() * 4,
  };
  const step = move[event.key];
  if (step !== undefined) {
    event.preventDefault();
    const next = grid.shown[Math.min(grid.shown.length - 1, Math.max(0, index + step))];
    if (!next) return;
    if (event.shiftKey) {
      if (grid.selection.size === 0) grid.selection.toggle(grid.active);
      grid.select(() => grid.selection.extend(keyOf(next), order));
    }
    grid.activate(keyOf(next), true);
    return;
  }
  if (event.key === ' ') {
    event.preventDefault();
    if (control) grid.select(() => grid.selection.toggle(keyOf(current)));
    else grid.preview(current);
    return;
  }
  if (control && event.key.toLowerCase() === 'a') {
    event.preventDefault();
    grid.select(() => grid.selection.all(order));
    grid.announce(l10n.t('{0} selected', grid.selection.size));
    return;
  }
  if (event.key === 'Escape' && grid.selection.size > 0) {
    event.preventDefault();
    grid.select(() => grid.selection.clear());
    return;
  }
  if (event.key === 'Delete') {
    event.preventDefault();
    if (grid.selection.has(keyOf(current)) && grid.selection.size > 1) grid.runOnSelection('delete');
    else grid.run('delete', current);
  }
}
