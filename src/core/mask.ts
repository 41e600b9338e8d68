/**
 * Masks for inpainting, read from a PNG and written in the form each provider expects.
 * One rule for what a mask file means, so that a mask made for one provider works with
 * every other: a mask with transparent pixels marks what to repaint by transparency (as
 * OpenAI defines it); an opaque one marks it in white (as AUTOMATIC1111, Stability AI
 * and ComfyUI read it).
 */
import * as l10n from '@vscode/l10n';
import { deflateSync, inflateSync } from 'node:zlib';
import { ImagesmithError } from './errors';
import { crc32, PNG_SIGNATURE, readChunks } from './pngChunks';

/** How much of each pixel is to be repainted, 0 (keep) to 255 (repaint), row by row. */
export interface Mask {
  readonly width: number;
  readonly height: number;
  readonly coverage: Uint8Array;
}

/** Larger than any image a provider takes; a mask must not fill memory when decoded. */
const MAX_PIXELS = 64 * 1024 * 1024;

interface Decoded {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  /** 8-bit samples, `channels` a pixel, palette already applied. */
  readonly pixels: Uint8Array;
}

function bad(why: string): ImagesmithError {
  return new ImagesmithError('invalid-input', l10n.t('{0} Paint the mask again, or give a PNG with white (or transparent) pixels where the image is to change.', why), {
    parameter: 'mask',
  });
}

/** An 8-bit (or 16-bit, taken to 8) non-interlaced PNG of any colour type, as pixels. */
export function decodePng(png: Uint8Array): Decoded {
  let chunks;
  try {
    chunks = readChunks(png);
  } catch {
    throw bad(l10n.t('The mask is not a PNG.'));
  }
  const ihdr = chunks.find((c) => c.type === 'IHDR')?.data;
  if (!ihdr || ihdr.byteLength < 13) throw bad(l10n.t('The mask is not a PNG.'));
  const view = new DataView(ihdr.buffer, ihdr.byteOffset, ihdr.byteLength);
  const width = view.getUint32(0);
  const height = view.getUint32(4);
  const depth = ihdr[8] ?? 0;
  const colour = ihdr[9] ?? 0;
  const interlaced = ihdr[12] ?? 0;
  const channelsOf: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
  const samples = channelsOf[colour];
  if (samples === undefined || ![1, 2, 4, 8, 16].includes(depth)) throw bad(l10n.t('The mask is a PNG of a kind Imagesmith cannot read.'));
  if (interlaced !== 0) throw bad(l10n.t('The mask is an interlaced PNG; save it without interlacing.'));
  if (width === 0 || height === 0 || width * height > MAX_PIXELS) throw bad(l10n.t('The mask is {0}×{1} pixels, too large to read.', width, height));
  const data = chunks.filter((c) => c.type === 'IDAT').map((c) => c.data);
  let raw: Uint8Array;
  try {
    raw = inflateSync(Buffer.concat(data));
  } catch {
    throw bad(l10n.t('The mask is a damaged PNG.'));
  }
  const bitsPerPixel = samples * depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  if (raw.byteLength < (stride + 1) * height) throw bad(l10n.t('The mask is a damaged PNG.'));
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] ?? 0;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = rows.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? rows.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? (out[x - bpp] ?? 0) : 0;
      const b = up[x] ?? 0;
      const c = x >= bpp ? (up[x - bpp] ?? 0) : 0;
      const v = line[x] ?? 0;
      let predicted = 0;
      if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw bad(l10n.t('The mask is a damaged PNG.'));
      out[x] = (v + predicted) & 0xff;
    }
  }
  const palette = chunks.find((c) => c.type === 'PLTE')?.data;
  const trns = chunks.find((c) => c.type === 'tRNS')?.data;
  const channels = colour === 3 ? 4 : samples;
  const pixels = new Uint8Array(width * height * channels);
  const sample = (y: number, index: number): number => {
    if (depth === 8) return rows[y * stride + index] ?? 0;
    if (depth === 16) return rows[y * stride + index * 2] ?? 0;
    const perByte = 8 / depth;
    const byte = rows[y * stride + Math.floor(index / perByte)] ?? 0;
    const shift = 8 - depth * ((index % perByte) + 1);
    const value = (byte >> shift) & ((1 << depth) - 1);
    return colour === 3 ? value : Math.round((value * 255) / ((1 << depth) - 1));
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * channels;
      if (colour === 3) {
        const index = sample(y, x);
        pixels[at] = palette?.[index * 3] ?? 0;
        pixels[at + 1] = palette?.[index * 3 + 1] ?? 0;
        pixels[at + 2] = palette?.[index * 3 + 2] ?? 0;
        pixels[at + 3] = trns?.[index] ?? 255;
      } else {
        for (let s = 0; s < samples; s++) pixels[at + s] = sample(y, x * samples + s);
      }
    }
  }
  return { width, height, channels, pixels };
}

/**
 * A mask file as coverage. With some pixel not fully opaque, transparency marks what is
 * repainted; otherwise brightness does (white repaints, black keeps).
 */
export function readMask(png: Uint8Array): Mask {
  const { width, height, channels, pixels } = decodePng(png);
  const count = width * height;
  const coverage = new Uint8Array(count);
  const hasAlpha = channels === 2 || channels === 4;
  let transparent = false;
  if (hasAlpha) {
    for (let i = 0; i < count && !transparent; i++) transparent = (pixels[i * channels + channels - 1] ?? 255) < 255;
  }
  for (let i = 0; i < count; i++) {
    const at = i * channels;
    if (transparent) {
      coverage[i] = 255 - (pixels[at + channels - 1] ?? 255);
    } else if (channels >= 3) {
      coverage[i] = Math.round(0.299 * (pixels[at] ?? 0) + 0.587 * (pixels[at + 1] ?? 0) + 0.114 * (pixels[at + 2] ?? 0));
    } else {
      coverage[i] = pixels[at] ?? 0;
    }
  }
  return { width, height, coverage };
}

/** Whether the mask repaints anything at all: an empty mask would send the image back unchanged (and be billed). */
export function maskIsEmpty(mask: Mask): boolean {
  return mask.coverage.every((value) => value === 0);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.byteLength);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.byteLength, crc32(out.subarray(4, 8 + data.byteLength)));
  return out;
}

function encodePng(width: number, height: number, colour: 0 | 6, pixels: Uint8Array): Uint8Array {
  const channels = colour === 6 ? 4 : 1;
  const stride = width * channels;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8;
  ihdr[9] = colour;
  const parts = [PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))];
  return Buffer.concat(parts);
}

/** Black and white, white where the image is repainted: AUTOMATIC1111, Stability AI and ComfyUI's LoadImageMask (channel red). */
export function whiteMaskPng(mask: Mask): Uint8Array {
  return encodePng(mask.width, mask.height, 0, mask.coverage);
}

/** RGBA, fully transparent where the image is repainted and opaque black elsewhere: OpenAI's edits. */
export function alphaMaskPng(mask: Mask): Uint8Array {
  const pixels = new Uint8Array(mask.width * mask.height * 4);
  for (let i = 0; i < mask.coverage.length; i++) pixels[i * 4 + 3] = 255 - (mask.coverage[i] ?? 0);
  return encodePng(mask.width, mask.height, 6, pixels);
}
