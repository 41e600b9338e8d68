/**
 * PNG chunks: enough to put the generation parameters into a PNG and read them back.
 *
 * Plain Uint8Array/DataView code, no Buffer and no `vscode`, so that the same module
 * can run in the extension host, in a webview and in the unit tests.
 */

import { concatBytes } from './bytes';

export const PNG_SIGNATURE: Uint8Array = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** The keyword AUTOMATIC1111, ComfyUI readers and civitai look for. */
export const PARAMETERS_KEYWORD = 'parameters';

/** A chunk as found in the file; `data` is a view into the bytes given, not a copy. */
export interface PngChunk {
  readonly type: string;
  readonly data: Uint8Array;
  /** Where the chunk (its length field) starts in the file. */
  readonly offset: number;
}

export interface ReadChunksOptions {
  /**
   * Check every chunk's CRC (the default). Turning it off leaves only the structural
   * checks, which is all that is needed to tell whether a download is complete.
   */
  readonly checkCrc?: boolean;
}

/** A PNG that cannot be read: the message names the problem and where it is. */
export class PngFormatError extends Error {
  override readonly name = 'PngFormatError';
}

// The spec caps chunk lengths at 2^31 - 1 so that they fit a signed 32-bit integer.
const MAX_CHUNK_LENGTH = 0x7fffffff;
// Guards the reader against a small compressed chunk that inflates to gigabytes.
const MAX_INFLATED_TEXT_BYTES = 16 * 1024 * 1024;
const TEXT_CHUNK_TYPES: ReadonlySet<string> = new Set(['tEXt', 'zTXt', 'iTXt']);

export function isPng(bytes: Uint8Array): boolean {
  if (bytes.length < PNG_SIGNATURE.length) return false;
  for (let i = 0; i < PNG_SIGNATURE.length; i++) {
    if (bytes[i] !== PNG_SIGNATURE[i]) return false;
  }
  return true;
}

let crcTable: Uint32Array | undefined;

function getCrcTable(): Uint32Array {
  if (crcTable) return crcTable;
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  crcTable = table;
  return table;
}

function updateCrc(crc: number, bytes: Uint8Array, start: number, end: number): number {
  const table = getCrcTable();
  let c = crc;
  for (let i = start; i < end; i++) {
    // Both indexes are in range by construction; `!` spares a branch in the hot loop.
    c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  }
  return c;
}

/** The CRC-32 used by PNG (and zlib, gzip, zip), as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
  return (updateCrc(0xffffffff, bytes, 0, bytes.length) ^ 0xffffffff) >>> 0;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function isChunkTypeByte(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
}

function typeAt(bytes: Uint8Array, at: number): string | undefined {
  if (at + 4 > bytes.length) return undefined;
  let type = '';
  for (let i = at; i < at + 4; i++) {
    const b = bytes[i];
    if (!isChunkTypeByte(b)) return undefined;
    type += String.fromCharCode(b as number);
  }
  return type;
}

/**
 * Walks the chunks from the signature to IEND (anything after IEND is ignored) and
 * throws a PngFormatError for a missing signature, a truncated or malformed chunk,
 * a bad CRC (for the chunks `checkCrc` selects), a first chunk that is not IHDR, or a
 * file that ends before IEND.
 */
function walkChunks(bytes: Uint8Array, checkCrc: (type: string) => boolean): PngChunk[] {
  if (!isPng(bytes)) throw new PngFormatError('not a PNG: the PNG signature is missing');
  const dv = view(bytes);
  const chunks: PngChunk[] = [];
  let offset = PNG_SIGNATURE.length;
  for (;;) {
    if (offset >= bytes.length) {
      throw new PngFormatError(`truncated PNG: it ends at byte ${bytes.length} without an IEND chunk`);
    }
    const type = typeAt(bytes, offset + 4);
    if (offset + 8 > bytes.length) {
      throw new PngFormatError(type ? `truncated chunk ${type} at byte ${offset}` : `truncated chunk at byte ${offset}`);
    }
    if (type === undefined) throw new PngFormatError(`bad chunk type at byte ${offset + 4}`);
    const length = dv.getUint32(offset);
    if (length > MAX_CHUNK_LENGTH) throw new PngFormatError(`bad length ${length} in chunk ${type} at byte ${offset}`);
    const dataStart = offset + 8;
    const end = dataStart + length + 4;
    if (end > bytes.length) throw new PngFormatError(`truncated chunk ${type} at byte ${offset}`);
    if (chunks.length === 0 && type !== 'IHDR') {
      throw new PngFormatError(`the first chunk is ${type}, not IHDR`);
    }
    if (checkCrc(type)) {
      const expected = dv.getUint32(dataStart + length);
      const actual = (updateCrc(0xffffffff, bytes, offset + 4, dataStart + length) ^ 0xffffffff) >>> 0;
      if (actual !== expected) throw new PngFormatError(`bad CRC in chunk ${type} at byte ${offset}`);
    }
    chunks.push({ type, data: bytes.subarray(dataStart, dataStart + length), offset });
    offset = end;
    if (type === 'IEND') return chunks;
  }
}

