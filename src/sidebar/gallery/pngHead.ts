/**
 * The `parameters` text of a PNG from the start of the file only. Imagesmith puts its
 * iTXt right after IHDR and A1111 writes tEXt before the image data, so the chunks
 * before the first IDAT are enough: a gallery of large images reads a few kilobytes
 * of each instead of megabytes.
 */
import { isPng, PARAMETERS_KEYWORD, readPngText } from '../../core/png';

export type HeadScan =
  | { readonly kind: 'found'; readonly text: string | undefined }
  /** The text chunks go on past what was read: read at least `need` bytes and scan again. */
  | { readonly kind: 'more'; readonly need: number }
  | { readonly kind: 'unreadable' };

const TEXT_TYPES = new Set(['tEXt', 'zTXt', 'iTXt']);
const IEND = Uint8Array.of(0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82);

function chunkType(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);
}

/**
 * Looks for the `parameters` text in the chunks before the first IDAT. `complete`
 * says that `bytes` is the whole file, so running out of bytes is the end, not a
 * reason to read more.
 */
export async function scanPngHead(bytes: Uint8Array, complete = false): Promise<HeadScan> {
  if (!isPng(bytes)) return bytes.length < 8 && !complete ? { kind: 'more', need: 8 } : { kind: 'unreadable' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [];
  let offset = 8;
  for (;;) {
    if (offset + 8 > bytes.length) {
      if (complete) break;
      return { kind: 'more', need: offset + 8 + 4096 };
    }
    const length = view.getUint32(offset);
    const type = chunkType(bytes, offset + 4);
    if (offset === 8 && type !== 'IHDR') return { kind: 'unreadable' };
    if (type === 'IDAT' || type === 'IEND') break;
    const end = offset + 12 + length;
    if (type === 'IHDR' || TEXT_TYPES.has(type)) {
      if (end > bytes.length) return complete ? { kind: 'unreadable' } : { kind: 'more', need: end + 8 };
      kept.push(bytes.subarray(offset, end));
    }
    offset = end;
  }
  // The chunks kept, closed with IEND, make a small PNG that the core's reader checks and decodes.
  const size = kept.reduce((sum, chunk) => sum + chunk.length, 8 + IEND.length);
  const mini = new Uint8Array(size);
  mini.set(bytes.subarray(0, 8), 0);
  let at = 8;
  for (const chunk of kept) {
    mini.set(chunk, at);
    at += chunk.length;
  }
  mini.set(IEND, at);
  try {
    return { kind: 'found', text: (await readPngText(mini)).get(PARAMETERS_KEYWORD) };
  } catch {
    return { kind: 'unreadable' };
  }
}
