import { ImagesmithError } from './errors';
import type { HttpClient } from './http';

/**
 * Base64 image text as providers send it: plain, as a data URL, broken into lines, or in
 * the URL-safe alphabet. Strict, because Node's decoder silently skips what is not base64
 * (AIThriving's own example writes the placeholder text "base64 encoded image data").
 */
export function decodeBase64Image(text: string): Uint8Array | undefined {
  const payload = text.replace(/^data:[^,]*;base64,/, '').replace(/[\r\n]+/g, '');
  const standard = payload.replace(/-/g, '+').replace(/_/g, '/');
  if (standard.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(standard) || standard.length % 4 === 1) return undefined;
  return new Uint8Array(Buffer.from(standard, 'base64'));
}

/**
 * An image a provider sent as base64 text, or the error that says why not. The size is
 * checked before decoding, so that an oversized answer costs no second copy.
 */
export function imageFromBase64(text: string, http: HttpClient): Uint8Array {
  if ((text.length * 3) / 4 > http.limits.maxImageBytes) throw http.imageTooLarge();
  const bytes = decodeBase64Image(text);
  if (!bytes) {
    throw new ImagesmithError('not-an-image', `${http.provider} sent an image that is not valid base64. Try again.`, { provider: http.provider });
  }
  return bytes;
}
