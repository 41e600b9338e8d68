import * as l10n from '@vscode/l10n';
import { ImagesmithError } from './errors';
import type { HttpClient } from './http';

/**
 * Base64 image text as providers send it: plain, as a data URL, broken into lines, or in
 * the URL-safe alphabet. Strict, because Node's decoder silently skips what is not base64
 * (AIThriving's own example writes the placeholder text "base64 encoded image data").
 */
export function decodeBase64Image(text: string): Uint8Array | undefined {
  const payload = text.startsWith('data:') ? text.slice(text.indexOf(',') + 1) : text;
  // Each rewrite copies megabytes, so line breaks are taken out only when decoding as is fails.
  return decodeStrict(payload) ?? (/[\r\n]/.test(payload) ? decodeStrict(payload.replace(/[\r\n]+/g, '')) : undefined);
}

function decodeStrict(payload: string): Uint8Array | undefined {
  const unpadded = payload.endsWith('==') ? payload.length - 2 : payload.endsWith('=') ? payload.length - 1 : payload.length;
  if (unpadded === 0 || unpadded % 4 === 1) return undefined;
  // Node's decoder reads both alphabets, stops at "=" and skips anything else, so a byte
  // count short of what the length promises is how text that is not base64 shows.
  const bytes = Buffer.from(payload, 'base64');
  if (bytes.length !== Math.floor((unpadded * 3) / 4)) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/**
 * An image a provider sent as base64 text, or the error that says why not. The size is
 * checked before decoding, so that an oversized answer costs no second copy.
 */
export function imageFromBase64(text: string, http: HttpClient): Uint8Array {
  if ((text.length * 3) / 4 > http.limits.maxImageBytes) throw http.imageTooLarge();
  const bytes = decodeBase64Image(text);
  if (!bytes) {
    throw new ImagesmithError('not-an-image', l10n.t('{0} sent an image that is not valid base64. Try again.', http.provider), { provider: http.provider });
  }
  return bytes;
}

/** Bytes as base64 text, for JSON bodies that carry images (AUTOMATIC1111's init_images). */
export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
