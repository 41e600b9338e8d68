/**
 * Markdown images: inline `![alt](dest "title")` (with `<dest with spaces>`, backslash
 * escapes and balanced parentheses), reference-style `![alt][label]`, `![alt][]` and
 * `![alt]` with their `[label]: dest "title"` definitions. Fenced code blocks and code
 * spans are left out, so examples in a README are not taken for images.
 */
import type { FoundReference, Span } from './types';

/** The text with fenced code blocks, code spans and HTML comments blanked out, offsets kept. */
export function maskMarkdownCode(text: string): string {
  let out = text.replace(/^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\2[`~]*[ \t]*$|(?![\s\S]))/gm, blank);
  out = out.replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, blank);
  return maskHtmlComments(out);
}

export function maskHtmlComments(text: string): string {
  return text.includes('<!--') ? text.replace(/<!--[\s\S]*?(?:-->|$)/g, blank) : text;
}

export function blank(match: string): string {
  return match.replace(/[^\n]/g, ' ');
}

const unescape = (value: string) => value.replace(/\\([!-/:-@[-`{-~])/g, '$1');

/** The index of the `]` closing the `[` at `open`, or -1. */
function closeBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i += 1;
    } else if (c === '[') {
      depth += 1;
    } else if (c === ']') {
      depth -= 1;
      if (depth === 0) return i;
    } else if (c === '\n' && text[i + 1] === '\n') {
      return -1;
    }
  }
  return -1;
}

interface Destination extends Span {
  readonly url: string;
  readonly title?: string;
  /** Just past the closing `)`. */
  readonly after: number;
}

/** Reads `(dest "title")` starting at the `(`. */
function readDestination(text: string, open: number): Destination | undefined {
  let i = open + 1;
  while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n') i += 1;
  let start = i;
  let end: number;
  if (text[i] === '<') {
    const close = text.indexOf('>', i);
    const newline = text.indexOf('\n', i);
    if (close < 0 || (newline >= 0 && newline < close)) return undefined;
    start = i + 1;
    end = close;
    i = close + 1;
  } else {
    let depth = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '\\') i += 2;
      else if (c === '(') {
        depth += 1;
        i += 1;
      }
      else if (c === ')') {
        if (depth === 0) break;
        depth -= 1;
        i += 1;
      } else if (c === ' ' || c === '\t' || c === '\n') break;
      else i += 1;
    }
    end = i;
  }
  const raw = text.slice(start, end);
  let j = i;
  while (text[j] === ' ' || text[j] === '\t' || text[j] === '\n') j += 1;
  let title: string | undefined;
  const q = text[j];
  if (q === '"' || q === "'" || (q === '(' && j > end)) {
    const closer = q === '(' ? ')' : q;
    let k = j + 1;
    while (k < text.length && text[k] !== closer) k += text[k] === '\\' ? 2 : 1;
    title = unescape(text.slice(j + 1, k));
    j = k + 1;
    while (text[j] === ' ' || text[j] === '\t' || text[j] === '\n') j += 1;
  }
  if (text[j] !== ')') {
    // Not CommonMark, but people write `![x](my photo.png)`: an unbracketed address with spaces up to the `)`.
    const close = text.indexOf(')', end);
    const newline = text.indexOf('\n', end);
    if (close < 0 || (newline >= 0 && newline < close) || title !== undefined) return undefined;
    const loose = text.slice(start, close).trimEnd();
    if (!/\.(png|jpe?g|webp|gif|avif|svg)(?:[?#][^\s]*)?$/i.test(loose)) return undefined;
    return { url: unescape(loose), start, end: start + loose.length, after: close + 1 };
  }
  return { url: unescape(raw), start, end, ...(title ? { title } : {}), after: j + 1 };
}

const DEFINITION = /^ {0,3}\[((?:[^\]\\\n]|\\.){1,999})\]:[ \t]*(?:\n[ \t]*)?(<[^>\n]*>|\S+)(?:[ \t]+(?:"([^"\n]*)"|'([^'\n]*)'|\(([^)\n]*)\)))?[ \t]*$/gm;

const normalizeLabel = (label: string) => label.replace(/\s+/g, ' ').trim().toLowerCase();

/** Images in a Markdown text (already masked or not: code is masked here). */
export function findMarkdownImages(source: string): FoundReference[] {
  const text = maskMarkdownCode(source);
  const definitions = new Map<string, { url: string; title?: string } & Span>();
  DEFINITION.lastIndex = 0;
  let def: RegExpExecArray | null;
  while ((def = DEFINITION.exec(text)) !== null) {
    const label = normalizeLabel(def[1] ?? '');
    const written = def[2] ?? '';
    const bracketed = written.startsWith('<');
    const offset = def.index + def[0].indexOf(written, def[0].indexOf(']:')) + (bracketed ? 1 : 0);
    const inner = bracketed ? written.slice(1, -1) : written;
    const title = def[3] ?? def[4] ?? def[5];
    if (!definitions.has(label)) definitions.set(label, { url: unescape(inner), start: offset, end: offset + inner.length, ...(title ? { title } : {}) });
  }

  const out: FoundReference[] = [];
  let from = 0;
  for (;;) {
    const bang = text.indexOf('![', from);
    if (bang < 0) break;
    from = bang + 2;
    if (bang > 0 && text[bang - 1] === '\\') continue;
    const close = closeBracket(text, bang + 1);
    if (close < 0) continue;
    const alt = { text: unescape(text.slice(bang + 2, close)).replace(/\s+/g, ' ').trim(), start: bang + 2, end: close };
    if (text[close + 1] === '(') {
      const dest = readDestination(text, close + 1);
      if (!dest) continue;
      from = dest.after;
      if (dest.url === '') continue;
      out.push({ syntax: 'markdown', url: dest.url, start: dest.start, end: dest.end, alt, ...(dest.title ? { title: dest.title } : {}) });
      continue;
    }
    let label = alt.text;
    let after = close + 1;
    if (text[close + 1] === '[') {
      const end = closeBracket(text, close + 1);
      if (end < 0) continue;
      const given = text.slice(close + 2, end);
      if (given.trim() !== '') label = given;
      after = end + 1;
    }
    const found = definitions.get(normalizeLabel(label));
    if (!found) continue;
    from = after;
    out.push({ syntax: 'markdown', url: found.url, start: found.start, end: found.end, alt, ...(found.title ? { title: found.title } : {}) });
  }
  return out;
}
