/**
 * `url(…)` in CSS, SCSS and Less, and in the `<style>` blocks and `style` attributes of
 * pages and components: quoted or not, with CSS escapes. Variables and interpolation
 * (`url($x)`, `url(#{$base}/a.png)`, `url(@{base}/a.png)`, `url(${x})`) are skipped, as
 * are `data:` addresses and SVG fragment references (`url(#clip)`).
 */
import { blank } from './markdown';
import type { FoundReference } from './types';

const URL_CALL = /\burl\(\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|((?:[^)"'\s\\]|\\.)*))\s*\)/gi;
const COMPUTED = /^\$|#\{|\$\{|@\{|\{\{|var\(/;

const cssUnescape = (value: string) =>
  value.replace(/\\([0-9a-f]{1,6}\s?|[^\n0-9a-f])/gi, (_, escaped: string) => {
    const hex = /^[0-9a-f]+/i.exec(escaped);
    return hex ? String.fromCodePoint(parseInt(hex[0], 16)) : escaped;
  });

/** The text with `/* … *\/` comments blanked out, offsets kept. */
export function maskCssComments(text: string): string {
  return text.includes('/*') ? text.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, blank) : text;
}

export function findCssImages(text: string, options: { maskComments: boolean } = { maskComments: true }): FoundReference[] {
  if (!/url\(/i.test(text)) return [];
  const source = options.maskComments ? maskCssComments(text) : text;
  const out: FoundReference[] = [];
  URL_CALL.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = URL_CALL.exec(source)) !== null) {
    const written = match[1] ?? match[2] ?? match[3] ?? '';
    if (written === '' || COMPUTED.test(written) || written.startsWith('#') || /^data:/i.test(written)) continue;
    const start = match.index + match[0].indexOf(written, 4);
    out.push({ syntax: 'css', url: cssUnescape(written), start, end: start + written.length });
  }
  return out;
}