/** The chunks of a PNG, validated (see ReadChunksOptions); `data` views the input. */
export function readChunks(bytes: Uint8Array, options: ReadChunksOptions = {}): PngChunk[] {
  const checkCrc = options.checkCrc ?? true;
  return walkChunks(bytes, () => checkCrc);
}

/** The image's dimensions, from IHDR, without reading the rest of the file. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  if (!isPng(png)) throw new PngFormatError('not a PNG: the PNG signature is missing');
  if (png.length < 8 + 8 + 13 + 4) throw new PngFormatError('truncated chunk IHDR at byte 8');
  const dv = view(png);
  if (typeAt(png, 12) !== 'IHDR' || dv.getUint32(8) !== 13) {
    throw new PngFormatError('the first chunk is not a valid IHDR');
  }
  return { width: dv.getUint32(16), height: dv.getUint32(20) };
}

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

/** The keyword of a tEXt/zTXt/iTXt chunk, or undefined when it has no terminator. */
function chunkKeyword(data: Uint8Array): { keyword: string; rest: Uint8Array } | undefined {
  const nul = data.indexOf(0);
  if (nul < 1) return undefined;
  return { keyword: latin1Decode(data.subarray(0, nul)), rest: data.subarray(nul + 1) };
}

function makeChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = view(out);
  dv.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  dv.setUint32(8 + data.length, (updateCrc(0xffffffff, out, 4, 8 + data.length) ^ 0xffffffff) >>> 0);
  return out;
}

