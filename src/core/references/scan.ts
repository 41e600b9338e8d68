/**
 * One document's image references: which finders its language takes, what is not worth
 * scanning (node_modules, minified and very large files), and each reference resolved to
 * a workspace file or a placeholder service, with its size and a prompt. Fast enough to
 * run on every code-action request: one pass per finder, nothing read from disk.
 */
import { findCssImages, maskCssComments } from './css';
import { findHtmlImages } from './html';
import { findManifestImages, isManifestName } from './manifest';
import { findMarkdownImages, maskHtmlComments, maskMarkdownCode } from './markdown';
import { readPlaceholder } from './placeholders';
import { findHeadings, headingBefore, promptFor } from './prompt';
import { lineOf, lineStarts } from '../lines';
import { resolveLocal } from './resolve';
import type { FoundReference, ImageReference, ReferenceTarget, Size } from './types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export type Family = 'markdown' | 'mdx' | 'html' | 'jsx' | 'css' | 'manifest';

/** Past this a file is generated or data, not a page someone writes images into. */
export const MAX_SCANNED_CHARS = 2_000_000;
/** A line this long means a minified or generated file. */
export const MAX_LINE_CHARS = 5_000;

const BY_LANGUAGE: Readonly<Record<string, Family>> = {
  markdown: 'markdown',
  mdx: 'mdx',
  html: 'html',
  vue: 'html',
  svelte: 'html',
  astro: 'html',
  javascriptreact: 'jsx',
  typescriptreact: 'jsx',
  css: 'css',
  scss: 'css',
  less: 'css',
  sass: 'css',
};

const BY_EXTENSION: Readonly<Record<string, Family>> = {
  md: 'markdown',
  markdown: 'markdown',
  mdx: 'mdx',
  html: 'html',
  htm: 'html',
  vue: 'html',
  svelte: 'html',
  astro: 'html',
  jsx: 'jsx',
  tsx: 'jsx',
  css: 'css',
  scss: 'css',
  sass: 'css',
  less: 'css',
  webmanifest: 'manifest',
};

/** The language ids with a finder of their own (json and jsonc only for manifests, by name). */
export const SCANNED_LANGUAGES: readonly string[] = Object.keys(BY_LANGUAGE);

/** Which finders a document takes, from its language id and name; undefined when none. */
export function familyOf(fileName: string, languageId?: string): Family | undefined {
  if (isManifestName(fileName)) return 'manifest';
  if (languageId !== undefined && BY_LANGUAGE[languageId]) return BY_LANGUAGE[languageId];
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return ext === undefined ? undefined : BY_EXTENSION[ext];
}

/** Why a file is not scanned, or undefined when it is. */
export function skipReason(fileName: string, text: string): string | undefined {
  if (/(^|[\\/])node_modules[\\/]/.test(fileName)) return 'it is inside node_modules';
  if (/\.min\.[a-z]+$/i.test(fileName)) return 'it is minified';
  if (text.length > MAX_SCANNED_CHARS) return `it is larger than ${MAX_SCANNED_CHARS / 1_000_000} million characters`;
  let from = 0;
  for (;;) {
    const next = text.indexOf('\n', from);
    const end = next < 0 ? text.length : next;
    if (end - from > MAX_LINE_CHARS) return `a line is longer than ${MAX_LINE_CHARS} characters (minified or generated)`;
    if (next < 0) return undefined;
    from = next + 1;
  }
}

/** The references as written, in document order. */
export function findReferences(text: string, family: Family): FoundReference[] {
  let found: FoundReference[];
  switch (family) {
    case 'markdown':
    case 'mdx': {
      const masked = maskMarkdownCode(text);
      found = [...findMarkdownImages(text), ...findHtmlImages(masked, family === 'mdx' ? 'jsx' : 'html'), ...findCssImages(masked, { maskComments: false })];
      break;
    }
    case 'html': {
      const masked = maskHtmlComments(text);
      found = [...findHtmlImages(masked, 'html'), ...findCssImages(maskCssComments(masked), { maskComments: false })];
      break;
    }
    case 'jsx': {
      const masked = maskCssComments(text);
      found = [...findHtmlImages(masked, 'jsx'), ...findCssImages(masked, { maskComments: false })];
      break;
    }
    case 'css':
      found = findCssImages(text);
      break;
    case 'manifest':
      found = findManifestImages(text);
      break;
    default: {
      const unknown: never = family;
      throw new Error(`no finder for ${String(unknown)}`);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

export interface DescribeOptions {
  /** The document, relative to the workspace folder, `/`-separated. */
  readonly documentPath: string;
  /** The project's `public/` folder for root-relative addresses, when it has one. */
  readonly publicDir?: string;
  /** Where each line starts, when the caller has them already. */
  readonly lineStarts?: readonly number[];
}

/** Resolves what was found: workspace files Imagesmith can write and placeholder services; the rest is dropped. */
export function describeReferences(text: string, family: Family, found: readonly FoundReference[], options: DescribeOptions): ImageReference[] {
  if (found.length === 0) return [];
  // Headings are looked for only when a reference has no alt text or title of its own.
  let headings: ReturnType<typeof findHeadings> | undefined;
  const heading = (offset: number) => {
    if (family === 'css' || family === 'manifest') return undefined;
    headings ??= findHeadings(text, family === 'markdown' || family === 'mdx');
    return headingBefore(headings, offset);
  };
  const starts = options.lineStarts ?? lineStarts(text);
  const out: ImageReference[] = [];
  for (const reference of found) {
    let target: ReferenceTarget;
    let size: Size | undefined = reference.width !== undefined && reference.height !== undefined ? { width: reference.width, height: reference.height } : undefined;
    const placeholder = readPlaceholder(reference.url);
    if (placeholder) {
      target = { kind: 'placeholder', service: placeholder.service, ...(placeholder.text ? { text: placeholder.text } : {}) };
      size = placeholder.size ?? size;
    } else {
      const path = resolveLocal(reference.url, options);
      if (path === undefined) continue;
      target = { kind: 'file', path };
    }
    const { prompt, promptSource } = promptFor(reference, target, () => heading(reference.start), options.documentPath);
    // Built field by field, not spread: spreading thousands of references was most of a scan's time.
    const described: Mutable<ImageReference> = {
      syntax: reference.syntax,
      url: reference.url,
      start: reference.start,
      end: reference.end,
      target,
      line: lineOf(starts, reference.start),
      prompt: prompt.length > 1_000 ? prompt.slice(0, 1_000) : prompt,
      promptSource,
    };
    if (reference.width !== undefined) described.width = reference.width;
    if (reference.height !== undefined) described.height = reference.height;
    if (reference.alt) described.alt = reference.alt;
    if (reference.altInsertAt !== undefined) described.altInsertAt = reference.altInsertAt;
    if (reference.title) described.title = reference.title;
    if (reference.about) described.about = reference.about;
    if (size) described.size = size;
    out.push(described);
  }
  return out;
}

/** Every image reference of a document, or none when it is not worth scanning. */
export function scanDocument(text: string, options: DescribeOptions & { readonly languageId?: string }): ImageReference[] {
  const family = familyOf(options.documentPath, options.languageId);
  if (family === undefined || skipReason(options.documentPath, text) !== undefined) return [];
  return describeReferences(text, family, findReferences(text, family), options);
}
