/**
 * Puts the generation parameters into a PNG as it is written: the streaming side of
 * pngText.ts, checking each chunk header as pngChunks.ts's walker does.
 */

import { concatBytes } from './bytes';
import { dataView, finishCrc, PNG_SIGNATURE, PngFormatError, readChunkHeader, TEXT_CHUNK_TYPES, updateCrc } from './pngChunks';
import { chunkKeyword, iTXtChunk } from './pngText';

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

  constructor(
    private readonly keyword: string,
    text: string,
  ) {
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
        this.offset += n;
        at += n;
        if (this.offset === PNG_SIGNATURE.length) this.state = 'header';
      } else if (this.state === 'header') {
        const n = Math.min(8 - this.headerFill, available);
        this.header.set(bytes.subarray(at, at + n), this.headerFill);
        // A header that arrived whole is written as a view; one split across parts as a copy.
        const whole = this.headerFill === 0 && n === 8;
        this.headerFill += n;
        this.offset += n;
        at += n;
        if (this.headerFill === 8) this.startChunk(out, whole ? bytes.subarray(at - 8, at) : this.header.slice());
      } else {
        const n = Math.min(this.remaining, available);
        const part = bytes.subarray(at, at + n);
        this.takeBody(part);
        if (this.mode === 'hold') this.held.push(part);
        else emit(out, part);
        this.offset += n;
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

  private startChunk(out: Uint8Array[], header: Uint8Array): void {
    this.chunkStart = this.offset - 8;
    const { type, length } = readChunkHeader(this.header, 0, this.chunkStart, this.chunkCount === 0);
    this.chunkCount += 1;
    this.type = type;
    this.length = length;
    this.remaining = length + 4;
    this.mode = type === 'IDAT' ? 'pass' : TEXT_CHUNK_TYPES.has(type) ? 'hold' : 'check';
    this.crc = updateCrc(0xffffffff, this.header, 4, 8);
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
    if (this.mode !== 'pass' && finishCrc(this.crc) !== dataView(this.storedCrc).getUint32(0)) {
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
