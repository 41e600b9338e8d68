/**
 * How the providers word a failed answer: by what the person can do about it, naming the
 * provider. The transport's own failures (timeouts, unreachable servers, oversized
 * bodies) are worded in http.ts.
 */

import * as l10n from '@vscode/l10n';
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
    return new ImagesmithError('rejected-key', l10n.t('{0} rejected the API key (HTTP {1}{2}). Run "Imagesmith: Set API Key…" to enter a valid key.', provider, status, said), details);
  }
  if (status === 429) {
    const message = extra.retryAfterSeconds
      ? l10n.t('{0} is limiting requests (HTTP 429{1}). Wait {2} s and try again.', provider, said, extra.retryAfterSeconds)
      : l10n.t('{0} is limiting requests (HTTP 429{1}). Wait a moment and try again.', provider, said);
    return new ImagesmithError('rate-limited', message, details);
  }
  if (status === 400 || status === 422) {
    return new ImagesmithError('invalid-input', l10n.t('{0} refused the request (HTTP {1}{2}). Check the prompt and parameters.', provider, status, said), details);
  }
  if (status >= 500) {
    return new ImagesmithError('provider', l10n.t('{0} had a server error (HTTP {1}{2}). Try again later.', provider, status, said), details);
  }
  return new ImagesmithError('provider', l10n.t('{0} answered HTTP {1}{2}.', provider, status, said), details);
}

/** statusError for an answer, with the wait its Retry-After header asks for. */
export function responseError(provider: string, response: JsonResponse, detail: string, extra: { needsKey?: boolean } = {}): ImagesmithError {
  return statusError(provider, response.status, detail, { ...extra, retryAfterSeconds: retryAfterSeconds(response.headers['retry-after']) });
}

/** What an unexpected body was, for messages: "an HTML page", "an empty response". */
export function describeBody(response: JsonResponse): string {
  if (response.json !== undefined) return l10n.t('JSON of an unexpected shape');
  if (/^\s*[[{]/.test(response.text)) return l10n.t('malformed JSON');
  return describeNonImage(new TextEncoder().encode(response.text.slice(0, 512)));
}

/** A successful answer that is not what the provider's API documents; `what` names the answer ("status answer"). */
export function unexpectedAnswer(provider: string, response: JsonResponse, what?: string): ImagesmithError {
  const message = what
    ? l10n.t("{0}'s {1} was {2}, not what its API documents. Try again later.", provider, what, describeBody(response))
    : l10n.t("{0}'s answer was {1}, not what its API documents. Try again later.", provider, describeBody(response));
  return new ImagesmithError('provider', message, {
    provider,
    status: response.status,
  });
}
