/**
 * Names of saved images: `<YYYYMMDD-HHmmss>-<slug>[-<n>].<ext>`. The timestamp first so
 * that a folder listing is the history in order; the slug so that a person can tell the
 * files apart; the counter so that nothing is overwritten.
 */
import type { ImageFormat } from './imageFormat';

export const MAX_SLUG_LENGTH = 40;
const FALLBACK_SLUG = 'image';

// Letters that NFKD does not take apart into a base letter and a mark.
const FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŋ: 'ng',
};
/**
 * Built from the keys, whose string literals the bundler writes as escapes: a regular
 * expression literal would put the letters themselves into main.js, which V8 then holds
 * and reads as a two-byte string (BENCHMARKS.md, "First use").
 */
const FOLDABLE = new RegExp(`[${Object.keys(FOLDS).join('')}]`, 'g');

/**
 * The prompt as a file-name part: lower-case ASCII letters, digits and single hyphens,
 * accents folded (é → e), at most 40 characters, cut at a hyphen when that keeps at
 * least half of the room, "image" when nothing is left.
 */
export function slugify(prompt: string): string {
  const lower = prompt.toLowerCase();
  // Unicode normalization is the slow part, and plain ASCII has nothing to fold.
  const folded = /^\p{ASCII}*$/u.test(lower)
    ? lower
    : lower
        .normalize('NFKD')
        .replace(/\p{M}+/gu, '')
        .replace(FOLDABLE, (c) => FOLDS[c] ?? c);
  const slug = folded.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length <= MAX_SLUG_LENGTH) return slug || FALLBACK_SLUG;
  // A hyphen right after the limit means the cut already falls between words.
  if (slug[MAX_SLUG_LENGTH] === '-') return slug.slice(0, MAX_SLUG_LENGTH);
  const head = slug.slice(0, MAX_SLUG_LENGTH);
  const lastHyphen = head.lastIndexOf('-');
  return lastHyphen >= MAX_SLUG_LENGTH / 2 ? head.slice(0, lastHyphen) : head.replace(/-+$/, '');
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `YYYYMMDD-HHmmss` in local time: the person's clock is what they will look for. */
export function timestamp(date: Date): string {
  const day = `${String(date.getFullYear()).padStart(4, '0')}${pad2(date.getMonth() + 1)}${pad2(date.getDate())}`;
  return `${day}-${pad2(date.getHours())}${pad2(date.getMinutes())}${pad2(date.getSeconds())}`;
}

/** `<timestamp>-<slug>`, the part of the name before any counter and extension. */
export function fileStem(date: Date, prompt: string): string {
  return `${timestamp(date)}-${slugify(prompt)}`;
}

/** The n-th name to try for a stem (n from 1): `<stem>.<ext>`, then `<stem>-2.<ext>`, … */
export function nameFor(stem: string, n: number, ext: string): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`file name counter must be an integer from 1, got ${n}`);
  const extension = ext.replace(/^\./, '');
  return n === 1 ? `${stem}.${extension}` : `${stem}-${n}.${extension}`;
}

/** Every name to try for an image, in order, without end. */
export function* candidateNames(date: Date, prompt: string, ext: string): Generator<string, never, undefined> {
  const stem = fileStem(date, prompt);
  for (let n = 1; ; n++) yield nameFor(stem, n, ext);
}

/**
 * The text file beside an image that holds its infotext, as AUTOMATIC1111 writes it:
 * the image's name with `.txt` in place of its extension.
 */
export function sidecarName(imageName: string): string {
  const slash = Math.max(imageName.lastIndexOf('/'), imageName.lastIndexOf('\\'));
  const dot = imageName.lastIndexOf('.');
  // A dot that starts the base name (".png") or sits in a folder name is not an extension.
  const base = dot > slash + 1 ? imageName.slice(0, dot) : imageName;
  return `${base}.txt`;
}

/**
 * Whether an output folder setting stays inside the workspace folder: not empty, not
 * absolute (`/x`, `\x`, `C:\x`, `C:x`, `\\server\share`), no `..` segment. A segment of
 * dots and spaces with two or more dots (`...`, `.. `) counts as `..` too, because
 * Windows trims trailing dots and spaces from path segments.
 * Accepts nothing the `imagesmith.outputFolder` schema pattern refuses.
 */
export function isSafeRelativeFolder(folder: string): boolean {
  if (folder.trim() === '') return false;
  if (folder.includes('\0')) return false;
  if (/^[\\/]/.test(folder) || /^[A-Za-z]:/.test(folder)) return false;
  return folder.split(/[\\/]/).every((segment) => !(/^[. ]+$/.test(segment) && segment.indexOf('.') !== segment.lastIndexOf('.')));
}

/** The folder of a `/`-separated path (a URI's path): `/a/b.png` → `/a`, `/b.png` → `/`. */
export function dirname(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

/** The last segment of a `/`-separated path (a URI's path): `/a/b.png` → `b.png`. */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The segments of a relative path that isSafeRelativeFolder accepted, `/` or `\` separated, without empty and `.` ones. */
export function relativeSegments(path: string): string[] {
  return path.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
}

/** A file name or path in a format Imagesmith writes, and reads generation settings from: PNG, JPEG, WebP. */
export const IMAGE_FILE = /\.(png|jpe?g|webp)$/i;

/** The extension a file in each format Imagesmith writes gets: `.jpg` for JPEG, as people name them. */
export const FILE_EXTENSION: Readonly<Record<ImageFormat | 'avif', string>> = { png: 'png', jpeg: 'jpg', webp: 'webp', avif: 'avif' };
