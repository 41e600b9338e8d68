/**
 * What a download is, from its bytes alone: providers' Content-Type headers are not to
 * be trusted (an error page served as image/png, a PNG served as octet-stream), and the
 * saved file's extension must match what is inside it.
 */
import { isPng, readChunks } from './pngChunks';

export type ImageFormat = 'png' | 'jpeg' | 'webp';

export interface SniffedImage {
  readonly format: ImageFormat;
  readonly ext: 'png' | 'jpg' | 'webp';
  readonly mime: 'image/png' | 'image/jpeg' | 'image/webp';
}

const PNG: SniffedImage = { format: 'png', ext: 'png', mime: 'image/png' };
const JPEG: SniffedImage = { format: 'jpeg', ext: 'jpg', mime: 'image/jpeg' };
const WEBP: SniffedImage = { format: 'webp', ext: 'webp', mime: 'image/webp' };

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((b, i) => bytes[at + i] === b);
}

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

const RIFF = ascii('RIFF');
const WEBP_TAG = ascii('WEBP');

function isJpegStart(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0xff, 0xd8, 0xff]);
}

function isWebpStart(bytes: Uint8Array): boolean {
  return startsWith(bytes, RIFF) && startsWith(bytes, WEBP_TAG, 8);
}

/** The image format by magic number, or undefined when the bytes are not PNG, JPEG or WebP. */
export function sniffImage(bytes: Uint8Array): SniffedImage | undefined {
  if (isPng(bytes)) return PNG;
  if (isJpegStart(bytes)) return JPEG;
  if (isWebpStart(bytes)) return WEBP;
  return undefined;
}

/**
 * Whether an image of the given format is all there, to refuse a download cut short:
 * a PNG's chunks run whole up to IEND; a JPEG ends with the EOI marker FF D9 (zero
 * padding after it is allowed, some servers pad); a WebP is at least as long as its
 * RIFF header says. Bytes after the end of the image do not make it incomplete.
 */
export function isComplete(bytes: Uint8Array, format: ImageFormat): boolean {
  switch (format) {
    case 'png':
      try {
        readChunks(bytes, { checkCrc: false });
        return true;
      } catch {
        return false;
      }
    case 'jpeg': {
      if (!isJpegStart(bytes)) return false;
      let end = bytes.length;
      while (end > 0 && bytes[end - 1] === 0) end--;
      // Past the SOI marker, so that FF D8 FF D9 alone does not count as an image.
      return end > 4 && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
    }
    case 'webp': {
      if (!isWebpStart(bytes)) return false;
      const riffSize = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
      return riffSize >= 4 && bytes.length >= riffSize + 8;
    }
    default: {
      const unknown: never = format;
      throw new Error(`unknown image format ${String(unknown)}`);
    }
  }
}

const FORMAT_NAMES: Record<ImageFormat, string> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP' };

// How much of the start is decoded to tell kinds of text apart.
const TEXT_PREFIX = 4096;

/**
 * A short phrase for what the bytes are, for error messages about a response that is not
 * a usable image: "an HTML page", "JSON text", "a GIF image", "a truncated PNG image",
 * "an empty response", … or "N bytes of unknown data". Meant to be read after "got".
 */
export function describeNonImage(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'an empty response';
  const image = sniffImage(bytes);
  if (image) {
    const name = FORMAT_NAMES[image.format];
    return isComplete(bytes, image.format) ? `a ${name} image` : `a truncated ${name} image`;
  }
  const other = otherBinary(bytes);
  if (other) return other;
  const text = decodeTextPrefix(bytes);
  if (text !== undefined) return describeText(text);
  return unknownData(bytes.length);
}

function unknownData(length: number): string {
  return length === 1 ? '1 byte of unknown data' : `${length} bytes of unknown data`;
}

function otherBinary(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'a GIF image';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'a TIFF image';
  if (startsWith(bytes, ascii('ftyp'), 4)) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    if (brand === 'avif' || brand === 'avis') return 'an AVIF image';
    if (/^(heic|heix|hevc|heim|heis|mif1|msf1)$/.test(brand)) return 'a HEIF image';
    return 'an MP4/QuickTime file';
  }
  if (startsWith(bytes, RIFF)) return 'a RIFF file that is not WebP';
  // BMP's "BM" is too short to be sure of on its own; the reserved fields are zero.
  if (startsWith(bytes, ascii('BM')) && bytes.length >= 14 && bytes[6] === 0 && bytes[7] === 0 && bytes[8] === 0 && bytes[9] === 0) {
    return 'a BMP image';
  }
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00]) && bytes.length >= 6 && bytes[4] !== 0) return 'an ICO icon';
  if (startsWith(bytes, ascii('%PDF-'))) return 'a PDF document';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'gzip-compressed data';
  if (startsWith(bytes, ascii('PK')) && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6)) return 'a ZIP archive';
  return undefined;
}

/** The start of the bytes as text, or undefined when they are not UTF-8 text. */
function decodeTextPrefix(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    // `stream: true` lets a multi-byte character cut in two at the end pass.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, TEXT_PREFIX), { stream: bytes.length > TEXT_PREFIX });
  } catch {
    return undefined;
  }
  // Text has no NULs and few control characters besides tab, CR, LF and form feed.
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return undefined;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f) controls++;
  }
  return controls * 20 > text.length ? undefined : text.replace(/^\uFEFF/, '');
}

function describeText(raw: string): string {
  const text = raw.trimStart();
  if (text === '') return 'blank text';
  const head = text.slice(0, 1024).toLowerCase();
  if (head.startsWith('<')) {
    if (/^<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<title[\s>]/.test(head)) return 'an HTML page';
    if (/<svg[\s>]/.test(head)) return 'an SVG image';
    if (head.startsWith('<?xml')) return 'an XML document';
    return 'an HTML page';
  }
  if (/^"?data:image\/[a-z0-9.+-]+;base64,/.test(head)) return 'a data: URL of an image';
  // A provider answering with base64 where bytes were expected: the case to decode.
  if (/^"?(ivborw0kggo|\/9j\/|uklgr)[a-z0-9+/=\s]*"?$/.test(head)) return 'base64-encoded image text';
  if (/^[{[]/.test(text)) {
    if (isJson(raw) || /^(\{\s*("|\})|\[\s*([[{"\d\]-]|true|false|null))/.test(text)) return 'JSON text';
  }
  return 'plain text';
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
