/**
 * How the providers word a failed answer: by what the person can do about it, naming the
 * provider. The transport's own failures (timeouts, unreachable servers, oversized
 * bodies) are worded in http.ts.
 */

import { ImagesmithError } from './errors';
import { retryAfterSeconds, type JsonResponse } from './httpAnswer';
import { describeNonImage } from './imageFormat';

/** The error for a provider's non-success answer, by what the person can do about it. */
export function statusError(
  provider: string,
  status: number,
  detail: string,
  extra: { needsKey?: boolean; retryAfterSeconds?: number } = {},
): ImagesmithError {
  const said = detail ? `: ${detail}` : '';
  const details = { provider, status, retryAfterSeconds: extra.retryAfterSeconds };
  if ((status === 401 || status === 403) && extra.needsKey !== false) {
    return new ImagesmithError('rejected-key', `${provider} rejected the API key (HTTP ${status}${said}). Run "Imagesmith: Set API Key…" to enter a valid key.`, details);
  }
  if (status === 429) {
    const wait = extra.retryAfterSeconds ? `Wait ${extra.retryAfterSeconds} s` : 'Wait a moment';
    return new ImagesmithError('rate-limited', `${provider} is limiting requests (HTTP 429${said}). ${wait} and try again.`, details);
  }
  if (status === 400 || status === 422) {
    return new ImagesmithError('invalid-input', `${provider} refused the request (HTTP ${status}${said}). Check the prompt and parameters.`, details);
  }
  if (status >= 500) {
    return new ImagesmithError('provider', `${provider} had a server error (HTTP ${status}${said}). Try again later.`, details);
  }
  return new ImagesmithError('provider', `${provider} answered HTTP ${status}${said}.`, details);
}

/** statusError for an answer, with the wait its Retry-After header asks for. */
export function responseError(provider: string, response: JsonResponse, detail: string, extra: { needsKey?: boolean } = {}): ImagesmithError {
  return statusError(provider, response.status, detail, { ...extra, retryAfterSeconds: retryAfterSeconds(response.headers['retry-after']) });
}

/** What an unexpected body was, for messages: "an HTML page", "an empty response". */
export function describeBody(response: JsonResponse): string {
  if (response.json !== undefined) return 'JSON of an unexpected shape';
  if (/^\s*[[{]/.test(response.text)) return 'malformed JSON';
  return describeNonImage(new TextEncoder().encode(response.text.slice(0, 512)));
}

/** A successful answer that is not what the provider's API documents; `what` names the answer ("status answer"). */
export function unexpectedAnswer(provider: string, response: JsonResponse, what = 'answer'): ImagesmithError {
  return new ImagesmithError('provider', `${provider}'s ${what} was ${describeBody(response)}, not what its API documents. Try again later.`, {
    provider,
    status: response.status,
  });
}
