/**
 * ICO files with PNG entries (what every browser and Windows since Vista read): a
 * 6-byte header, a 16-byte directory entry per image, then the PNGs.
 */
import { pngSize } from '../pngChunks';

export interface IcoEntry {
  readonly width: number;
  readonly height: number;
  /** The entry's image: a PNG here. */
  readonly bytes: Uint8Array;
}

const HEADER = 6;
const DIR_ENTRY = 16;

/** An ICO holding the given PNGs, smallest first; sides above 256 cannot be stored. */
export function writeIco(pngs: readonly Uint8Array[]): Uint8Array {
  const entries = pngs.map((bytes) => ({ bytes, ...pngSize(bytes) })).sort((a, b) => a.width - b.width);
  for (const entry of entries) {
    if (entry.width > 256 || entry.height > 256) throw new RangeError(`an ICO entry is at most 256×256, not ${entry.width}×${entry.height}`);
  }
  const size = HEADER + DIR_ENTRY * entries.length + entries.reduce((sum, entry) => sum + entry.bytes.byteLength, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0, true); // reserved
  view.setUint16(2, 1, true); // 1 = icon
  view.setUint16(4, entries.length, true);
  let offset = HEADER + DIR_ENTRY * entries.length;
  entries.forEach((entry, index) => {
    const at = HEADER + DIR_ENTRY * index;
    view.setUint8(at, entry.width === 256 ? 0 : entry.width);
    view.setUint8(at + 1, entry.height === 256 ? 0 : entry.height);
    view.setUint8(at + 2, 0); // no palette
    view.setUint8(at + 3, 0);
    view.setUint16(at + 4, 1, true); // colour planes
    view.setUint16(at + 6, 32, true); // bits per pixel
    view.setUint32(at + 8, entry.bytes.byteLength, true);
    view.setUint32(at + 12, offset, true);
    out.set(entry.bytes, offset);
    offset += entry.bytes.byteLength;
  });
  return out;
}

/** The entries of an ICO file, as its directory describes them; throws on a file that is not one. */
export function readIco(bytes: Uint8Array): IcoEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER || view.getUint16(0, true) !== 0 || view.getUint16(2, true) !== 1) throw new Error('not an ICO file');
  const count = view.getUint16(4, true);
  const entries: IcoEntry[] = [];
  for (let index = 0; index < count; index++) {
    const at = HEADER + DIR_ENTRY * index;
    if (at + DIR_ENTRY > bytes.byteLength) throw new Error('the ICO directory is cut short');
    const length = view.getUint32(at + 8, true);
    const offset = view.getUint32(at + 12, true);
    if (offset + length > bytes.byteLength) throw new Error(`ICO entry ${index} lies past the end of the file`);
    entries.push({ width: view.getUint8(at) || 256, height: view.getUint8(at + 1) || 256, bytes: bytes.subarray(offset, offset + length) });
  }
  return entries;
}
