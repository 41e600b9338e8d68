/**
 * Saving at an exact, workspace-relative path (`public/images/hero.png`) instead of the
 * output folder's timestamped name: which paths are allowed, the name and extension the
 * file gets, and whether a link on the way leads out of the workspace. The store then
 * saves as ever: nothing is overwritten (`hero-2.png`), and folders are created.
 */
import * as l10n from '@vscode/l10n';
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { ImagesmithError } from './errors';
import { FILE_EXTENSION } from './fileNames';
import type { ImageFormat } from './imageFormat';

/** Extensions a target may have, by the format they stand for. */
const IMAGE_EXTENSIONS: Readonly<Record<string, ImageFormat>> = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp' };
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

function refuse(why: string): never {
  throw new ImagesmithError('invalid-input', why, { parameter: 'path' });
}

/**
 * Reads a target path: relative to the workspace folder, no absolute path, no `..`, a
 * file name that works on every system, and an image extension (.png, .jpg, .jpeg,
 * .webp) or none. Throws ImagesmithError('invalid-input') saying what is allowed.
 */
export function parseTargetPath(given: string): ExactTarget {
  const shown = given.slice(0, 200);
  const text = given.trim();
  if (text === '') refuse(l10n.t('The path "{0}" is empty. Give a path relative to the workspace folder, such as "public/images/hero.png".', shown));
  if (text.length > MAX_TARGET_PATH) refuse(l10n.t('The path "{0}" is longer than {1} characters.', shown, MAX_TARGET_PATH));
  if (text.includes('\0')) refuse(l10n.t('The path "{0}" holds a NUL character.', shown));
  if (/^[\\/]/.test(text) || /^[A-Za-z]:/.test(text) || /^~[\\/]/.test(text)) {
    refuse(l10n.t('The path "{0}" is absolute; images are written inside the workspace only. Give a path relative to the workspace folder, such as "public/images/hero.png".', shown));
  }
  const segments = text.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  // Windows trims trailing dots and spaces, so `...` and `.. ` climb as `..` does.
  if (segments.some((segment) => /^[. ]+$/.test(segment) && segment.includes('..'))) {
    refuse(l10n.t('The path "{0}" climbs out of the workspace with "..". Give a path relative to the workspace folder, such as "public/images/hero.png".', shown));
  }
  if (/[\\/]$/.test(text) || segments.length === 0) refuse(l10n.t('The path "{0}" names a folder; end it with a file name such as "hero.png".', shown));
  const bad = segments.find((segment) => /[<>:"|?*\p{Cc}]/u.test(segment) || /[. ]$/.test(segment));
  if (bad !== undefined) {
    refuse(l10n.t('The path "{0}" has a part ("{1}") that is not a valid file or folder name on every system: no < > : " | ? * and no dot or space at the end.', shown, bad));
  }
  const name = segments[segments.length - 1] ?? '';
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : undefined;
  if (ext !== undefined && IMAGE_EXTENSIONS[ext] === undefined) {
    refuse(l10n.t('The path "{0}" ends in ".{1}"; Imagesmith writes PNG, JPEG or WebP images. End the name in .png, .jpg, .jpeg or .webp, or leave the extension out.', shown, ext));
  }
  const stem = ext === undefined ? name : name.slice(0, dot);
  if (stem === '' || stem.startsWith('.')) refuse(l10n.t('The path "{0}" has no file name before its extension.', shown));
  return { path: segments.join('/'), folders: segments.slice(0, -1), stem, ...(ext === undefined ? {} : { ext }) };
}

/**
 * The extension a file of `format` gets: the one asked for when it means that format
 * (`hero.jpeg` stays .jpeg for a JPEG), else the format's own (`hero.jpg` → `.png` for
 * a PNG): the extension follows the bytes.
 */
export function extensionFor(format: ImageFormat, asked?: string): string {
  if (asked !== undefined && IMAGE_EXTENSIONS[asked] === format) return asked;
  return FILE_EXTENSION[format];
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
