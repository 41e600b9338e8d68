/**
 * PNG text chunks (tEXt, zTXt, iTXt): how the generation parameters are written into a
 * PNG and read back. The chunk structure itself is pngChunks.ts's.
 */

import { concatBytes } from './bytes';
import { makeChunk, MAX_CHUNK_LENGTH, PngFormatError, readChunks, TEXT_CHUNK_TYPES, type PngChunk } from './pngChunks';

/** The keyword AUTOMATIC1111, ComfyUI readers and civitai look for. */
export const PARAMETERS_KEYWORD = 'parameters';

// Guards the reader against a small compressed chunk that inflates to gigabytes.
const MAX_INFLATED_TEXT_BYTES = 16 * 1024 * 1024;

function latin1Decode(bytes: Uint8Array): string {
  // fromCharCode maps bytes to U+0000–U+00FF exactly; TextDecoder('latin1') would not,
  // since the Encoding Standard treats that label as windows-1252.
  let out = '';
  const step = 0x2000;
  for (let i = 0; i < bytes.length; i += step) {
    out += String.fromCharCode(...bytes.subarray(i, Math.min(i + step, bytes.length)));
  }
  return out;
}

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/**
 * PNG keywords are 1–79 printable Latin-1 characters with no leading, trailing or
 * doubled spaces; returns the keyword's bytes or throws a RangeError.
 */
function keywordBytes(keyword: string): Uint8Array {
  if (keyword.length < 1 || keyword.length > 79) {
    throw new RangeError(`PNG text keyword must be 1 to 79 characters, got ${keyword.length}`);
  }
  if (keyword.startsWith(' ') || keyword.endsWith(' ') || keyword.includes('  ')) {
    throw new RangeError(`PNG text keyword "${keyword}" has leading, trailing or doubled spaces`);
  }
  const out = new Uint8Array(keyword.length);
  for (let i = 0; i < keyword.length; i++) {
    const c = keyword.charCodeAt(i);
    if (!((c >= 0x20 && c <= 0x7e) || (c >= 0xa1 && c <= 0xff))) {
      throw new RangeError(`PNG text keyword "${keyword}" has a character that is not printable Latin-1`);
    }
    out[i] = c;
  }
  return out;
}

/** The keyword of a tEXt/zTXt/iTXt chunk's data, or undefined when it has no terminator. */
export function chunkKeyword(data: Uint8Array): { keyword: string; rest: Uint8Array } | undefined {
  const nul = data.indexOf(0);
  if (nul < 1) return undefined;
  return { keyword: latin1Decode(data.subarray(0, nul)), rest: data.subarray(nul + 1) };
}

/** An uncompressed iTXt chunk (length, type, data and CRC) with no language tag. */
export function iTXtChunk(keyword: string, text: string): Uint8Array {
  const key = keywordBytes(keyword);
  const body = utf8Encoder.encode(text);
  // keyword, NUL, compression flag 0, method 0, empty language tag + NUL, empty translated keyword + NUL.
  const header = key.length + 5;
  if (header + body.length > MAX_CHUNK_LENGTH) throw new RangeError('PNG text is too long for one chunk');
  const data = new Uint8Array(header + body.length);
  data.set(key, 0);
  data.set(body, header);
  return makeChunk('iTXt', data);
}

/** A text chunk decoded as far as can be done without inflating. */
type ParsedText =
  | { readonly keyword: string; readonly text: string }
  | { readonly keyword: string; readonly compressed: Uint8Array; readonly encoding: 'latin1' | 'utf-8' };

