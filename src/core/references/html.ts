/**
 * Image elements in HTML and in the templates written like it (JSX/TSX, Vue, Svelte,
 * Astro, inline HTML in Markdown): `<img src srcset alt width height>`, Next.js
 * `<Image>`, `<source srcset>`, `<link rel="icon" href sizes>`, `<video poster>` and
 * SVG `<image href>`. A value computed by the template (`src={hero}`, `:src`,
 * `{{ … }}`, `${…}`) is not a file name and is skipped.
 */
import type { FoundReference, Span } from './types';

interface Attribute {
  readonly name: string;
  /** The value as written between its quotes (or braces' string literal); undefined for a computed value or none. */
  readonly value?: string;
  /** Where that value's text is. */
  readonly span?: Span;
  /** Whether the value is computed by the template. */
  readonly computed: boolean;
  /** Where the attribute ends. */
  readonly end: number;
}

/** Only the elements that can name an image; other tags are not read at all. */
const TAG = /<(img|image|source|link|video|nuxt-img|nuxtimg|nuxtpicture|g-image|gimage|amp-img)(?=[\s/>])/gi;
/** Whitespace, = > / { " ' end an attribute name. */
const NAME_END = new Set([9, 10, 12, 13, 32, 61, 62, 47, 123, 34, 39]);
const IMG_LIKE = new Set(['img', 'image', 'nuxt-img', 'nuxtimg', 'nuxtpicture', 'g-image', 'gimage', 'amp-img']);
const TEMPLATED = /\{\{|\$\{|<%|\{%|^\{|\}$/;
/** Most values hold none of `{ $ <`, and need no regex. */
const isTemplated = (value: string) => (value.includes('{') || value.includes('}') || value.includes('<%')) && TEMPLATED.test(value);

/** Reads a tag's attributes from just after its name to its `>`; JSX braces and quotes may hold `>`. */
function readAttributes(text: string, from: number): { attributes: Map<string, Attribute>; end: number } {
  const attributes = new Map<string, Attribute>();
  const add = (attribute: Attribute) => {
    const key = attribute.name.toLowerCase();
    if (!attributes.has(key)) attributes.set(key, attribute);
  };
  let i = from;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 62 /* > */) return { attributes, end: i + 1 };
    if (c === 60 /* < */) return { attributes, end: i }; // an unclosed tag: stop before the next one
    if (c === 123 /* { */) {
      // Svelte's `{src}` shorthand and JSX spreads: computed, skipped.
      i = skipBraces(text, i);
      continue;
    }
    if (c <= 32 || c === 47 /* / */) {
      i += 1;
      continue;
    }
    const nameStart = i;
    while (i < n && !NAME_END.has(text.charCodeAt(i))) i += 1;
    const name = text.slice(nameStart, i);
    if (name === '') {
      i += 1;
      continue;
    }
    let j = i;
    while (j < n && text.charCodeAt(j) <= 32) j += 1;
    if (text[j] !== '=') {
      add({ name, computed: false, end: i });
      continue;
    }
    j += 1;
    while (j < n && text.charCodeAt(j) <= 32) j += 1;
    const q = text[j];
    if (q === '"' || q === "'") {
      const close = text.indexOf(q, j + 1);
      const end = close < 0 ? n : close;
      const value = text.slice(j + 1, end);
      add({ name, value, span: { start: j + 1, end }, computed: isTemplated(value), end: Math.min(n, end + 1) });
      i = end + 1;
    } else if (q === '{') {
      const end = skipBraces(text, j);
      const inner = text.slice(j + 1, end - 1);
      // A string literal in braces is as good as quotes: src={'/a.png'}, src={`/a.png`}; anything else is computed.
      const literal = /^\s*(["'`])((?:(?!\1)[^\\$]|\\.)*)\1\s*$/.exec(inner);
      if (literal && !(literal[1] === '`' && inner.includes('${'))) {
        const start = j + 1 + inner.indexOf(literal[1] as string) + 1;
        add({ name, value: literal[2], span: { start, end: start + (literal[2] ?? '').length }, computed: false, end });
      } else {
        const number = /^\s*(\d+(?:\.\d+)?)\s*$/.exec(inner);
        add({ name, ...(number ? { value: number[1] } : {}), computed: !number, end });
      }
      i = end;
    } else {
      const start = j;
      while (j < n && text.charCodeAt(j) > 32 && text[j] !== '>') j += 1;
      const value = text.slice(start, j);
      add({ name, value, span: { start, end: j }, computed: isTemplated(value), end: j });
      i = j;
    }
  }
  return { attributes, end: n };
}

/** The index after a balanced `{…}`, stepping over strings and template literals. */
function skipBraces(text: string, open: number): number {
  let depth = 0;
  let i = open;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '{') depth += 1;
    else if (c === '}') {
      depth -= 1;
      if (depth === 0) return i + 1;
    } else if (c === '"' || c === "'" || c === '`') {
      i += 1;
      while (i < n && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
    }
    i += 1;
  }
  return n;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };

export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** `1200`, `1200px`, `{1200}` as pixels; `100%` and the like are no size. */
export function pixels(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d{1,5})(?:\.\d+)?\s*(?:px)?\s*$/i.exec(value);
  const number = match ? Number(match[1]) : NaN;
  return number > 0 ? number : undefined;
}

/** `180x180` or `16x16 32x32`: the largest. */
export function largestSize(value: string | undefined): { width: number; height: number } | undefined {
  let best: { width: number; height: number } | undefined;
  // \u00d7 is ×, written as an escape so that the bundle stays ASCII.
  for (const match of (value ?? '').matchAll(/(\d{1,5})\s*[x\u00d7]\s*(\d{1,5})/gi)) {
    const width = Number(match[1]);
    const height = Number(match[2]);
    if (width > 0 && height > 0 && (!best || width * height > best.width * best.height)) best = { width, height };
  }
  return best;
}

/** A `srcset`'s candidates with their spans and descriptors (`2x`, `800w`). */
export function srcsetCandidates(value: string, offset: number): Array<Span & { url: string; descriptor?: string }> {
  const out: Array<Span & { url: string; descriptor?: string }> = [];
  // Candidates are split at a comma followed by whitespace or at a comma after a descriptor; URLs may hold commas.
  const pattern = /\s*([^\s,][^\s]*?)(?:\s+([\d.]+[wx]))?\s*(?:,|$)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(value)) !== null) {
    if (match[0] === '') {
      pattern.lastIndex += 1;
      continue;
    }
    const url = match[1] ?? '';
    const start = offset + match.index + match[0].indexOf(url);
    out.push({ url, start, end: start + url.length, ...(match[2] ? { descriptor: match[2] } : {}) });
    if (pattern.lastIndex >= value.length) break;
  }
  return out;
}

