/**
 * Web app manifests (`*.webmanifest`, `manifest.json`): every `src` of `icons`,
 * `screenshots` and `shortcuts[].icons`, with the largest of its `sizes`. A small JSON
 * reader that keeps where each string is, since the reference is rewritten in place.
 */
import { largestSize } from './html';
import type { FoundReference } from './types';

type Json = { kind: 'object'; members: Map<string, Json> } | { kind: 'array'; items: Json[] } | { kind: 'string'; value: string; start: number; end: number } | { kind: 'other' };

class Reader {
  i = 0;
  constructor(private readonly text: string) {}

  private space(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i] ?? '')) this.i += 1;
  }

  value(depth = 0): Json {
    if (depth > 64) throw new Error('too deep');
    this.space();
    const c = this.text[this.i];
    if (c === '{') {
      this.i += 1;
      const members = new Map<string, Json>();
      this.space();
      if (this.text[this.i] === '}') {
        this.i += 1;
        return { kind: 'object', members };
      }
      for (;;) {
        this.space();
        const key = this.string();
        this.space();
        if (this.text[this.i] !== ':') throw new Error('expected :');
        this.i += 1;
        members.set(key.value, this.value(depth + 1));
        this.space();
        const next = this.text[this.i++];
        if (next === '}') return { kind: 'object', members };
        if (next !== ',') throw new Error('expected , or }');
      }
    }
    if (c === '[') {
      this.i += 1;
      const items: Json[] = [];
      this.space();
      if (this.text[this.i] === ']') {
        this.i += 1;
        return { kind: 'array', items };
      }
      for (;;) {
        items.push(this.value(depth + 1));
        this.space();
        const next = this.text[this.i++];
        if (next === ']') return { kind: 'array', items };
        if (next !== ',') throw new Error('expected , or ]');
      }
    }
    if (c === '"') return this.string();
    const literal = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.i, this.i + 40));
    if (!literal) throw new Error('unexpected character');
    this.i += literal[0].length;
    return { kind: 'other' };
  }

  private string(): { kind: 'string'; value: string; start: number; end: number } {
    if (this.text[this.i] !== '"') throw new Error('expected a string');
    const start = this.i + 1;
    let j = start;
    while (j < this.text.length && this.text[j] !== '"') j += this.text[j] === '\\' ? 2 : 1;
    if (j >= this.text.length) throw new Error('unterminated string');
    this.i = j + 1;
    return { kind: 'string', value: JSON.parse(this.text.slice(start - 1, j + 1)) as string, start, end: j };
  }
}

/** Whether a file name is one of a web app manifest. */
export function isManifestName(fileName: string): boolean {
  return /(^|[\\/])(manifest\.json|[^\\/]*\.webmanifest)$/i.test(fileName);
}

export function findManifestImages(text: string): FoundReference[] {
  let root: Json;
  try {
    root = new Reader(text).value();
  } catch {
    return [];
  }
  if (root.kind !== 'object') return [];
  const name = [root.members.get('name'), root.members.get('short_name')].find((v) => v?.kind === 'string' && v.value.trim() !== '');
  const about = name?.kind === 'string' ? name.value.trim() : undefined;
  const out: FoundReference[] = [];
  const images = (list: Json | undefined, what: string) => {
    if (list?.kind !== 'array') return;
    for (const item of list.items) {
      if (item.kind !== 'object') continue;
      const src = item.members.get('src');
      if (src?.kind !== 'string' || src.value.trim() === '') continue;
      const sizes = item.members.get('sizes');
      const size = largestSize(sizes?.kind === 'string' ? sizes.value : undefined);
      const label = item.members.get('label') ?? item.members.get('name');
      out.push({
        syntax: 'manifest',
        url: src.value,
        start: src.start,
        end: src.end,
        ...(size ?? {}),
        ...(label?.kind === 'string' && label.value.trim() ? { title: label.value.trim() } : {}),
        ...(about ? { about: `${what} for ${about}` } : {}),
      });
    }
  };
  images(root.members.get('icons'), 'app icon');
  images(root.members.get('screenshots'), 'app screenshot');
  const shortcuts = root.members.get('shortcuts');
  if (shortcuts?.kind === 'array') for (const shortcut of shortcuts.items) if (shortcut.kind === 'object') images(shortcut.members.get('icons'), 'shortcut icon');
  return out;
}
