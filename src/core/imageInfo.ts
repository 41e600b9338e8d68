/**
 * What an image file really is, read from its bytes: format, pixel size and whether it
 * has an alpha channel. Reported as written, not as requested: a provider asked for a
 * transparent background may still send an opaque image.
 */
import { sniffImage, type ImageFormat } from './imageFormat';
import { PngFormatError, readChunks } from './pngChunks';

export interface ImageInfo {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  /** An alpha channel, or a PNG transparency chunk (tRNS). */
  readonly alpha: boolean;
}

/** The image's format, size and alpha, or undefined when the bytes are not a PNG, JPEG or WebP it can read. */
export function imageInfo(bytes: Uint8Array): ImageInfo | undefined {
  const kind = sniffImage(bytes);
  if (!kind) return undefined;
  try {
    switch (kind.format) {
      case 'png':
        return pngInfo(bytes);
      case 'jpeg':
        return jpegInfo(bytes);
      case 'webp':
        return webpInfo(bytes);
      default: {
        const unknown: never = kind.format;
        throw new Error(`unknown image format ${String(unknown)}`);
      }
    }
  } catch (error) {
    // Cut short or damaged: nothing to report rather than a guess.
    if (error instanceof RangeError || error instanceof PngFormatError) return undefined;
    throw error;
  }
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Colour types 4 (grey + alpha) and 6 (RGBA) carry alpha; the others may have a tRNS chunk. */
function pngInfo(bytes: Uint8Array): ImageInfo | undefined {
  const chunks = readChunks(bytes, { checkCrc: false });
  const header = chunks[0];
  if (header?.type !== 'IHDR' || header.data.length < 13) return undefined;
  const dv = view(header.data);
  const colourType = header.data[9];
  const alpha = colourType === 4 || colourType === 6 || chunks.some((chunk) => chunk.type === 'tRNS');
  return { format: 'png', width: dv.getUint32(0), height: dv.getUint32(4), alpha };
}

/** The size from the first start-of-frame marker (SOF0–SOF15 but DHT, JPG and DAC); JPEG has no alpha. */
function jpegInfo(bytes: Uint8Array): ImageInfo | undefined {
  const dv = view(bytes);
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    // Markers without a length: TEM, RSTn, SOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      offset += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined;
    const length = dv.getUint16(offset + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { format: 'jpeg', height: dv.getUint16(offset + 5), width: dv.getUint16(offset + 7), alpha: false };
    }
    offset += 2 + length;
  }
  return undefined;
}

/** VP8 (lossy, no alpha), VP8L (lossless, an alpha bit) or VP8X (extended, an alpha flag). */
function webpInfo(bytes: Uint8Array): ImageInfo | undefined {
  const dv = view(bytes);
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  const data = 20;
  switch (chunk) {
    case 'VP8 ':
      // Frame tag (3 bytes), start code (3 bytes), then 14-bit width and height.
      return { format: 'webp', width: dv.getUint16(data + 6, true) & 0x3fff, height: dv.getUint16(data + 8, true) & 0x3fff, alpha: false };
    case 'VP8L': {
      if (bytes[data] !== 0x2f) return undefined;
      const bits = dv.getUint32(data + 1, true);
      return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1 };
    }
    case 'VP8X': {
      const flags = bytes[data] ?? 0;
      const width = 1 + ((bytes[data + 4] ?? 0) | ((bytes[data + 5] ?? 0) << 8) | ((bytes[data + 6] ?? 0) << 16));
      const height = 1 + ((bytes[data + 7] ?? 0) | ((bytes[data + 8] ?? 0) << 8) | ((bytes[data + 9] ?? 0) << 16));
      return { format: 'webp', width, height, alpha: (flags & 0x10) !== 0 };
    }
    default:
      return undefined;
  }
}