function parseTextChunk(chunk: PngChunk): ParsedText | undefined {
  const head = chunkKeyword(chunk.data);
  if (!head) return undefined;
  const { keyword, rest } = head;
  switch (chunk.type) {
    case 'tEXt':
      return { keyword, text: latin1Decode(rest) };
    case 'zTXt':
      // Method 0 (zlib deflate) is the only one the spec defines.
      if (rest[0] !== 0) return undefined;
      return { keyword, compressed: rest.subarray(1), encoding: 'latin1' };
    case 'iTXt': {
      const flag = rest[0];
      const method = rest[1];
      const langEnd = rest.indexOf(0, 2);
      if (langEnd < 0) return undefined;
      const translatedEnd = rest.indexOf(0, langEnd + 1);
      if (translatedEnd < 0) return undefined;
      const body = rest.subarray(translatedEnd + 1);
      if (flag === 0) return { keyword, text: utf8Decoder.decode(body) };
      if (flag === 1 && method === 0) return { keyword, compressed: body, encoding: 'utf-8' };
      return undefined;
    }
    default:
      return undefined;
  }
}

function textChunks(png: Uint8Array): PngChunk[] {
  // Only the text chunks' CRCs matter here; skipping IDAT's keeps a gallery scan cheap.
  return readChunks(png, { checkCrc: (type) => TEXT_CHUNK_TYPES.has(type) }).filter((chunk) => TEXT_CHUNK_TYPES.has(chunk.type));
}

/**
 * The uncompressed text chunks (tEXt, and iTXt without compression) by keyword;
 * compressed ones are skipped (use readPngText). When a keyword appears twice the first
 * chunk wins, as it is the one a streaming reader sees.
 */
export function readPngTextSync(png: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  for (const chunk of textChunks(png)) {
    const t = parseTextChunk(chunk);
    if (t && 'text' in t && !out.has(t.keyword)) out.set(t.keyword, t.text);
  }
  return out;
}

/**
 * Every text chunk (tEXt as Latin-1, zTXt, iTXt compressed or not) by keyword; the first
 * chunk of a keyword wins. Throws a PngFormatError for a chunk that does not inflate.
 */
export function readPngText(png: Uint8Array): Promise<Map<string, string>> {
  return decodeTextChunks(textChunks(png));
}

/** readPngText for text chunks already found (the gallery's head reader finds them in a file's first kilobytes). */
export async function decodeTextChunks(chunks: readonly PngChunk[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const chunk of chunks) {
    const t = parseTextChunk(chunk);
    if (!t || out.has(t.keyword)) continue;
    if ('text' in t) {
      out.set(t.keyword, t.text);
      continue;
    }
    let inflated: Uint8Array;
    try {
      inflated = await inflate(t.compressed, MAX_INFLATED_TEXT_BYTES);
    } catch (error) {
      throw new PngFormatError(`the compressed text chunk "${t.keyword}" cannot be inflated`, { cause: error });
    }
    out.set(t.keyword, t.encoding === 'utf-8' ? utf8Decoder.decode(inflated) : latin1Decode(inflated));
  }
  return out;
}

/** zlib-format inflate: the web API where there is one (browsers, Node ≥ 18), else node:zlib. */
async function inflate(data: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  if (typeof DecompressionStream === 'function') return inflateWithStream(data, maxBytes);
  let zlib: typeof import('node:zlib');
  // Inside try, bundlers leave the import alone for browser builds instead of failing.
  try {
    zlib = await import('node:zlib');
  } catch (error) {
    throw new Error('no DecompressionStream and no node:zlib to inflate with', { cause: error });
  }
  return zlib.inflateSync(data, { maxOutputLength: maxBytes });
}

async function inflateWithStream(data: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const stream = new DecompressionStream('deflate');
  const writer = stream.writable.getWriter();
  // The stream takes only ArrayBuffer-backed views; a copy is made only for shared memory.
  const input = data.buffer instanceof ArrayBuffer ? (data as Uint8Array<ArrayBuffer>) : new Uint8Array(data);
  // Failures surface through the reader; these catches only keep them from also
  // being reported as unhandled rejections.
  writer.write(input).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new RangeError(`inflated text is larger than ${maxBytes} bytes`);
    }
    parts.push(value);
  }
  return concatBytes(parts, total);
}
