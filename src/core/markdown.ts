import { dirname } from './fileNames';
import { lineOf, lineStarts } from './lines';

/** Alt text for a link: the prompt's first words, on one line, without brackets that would end it. */
export function shortPrompt(prompt: string, maxLength = 60): string {
  const flat = prompt.replace(/\s+/g, ' ').replace(/[[\]]/g, '').trim();
  if (flat.length <= maxLength) return flat;
  const cut = flat.slice(0, maxLength + 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxLength / 2 ? cut.slice(0, space) : cut.slice(0, maxLength)).replace(/[\s,.;:!?-]+$/, '')}…`;
}

/** A POSIX path from a folder to a file, both absolute URI paths. */
export function relativePath(fromFolder: string, toFile: string): string {
  const from = fromFolder.split('/').filter(Boolean);
  const to = toFile.split('/').filter(Boolean);
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common += 1;
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

/** `![alt](path)`, with the path's unsafe characters escaped so the link survives spaces and parentheses. */
export function markdownImageLink(prompt: string, path: string): string {
  const target = path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
  return `![${shortPrompt(prompt)}](${target})`;
}

/** Where a file is, as a URI says it: its file system (scheme and authority) and its path. */
export interface UriPlace {
  readonly scheme: string;
  readonly authority: string;
  readonly path: string;
}

/**
 * A Markdown link to an image, relative to the document it is for when both live on one
 * file system (leave `document` out for an untitled one, which has no folder yet), else
 * to the workspace folder, else to the image's own folder.
 */
export function markdownLinkTo(prompt: string, image: UriPlace, document: UriPlace | undefined, folderPath: string | undefined): string {
  const sameTree = document !== undefined && document.scheme === image.scheme && document.authority === image.authority;
  const base = sameTree ? dirname(document.path) : (folderPath ?? dirname(image.path));
  return markdownImageLink(prompt, relativePath(base, image.path));
}

/**
 * The line (from 0) on which the copy of `needle` in `text` nearest to `line` ends, or
 * undefined when there is none: where a selection's text is once the document has changed
 * around it (while its image was being made, or before its link was asked for).
 */
export function nearestEndLine(text: string, needle: string, line: number): number | undefined {
  if (!needle) return undefined;
  const starts = lineStarts(text);
  let best: number | undefined;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    const end = lineOf(starts, at + needle.length);
    if (best === undefined || Math.abs(end - line) < Math.abs(best - line)) best = end;
  }
  return best;
}