/** An uncompressed iTXt chunk (length, type, data and CRC) with no language tag. */
function iTXtChunk(keyword: string, text: string): Uint8Array {
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

/**
 * `png` with an uncompressed UTF-8 `iTXt` chunk holding `text` under `keyword`: the
 * file as pieces to be written in order, mostly views into `png` (see PngTextInserter).
 */
export function insertTextChunk(png: Uint8Array, keyword: string, text: string): Uint8Array[] {
  const inserter = new PngTextInserter(keyword, text);
  const pieces = inserter.push(png);
  inserter.end();
  return pieces;
}

/**
 * Puts an uncompressed UTF-8 `iTXt` chunk holding `text` under `keyword` into a PNG that
 * arrives in parts, as a download does: each `push` returns what to write so far, so
 * that the file can be written while the rest is still on its way.
 *
 * The chunk goes right after IHDR, so that readers that stop at the first IDAT still see
 * it, and every other text chunk (tEXt, zTXt, iTXt) of that keyword is dropped. Anything
 * after IEND is left out. The pieces are views into the pushed bytes wherever possible,
 * so those must stay unchanged until the pieces are written.
 *
 * The structure is checked as it passes (a truncated or malformed image is refused with
 * a PngFormatError rather than saved with metadata), and so are the CRCs of every chunk
 * but IDAT: the pixel data is megabytes, arrived over a checksummed connection, and
 * carries zlib's own Adler-32, which every decoder verifies.
 */
export class PngTextInserter {
  private readonly chunk: Uint8Array;
  private state: 'signature' | 'header' | 'body' | 'done' = 'signature';
  /** Bytes taken in so far: where the next one sits in the file. */
  private offset = 0;
  private readonly header = new Uint8Array(8);
  private headerFill = 0;
  private chunkStart = 0;
  private chunkCount = 0;
  private type = '';
  private length = 0;
  /** Of the current chunk's data and CRC. */
  private remaining = 0;
  /** IDAT passes unchecked; text chunks are held until their keyword is known; the rest pass with their CRC checked. */
  private mode: 'pass' | 'check' | 'hold' = 'pass';
  private crc = 0;
  private readonly storedCrc = new Uint8Array(4);
  private held: Uint8Array[] = [];

  constructor(private readonly keyword: string, text: string) {
    this.chunk = iTXtChunk(keyword, text);
  }

  /** What to write for the next part of the file; throws a PngFormatError for what no PNG may hold. */
  push(bytes: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let at = 0;
    while (at < bytes.length && this.state !== 'done') {
      const available = bytes.length - at;
      if (this.state === 'signature') {
        const n = Math.min(PNG_SIGNATURE.length - this.offset, available);
        for (let i = 0; i < n; i++) {
          if (bytes[at + i] !== PNG_SIGNATURE[this.offset + i]) throw new PngFormatError('not a PNG: the PNG signature is missing');
        }
        emit(out, bytes.subarray(at, at + n));
        this.advance(n);
        at += n;
        if (this.offset === PNG_SIGNATURE.length) this.state = 'header';
      } else if (this.state === 'header') {
        const n = Math.min(8 - this.headerFill, available);
        this.header.set(bytes.subarray(at, at + n), this.headerFill);
        // A header that arrived whole is written as a view; one split across parts as a copy.
        const whole = this.headerFill === 0 && n === 8;
        this.headerFill += n;
        this.advance(n);
        at += n;
        if (this.headerFill === 8) this.startChunk(out, whole ? bytes.subarray(at - 8, at) : this.header.slice());
      } else {
        const n = Math.min(this.remaining, available);
        const part = bytes.subarray(at, at + n);
        this.takeBody(part);
        if (this.mode === 'hold') this.held.push(part);
        else emit(out, part);
        this.advance(n);
        at += n;
        if (this.remaining === 0) this.finishChunk(out);
      }
    }
    return out;
  }

  /** Throws a PngFormatError unless the whole PNG, IEND included, has been pushed. */
  end(): void {
    if (this.state === 'done') return;
    if (this.state === 'signature') throw new PngFormatError('not a PNG: the PNG signature is missing');
    if (this.state === 'body') throw new PngFormatError(`truncated chunk ${this.type} at byte ${this.chunkStart}`);
    if (this.headerFill > 0) throw new PngFormatError(`truncated chunk at byte ${this.chunkStart}`);
    throw new PngFormatError(`truncated PNG: it ends at byte ${this.offset} without an IEND chunk`);
  }

  private advance(n: number): void {
    this.offset += n;
  }

  private startChunk(out: Uint8Array[], header: Uint8Array): void {
    const h = this.header;
    this.chunkStart = this.offset - 8;
    let type = '';
    for (let i = 4; i < 8; i++) {
      if (!isChunkTypeByte(h[i])) throw new PngFormatError(`bad chunk type at byte ${this.chunkStart + 4}`);
      type += String.fromCharCode(h[i] as number);
    }
    const length = view(h).getUint32(0);
    if (length > MAX_CHUNK_LENGTH) throw new PngFormatError(`bad length ${length} in chunk ${type} at byte ${this.chunkStart}`);
    if (this.chunkCount === 0 && type !== 'IHDR') throw new PngFormatError(`the first chunk is ${type}, not IHDR`);
    this.chunkCount += 1;
    this.type = type;
    this.length = length;
    this.remaining = length + 4;
    this.mode = type === 'IDAT' ? 'pass' : TEXT_CHUNK_TYPES.has(type) ? 'hold' : 'check';
    this.crc = updateCrc(0xffffffff, h, 4, 8);
    if (this.mode === 'hold') this.held = [header];
    else emit(out, header);
    this.state = 'body';
  }

  /** Runs the CRC over the data part and keeps the CRC field. */
  private takeBody(part: Uint8Array): void {
    const dataLeft = Math.max(0, this.remaining - 4);
    const data = Math.min(dataLeft, part.length);
    if (this.mode !== 'pass') {
      this.crc = updateCrc(this.crc, part, 0, data);
      for (let i = data; i < part.length; i++) this.storedCrc[4 - (this.remaining - i)] = part[i] as number;
    }
    this.remaining -= part.length;
  }

  private finishChunk(out: Uint8Array[]): void {
    if (this.mode !== 'pass' && (this.crc ^ 0xffffffff) >>> 0 !== view(this.storedCrc).getUint32(0)) {
      throw new PngFormatError(`bad CRC in chunk ${this.type} at byte ${this.chunkStart}`);
    }
    if (this.mode === 'hold') {
      const whole = concatBytes(this.held);
      if (chunkKeyword(whole.subarray(8, 8 + this.length))?.keyword !== this.keyword) {
        for (const part of this.held) emit(out, part);
      }
      this.held = [];
    }
    if (this.chunkCount === 1) emit(out, this.chunk);
    this.state = this.type === 'IEND' ? 'done' : 'header';
    this.headerFill = 0;
  }
}

/** Adds a piece, joined to the last when both view one buffer end to end, so that a whole image stays a few views. */
function emit(out: Uint8Array[], piece: Uint8Array): void {
  if (piece.length === 0) return;
  const last = out[out.length - 1];
  if (last && last.buffer === piece.buffer && last.byteOffset + last.byteLength === piece.byteOffset) {
    out[out.length - 1] = new Uint8Array(last.buffer, last.byteOffset, last.byteLength + piece.byteLength);
    return;
  }
  out.push(piece);
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

function textChunks(png: Uint8Array): ParsedText[] {
  // Only the text chunks' CRCs matter here; skipping IDAT's keeps a gallery scan cheap.
  const chunks = walkChunks(png, (type) => TEXT_CHUNK_TYPES.has(type));
  const out: ParsedText[] = [];
  for (const chunk of chunks) {
    if (!TEXT_CHUNK_TYPES.has(chunk.type)) continue;
    const parsed = parseTextChunk(chunk);
    if (parsed) out.push(parsed);
  }
  return out;
}

/**
 * The uncompressed text chunks (tEXt, and iTXt without compression) by keyword;
 * compressed ones are skipped (use readPngText). When a keyword appears twice the first
 * chunk wins, as it is the one a streaming reader sees.
 */
export function readPngTextSync(png: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of textChunks(png)) {
    if ('text' in t && !out.has(t.keyword)) out.set(t.keyword, t.text);
  }
  return out;
}

/**
 * Every text chunk (tEXt as Latin-1, zTXt, iTXt compressed or not) by keyword; the first
 * chunk of a keyword wins. Throws a PngFormatError for a chunk that does not inflate.
 */
export async function readPngText(png: Uint8Array): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const t of textChunks(png)) {
    if (out.has(t.keyword)) continue;
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
