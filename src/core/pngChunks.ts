/**
 * PNG chunks: the signature, the CRC and the one walker that every reader of a PNG's
 * structure goes through (the validating reader, the streaming text inserter, the
 * gallery's head reader).
 *
 * Plain Uint8Array/DataView code, no Buffer and no `vscode`, so that the same module
 * can run in the extension host, in a webview and in the unit tests.
 */

export const PNG_SIGNATURE: Uint8Array = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** The chunk types that hold text: what a keyword may live in. */
export const TEXT_CHUNK_TYPES: ReadonlySet<string> = new Set(['tEXt', 'zTXt', 'iTXt']);

// The spec caps chunk lengths at 2^31 - 1 so that they fit a signed 32-bit integer.
export const MAX_CHUNK_LENGTH = 0x7fffffff;

/** A chunk as found in the file; `data` is a view into the bytes given, not a copy. */
export interface PngChunk {
  readonly type: string;
  readonly data: Uint8Array;
  /** Where the chunk (its length field) starts in the file. */
  readonly offset: number;
}

/** A chunk's 8-byte header, checked: its type, its data's length and where it starts. */
export interface ChunkHeader {
  readonly type: string;
  readonly length: number;
  readonly offset: number;
}

export interface ReadChunksOptions {
  /**
   * Check every chunk's CRC (the default). Turning it off leaves only the structural
   * checks, which is all that is needed to tell whether a download is complete; a
   * function picks the chunk types whose CRC is checked.
   */
  readonly checkCrc?: boolean | ((type: string) => boolean);
}

/** A PNG that cannot be read: the message names the problem and where it is. */
export class PngFormatError extends Error {
  override readonly name = 'PngFormatError';
}

/** A PNG whose bytes stop short: the first `need` bytes would take the reader past the point where they ran out. */
export class PngTruncatedError extends PngFormatError {
  constructor(
    message: string,
    readonly need: number,
  ) {
    super(message);
  }
}

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

/** Runs the CRC register over `bytes[start, end)`; start with 0xffffffff and finish with `finishCrc`. */
export function updateCrc(crc: number, bytes: Uint8Array, start: number, end: number): number {
  const table = getCrcTable();
  let c = crc;
  for (let i = start; i < end; i++) {
    // Both indexes are in range by construction; `!` spares a branch in the hot loop.
    c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  }
  return c;
}

export function finishCrc(crc: number): number {
  return (crc ^ 0xffffffff) >>> 0;
}

/** The CRC-32 used by PNG (and zlib, gzip, zip), as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
  return finishCrc(updateCrc(0xffffffff, bytes, 0, bytes.length));
}

export function dataView(bytes: Uint8Array): DataView {
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
 * Checks the chunk header held at `header[at, at + 8)`, which sits at `offset` in the
 * file; `first` says whether it is the file's first chunk (which must be IHDR). Throws a
 * PngFormatError for a bad type, a bad length or a first chunk that is not IHDR.
 */
export function readChunkHeader(header: Uint8Array, at: number, offset: number, first: boolean): ChunkHeader {
  const type = typeAt(header, at + 4);
  if (type === undefined) throw new PngFormatError(`bad chunk type at byte ${offset + 4}`);
  const length = dataView(header).getUint32(at);
  if (length > MAX_CHUNK_LENGTH) throw new PngFormatError(`bad length ${length} in chunk ${type} at byte ${offset}`);
  if (first && type !== 'IHDR') throw new PngFormatError(`the first chunk is ${type}, not IHDR`);
  return { type, length, offset };
}

/**
 * The chunk headers from the signature to IEND (anything after IEND is ignored), each
 * checked as readChunkHeader does. It reads headers only, so a caller that skips a
 * chunk's data never needs those bytes; chunkData reads and checks the data. Throws a
 * PngFormatError for a missing signature, and a PngTruncatedError where the bytes end
 * before IEND.
 */
export function* walkChunks(bytes: Uint8Array): Generator<ChunkHeader, void, undefined> {
  if (!isPng(bytes)) throw new PngFormatError('not a PNG: the PNG signature is missing');
  let offset = PNG_SIGNATURE.length;
  for (let first = true; ; first = false) {
    if (offset >= bytes.length) {
      throw new PngTruncatedError(`truncated PNG: it ends at byte ${bytes.length} without an IEND chunk`, offset + 8);
    }
    if (offset + 8 > bytes.length) {
      const type = typeAt(bytes, offset + 4);
      throw new PngTruncatedError(type ? `truncated chunk ${type} at byte ${offset}` : `truncated chunk at byte ${offset}`, offset + 8);
    }
    const header = readChunkHeader(bytes, offset, offset, first);
    yield header;
    if (header.type === 'IEND') return;
    offset = chunkEnd(header);
  }
}

/** Where a chunk ends in the file: past its data and CRC. */
export function chunkEnd(header: ChunkHeader): number {
  return header.offset + 12 + header.length;
}

/** The data of a chunk walkChunks found, its CRC checked when `checkCrc`; a PngTruncatedError when it runs past the bytes. */
export function chunkData(bytes: Uint8Array, header: ChunkHeader, checkCrc: boolean): Uint8Array {
  const { type, length, offset } = header;
  const dataStart = offset + 8;
  const end = chunkEnd(header);
  if (end > bytes.length) throw new PngTruncatedError(`truncated chunk ${type} at byte ${offset}`, end);
  if (checkCrc) {
    const expected = dataView(bytes).getUint32(dataStart + length);
    if (finishCrc(updateCrc(0xffffffff, bytes, offset + 4, dataStart + length)) !== expected) {
      throw new PngFormatError(`bad CRC in chunk ${type} at byte ${offset}`);
    }
  }
  return bytes.subarray(dataStart, dataStart + length);
}

/**
 * The chunks of a PNG, validated (see ReadChunksOptions); `data` views the input. Throws
 * a PngFormatError for what walkChunks and chunkData refuse.
 */
export function readChunks(bytes: Uint8Array, options: ReadChunksOptions = {}): PngChunk[] {
  const check = options.checkCrc ?? true;
  const chunks: PngChunk[] = [];
  for (const header of walkChunks(bytes)) {
    const data = chunkData(bytes, header, typeof check === 'function' ? check(header.type) : check);
    chunks.push({ type: header.type, data, offset: header.offset });
  }
  return chunks;
}

/** The image's dimensions, from IHDR, without reading the rest of the file. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  if (!isPng(png)) throw new PngFormatError('not a PNG: the PNG signature is missing');
  if (png.length < 8 + 8 + 13 + 4) throw new PngFormatError('truncated chunk IHDR at byte 8');
  const dv = dataView(png);
  if (typeAt(png, 12) !== 'IHDR' || dv.getUint32(8) !== 13) {
    throw new PngFormatError('the first chunk is not a valid IHDR');
  }
  return { width: dv.getUint32(16), height: dv.getUint32(20) };
}

/** A whole chunk (length, type, data and CRC). */
export function makeChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = dataView(out);
  dv.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  dv.setUint32(8 + data.length, finishCrc(updateCrc(0xffffffff, out, 4, 8 + data.length)));
  return out;
}
