/**
 * What an HTTP answer holds once read: the shapes the transport (http.ts) hands to the
 * providers, and the header and JSON readings that both it and the providers' error
 * wording (providerErrors.ts) need.
 */

export type Headers = Readonly<Record<string, string | string[] | undefined>>;

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed body, or undefined when it was not JSON (see `text`). */
  readonly json: unknown;
  readonly text: string;
}

/** A multipart answer: an image on success, a JSON error otherwise; `asJson()` reads the latter. */
export interface FormResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly contentType: string | undefined;
  readonly bytes: Uint8Array;
}

const utf8 = new TextDecoder();

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The wait a Retry-After header asks for, in whole seconds, from either of its forms (seconds or a date). */
export function retryAfterSeconds(value: string | string[] | undefined): number | undefined {
  const text = headerValue(value);
  if (!text) return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** An answer's text with its JSON, when it is JSON. */
export function jsonResponse(status: number, headers: Headers, text: string): JsonResponse {
  let json: unknown;
  try {
    json = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, headers, json, text };
}

/** A bytes answer read as JSON, for the error helpers; bodies past 1 MB are no error message. */
export function asJson(response: FormResponse): JsonResponse {
  return jsonResponse(response.status, response.headers, response.bytes.byteLength > 1024 * 1024 ? '' : utf8.decode(response.bytes));
}
