/**
 * The `parameters` text of a PNG from the start of the file only. Imagesmith puts its
 * iTXt right after IHDR and A1111 writes tEXt before the image data, so the chunks
 * before the first IDAT are enough: a gallery of large images reads a few kilobytes
 * of each instead of megabytes.
 */
import { chunkData, chunkEnd, isPng, PngTruncatedError, TEXT_CHUNK_TYPES, walkChunks, type PngChunk } from '../../core/pngChunks';
import { decodeTextChunks, PARAMETERS_KEYWORD } from '../../core/pngText';

export type HeadScan =
  | { readonly kind: 'found'; readonly text: string | undefined }
  /** The text chunks go on past what was read: read at least `need` bytes and scan again. */
  | { readonly kind: 'more'; readonly need: number }
  | { readonly kind: 'unreadable' };

/** Read past a chunk header that was cut off, so that a few more headers come with it. */
const READ_AHEAD = 4096;

/**
 * Looks for the `parameters` text in the chunks before the first IDAT. `complete`
 * says that `bytes` is the whole file, so running out of bytes is the end, not a
 * reason to read more.
 */
export async function scanPngHead(bytes: Uint8Array, complete = false): Promise<HeadScan> {
  if (!isPng(bytes)) return bytes.length < 8 && !complete ? { kind: 'more', need: 8 } : { kind: 'unreadable' };
  const texts: PngChunk[] = [];
  try {
    for (const header of walkChunks(bytes)) {
      if (header.type === 'IDAT' || header.type === 'IEND') break;
      // Other chunks are stepped over unread, however long they are.
      if (!TEXT_CHUNK_TYPES.has(header.type)) continue;
      const end = chunkEnd(header);
      if (end > bytes.length) return complete ? { kind: 'unreadable' } : { kind: 'more', need: end + 8 };
      texts.push({ type: header.type, offset: header.offset, data: chunkData(bytes, header, true) });
    }
  } catch (error) {
    if (!(error instanceof PngTruncatedError)) return { kind: 'unreadable' };
    // A chunk header cut off: read on, unless this is the whole file, whose text so far is all there is.
    if (!complete) return { kind: 'more', need: error.need + READ_AHEAD };
  }
  try {
    return { kind: 'found', text: (await decodeTextChunks(texts)).get(PARAMETERS_KEYWORD) };
  } catch {
    return { kind: 'unreadable' };
  }
}
