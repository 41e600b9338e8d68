/**
 * The gallery is the output folder's files: the images in it, newest first. These
 * functions turn directory entries into that list and tell what changed between two
 * listings; they know nothing of VS Code so that the tests can feed them any folder.
 */
import { IMAGE_FILE, sidecarName } from '../../core/fileNames';
import type { ImageRef } from '../protocol/values';
import type { GalleryImage } from '../protocol/views';

export interface FileEntry {
  readonly name: string;
  /** Milliseconds since the epoch. */
  readonly mtime: number;
  /** Bytes; part of a thumbnail's key. */
  readonly size?: number;
}

/** An image as listed, with what tells a changed file from an unchanged one. */
export interface ListedImage extends GalleryImage {
  /** The image's and its sidecar's modification times: a new sidecar changes what the gallery shows. */
  readonly version: string;
  readonly size: number;
}

/** Images the gallery shows: PNG, JPEG and WebP, not hidden (the store's temporary files start with a dot). */
export function isGalleryImage(name: string): boolean {
  return !name.startsWith('.') && IMAGE_FILE.test(name) && !/[/\\]/.test(name);
}

/** Newest first; for one timestamp, the later name first (names start with the time they were made). */
export function compareNewestFirst(a: GalleryImage, b: GalleryImage): number {
  if (a.mtime !== b.mtime) return b.mtime - a.mtime;
  if (a.name !== b.name) return a.name < b.name ? 1 : -1;
  return a.folder - b.folder;
}

export function listImages(folder: number, entries: readonly FileEntry[]): ListedImage[] {
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const images: ListedImage[] = [];
  for (const entry of entries) {
    if (!isGalleryImage(entry.name)) continue;
    const sidecar = byName.get(sidecarName(entry.name));
    images.push({ folder, name: entry.name, mtime: entry.mtime, size: entry.size ?? 0, version: `${entry.mtime}:${entry.size ?? ''}:${sidecar?.mtime ?? ''}` });
  }
  return images.sort(compareNewestFirst);
}

export const refKey = (ref: ImageRef): string => `${ref.folder}/${ref.name}`;

/** What to tell the webview: a changed image is removed and added again, so that its metadata is read anew. */
export function diffListings(before: readonly ListedImage[], after: readonly ListedImage[]): { added: ListedImage[]; removed: ImageRef[] } {
  const old = new Map(before.map((image) => [refKey(image), image]));
  const now = new Map(after.map((image) => [refKey(image), image]));
  const added = after.filter((image) => old.get(refKey(image))?.version !== image.version);
  const removed: ImageRef[] = [];
  for (const [key, image] of old) {
    const current = now.get(key);
    if (!current || current.version !== image.version) removed.push({ folder: image.folder, name: image.name });
  }
  return { added, removed };
}

/** The protocol's shape, without the host's bookkeeping. */
export function toGalleryImage(image: ListedImage): GalleryImage {
  return { folder: image.folder, name: image.name, mtime: image.mtime };
}