/** The text of the `<figcaption>` of the figure an element is in, when it follows the element. */
function captionAfter(text: string, from: number): string | undefined {
  // A window, not the rest of the text: a page without figures must not be searched to its end for every image.
  const window = text.slice(from, from + 2_000);
  const close = window.indexOf('</figure');
  if (close < 0) return undefined;
  const open = window.indexOf('<figcaption');
  if (open < 0 || open > close) return undefined;
  const start = window.indexOf('>', open);
  const end = window.indexOf('</figcaption', start);
  if (start < 0 || end < 0 || end > close) return undefined;
  const words = decodeEntities(window.slice(start + 1, end).replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return words || undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A reference built field by field: object spreads of optional parts are what made this finder slow. */
function reference(
  syntax: 'html' | 'jsx',
  url: string,
  span: Span,
  size: { width?: number; height?: number } | undefined,
  title: string | undefined,
  alt: FoundReference['alt'],
  altInsertAt: number | undefined,
): FoundReference {
  const out: Mutable<FoundReference> = { syntax, url, start: span.start, end: span.end };
  if (size?.width !== undefined && size.height !== undefined) {
    out.width = size.width;
    out.height = size.height;
  }
  if (title) out.title = title;
  if (alt) out.alt = alt;
  if (altInsertAt !== undefined) out.altInsertAt = altInsertAt;
  return out;
}

/** Image references in an HTML-like text; `jsx` marks JSX syntax, which has no entities. */
export function findHtmlImages(text: string, syntax: 'html' | 'jsx'): FoundReference[] {
  const out: FoundReference[] = [];
  const decode = syntax === 'html' ? decodeEntities : (value: string) => value;
  const figures = text.includes('<figcaption');
  TAG.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = TAG.exec(text)) !== null) {
    const tag = (match[1] ?? '').toLowerCase();
    const { attributes, end } = readAttributes(text, match.index + match[0].length);
    TAG.lastIndex = end;
    const width = pixels(attributes.get('width')?.value);
    const height = pixels(attributes.get('height')?.value);
    const size = width !== undefined && height !== undefined ? { width, height } : undefined;
    const titleAttr = attributes.get('title');
    const imgLike = IMG_LIKE.has(tag);
    const title = (titleAttr?.value && !titleAttr.computed ? decode(titleAttr.value).trim() : '') || (figures && imgLike ? captionAfter(text, end) : undefined);
    const push = (a: Attribute | undefined, withSize = size, alt?: FoundReference['alt'], altInsertAt?: number) => {
      if (!a?.span || a.computed || a.value === undefined) return;
      const url = decode(a.value).trim();
      if (url !== '') out.push(reference(syntax, url, a.span, withSize, title, alt, altInsertAt));
    };
    if (imgLike) {
      const altAttr = attributes.get('alt');
      const src = attributes.get('src') ?? (tag === 'image' ? (attributes.get('href') ?? attributes.get('xlink:href')) : undefined);
      const alt = altAttr?.span && !altAttr.computed && altAttr.value !== undefined ? { text: decode(altAttr.value).trim(), start: altAttr.span.start, end: altAttr.span.end } : undefined;
      const insertAt = alt || altAttr || tag === 'image' || !src ? undefined : src.end;
      push(src, size, alt, insertAt);
      pushSrcset(attributes.get('srcset'), (url, span, candidateSize) => out.push(reference(syntax, decode(url), span, candidateSize, title, alt, undefined)), width, height);
    } else if (tag === 'source') {
      pushSrcset(attributes.get('srcset'), (url, span, candidateSize) => out.push(reference(syntax, decode(url), span, candidateSize, title, undefined, undefined)), width, height);
      push(attributes.get('src'));
    } else if (tag === 'link') {
      const rel = (attributes.get('rel')?.value ?? '').toLowerCase();
      if (!/\b(icon|apple-touch-icon|apple-touch-startup-image|mask-icon)\b/.test(rel) && !(/\bpreload\b/.test(rel) && attributes.get('as')?.value === 'image')) continue;
      const sizes = largestSize(attributes.get('sizes')?.value);
      push(attributes.get('href'), sizes ?? (/apple-touch-icon/.test(rel) ? { width: 180, height: 180 } : undefined));
    } else if (tag === 'video') {
      push(attributes.get('poster'));
    }
  }
  return out;
}

function pushSrcset(
  a: Attribute | undefined,
  emit: (url: string, span: Span, size: { width: number; height: number } | undefined) => void,
  width: number | undefined,
  height: number | undefined,
): void {
  if (!a?.span || a.computed || a.value === undefined) return;
  for (const candidate of srcsetCandidates(a.value, a.span.start)) {
    let size: { width: number; height: number } | undefined;
    const d = candidate.descriptor;
    if (d?.endsWith('x') && width !== undefined && height !== undefined) {
      const scale = Number(d.slice(0, -1)) || 1;
      size = { width: Math.round(width * scale), height: Math.round(height * scale) };
    } else if (d?.endsWith('w')) {
      const w = Number(d.slice(0, -1));
      if (w > 0 && width !== undefined && height !== undefined) size = { width: w, height: Math.round((w * height) / width) };
    } else if (width !== undefined && height !== undefined) {
      size = { width, height };
    }
    emit(candidate.url, candidate, size);
  }
}
