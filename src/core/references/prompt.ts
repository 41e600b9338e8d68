/**
 * What an image should show, from what the document says about it: its alt text; else
 * its caption, title or the nearest heading above it; else the words of its file name.
 */
import { decodeEntities } from './html';
import type { FoundReference, PromptSource, ReferenceTarget } from './types';

export interface Heading {
  readonly at: number;
  readonly text: string;
}

/** Headings in order of position: Markdown `#` lines and HTML `<h1>`–`<h6>`. */
export function findHeadings(text: string, markdown: boolean): Heading[] {
  const out: Heading[] = [];
  if (markdown) {
    for (const m of text.matchAll(/^ {0,3}#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm)) out.push({ at: m.index, text: clean(m[1] ?? '') });
  }
  if (/<h[1-6]/i.test(text)) {
    for (const m of text.matchAll(/<h([1-6])\b[^>]*>([\s\S]{0,500}?)<\/h\1\s*>/gi)) out.push({ at: m.index, text: clean(decodeEntities((m[2] ?? '').replace(/<[^>]*>|\{[^}]*\}/g, ' '))) });
    out.sort((a, b) => a.at - b.at);
  }
  return out.filter((h) => h.text !== '');
}

function clean(text: string): string {
  return text.replace(/[*_`~]+/g, '').replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\s+/g, ' ').trim();
}

/** The last heading before `offset` (binary search over headings in order). */
export function headingBefore(headings: readonly Heading[], offset: number): string | undefined {
  let low = 0;
  let high = headings.length - 1;
  let found: Heading | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const h = headings[mid] as Heading;
    if (h.at < offset) {
      found = h;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found?.text;
}

/** `img/hero-banner@2x.png` → `hero banner`; undefined when no word is left. */
export function fileNameWords(path: string): string | undefined {
  const name = path.replace(/[?#].*$/s, '').split('/').pop() ?? '';
  const stem = name.replace(/\.[a-z0-9]+$/i, '').replace(/@\d+(\.\d+)?x$/i, '');
  const words = stem
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[\s_.+-]+|%20/)
    .filter((w) => w !== '' && !/^\d+(x\d+)?$/i.test(w) && !/^v\d+$/i.test(w));
  const meaningful = words.filter((w) => !/^(img|image|pic)$/i.test(w));
  return meaningful.length > 0 ? meaningful.join(' ').toLowerCase() : undefined;
}

/** The prompt and where it came from, in the order the references say most about the image. */
export function promptFor(found: FoundReference, target: ReferenceTarget, headingAbove: () => string | undefined, documentPath: string): { prompt: string; promptSource: PromptSource } {
  if (found.alt && found.alt.text !== '') return { prompt: found.alt.text, promptSource: 'alt' };
  if (found.title) return { prompt: found.title, promptSource: found.syntax === 'markdown' || found.syntax === 'manifest' ? 'title' : 'caption' };
  if (found.syntax === 'manifest' && found.about) return { prompt: found.about, promptSource: 'manifest' };
  if (target.kind === 'placeholder' && target.text) return { prompt: target.text, promptSource: 'placeholder text' };
  const heading = headingAbove();
  if (heading) return { prompt: heading, promptSource: 'heading' };
  const words = target.kind === 'file' ? fileNameWords(target.path) : undefined;
  if (words) return { prompt: words, promptSource: 'file name' };
  const page = fileNameWords(documentPath);
  return { prompt: page ? `an illustration for the ${page} page` : 'an illustration', promptSource: 'file name' };
}
