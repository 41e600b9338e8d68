/**
 * Saving at an exact, workspace-relative path (`public/images/hero.png`) instead of the
 * output folder's timestamped name: which paths are allowed, the name and extension the
 * file gets, and whether a link on the way leads out of the workspace. The store then
 * saves as ever: nothing is overwritten (`hero-2.png`), and folders are created.
 */
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { ImagesmithError } from './errors';
import type { ImageFormat } from './imageFormat';

/** Extensions a target may have, by the format they stand for. */
const IMAGE_EXTENSIONS: Readonly<Record<string, ImageFormat>> = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp' };
const CANONICAL: Readonly<Record<ImageFormat, string>> = { png: 'png', jpeg: 'jpg', webp: 'webp' };
export const MAX_TARGET_PATH = 1_000;

export interface ExactTarget {
  /** The path as it will be reported, `/`-separated, without `.` segments. */
  readonly path: string;
  /** The folders from the workspace folder down to the file's, possibly none. */
  readonly folders: readonly string[];
  /** The file name without its extension. */
  readonly stem: string;
  /** The extension asked for, lower case, when it was an image one. */
  readonly ext?: string;
}

function refuse(given: string, why: string): never {
  throw new ImagesmithError('invalid-input', `The path "${given.slice(0, 200)}" ${why}`, { parameter: 'path' });
}

/**
 * Reads a target path: relative to the workspace folder, no absolute path, no `..`, a
 * file name that works on every system, and an image extension (.png, .jpg, .jpeg,
 * .webp) or none. Throws ImagesmithError('invalid-input') saying what is allowed.
 */
export function parseTargetPath(given: string): ExactTarget {
  const example = 'Give a path relative to the workspace folder, such as "public/images/hero.png".';
  const text = given.trim();
  if (text === '') refuse(given, `is empty. ${example}`);
  if (text.length > MAX_TARGET_PATH) refuse(given, `is longer than ${MAX_TARGET_PATH} characters.`);
  if (text.includes('\0')) refuse(given, 'holds a NUL character.');
  if (/^[\\/]/.test(text) || /^[A-Za-z]:/.test(text) || /^~[\\/]/.test(text)) refuse(given, `is absolute; images are written inside the workspace only. ${example}`);
  const segments = text.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  // Windows trims trailing dots and spaces, so `...` and `.. ` climb as `..` does.
  if (segments.some((segment) => /^[. ]+$/.test(segment) && segment.includes('..'))) refuse(given, `climbs out of the workspace with "..". ${example}`);
  if (/[\\/]$/.test(text) || segments.length === 0) refuse(given, 'names a folder; end it with a file name such as "hero.png".');
  const bad = segments.find((segment) => /[<>:"|?*\p{Cc}]/u.test(segment) || /[. ]$/.test(segment));
  if (bad !== undefined) refuse(given, `has a part ("${bad}") that is not a valid file or folder name on every system: no < > : " | ? * and no dot or space at the end.`);
  const name = segments[segments.length - 1] ?? '';
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : undefined;
  if (ext !== undefined && IMAGE_EXTENSIONS[ext] === undefined) {
    refuse(given, `ends in ".${ext}"; Imagesmith writes PNG, JPEG or WebP images. End the name in .png, .jpg, .jpeg or .webp, or leave the extension out.`);
  }
  const stem = ext === undefined ? name : name.slice(0, dot);
  if (stem === '' || stem.startsWith('.')) refuse(given, 'has no file name before its extension.');
  return { path: segments.join('/'), folders: segments.slice(0, -1), stem, ...(ext === undefined ? {} : { ext }) };
}

/**
 * The extension a file of `format` gets: the one asked for when it means that format
 * (`hero.jpeg` stays .jpeg for a JPEG), else the format's own (`hero.jpg` → `.png` for
 * a PNG): the extension follows the bytes.
 */
export function extensionFor(format: ImageFormat, asked?: string): string {
  if (asked !== undefined && IMAGE_EXTENSIONS[asked] === format) return asked;
  return CANONICAL[format];
}

/** The real path of `file`, or of its nearest existing ancestor joined with the rest. */
export async function resolveExisting(file: string): Promise<string> {
  const missing: string[] = [];
  let current = file;
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return file;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

/**
 * Where `target` (a path inside `root` on disk) really is when a link on the way leads
 * out of `root`, or undefined when it stays inside. Folders that do not exist yet are
 * taken as they will be made.
 */
export async function linkLeadsOut(root: string, target: string): Promise<string | undefined> {
  const realRoot = await realpath(root).catch(() => root);
  const real = await resolveExisting(target);
  const relative = path.relative(realRoot, real);
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative) ? real : undefined;
}
