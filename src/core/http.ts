/**
 * The transport: undici dispatchers with the limits, retries and redirects every provider
 * request goes through, and the wording of its own failures (timeouts, unreachable
 * servers, oversized bodies). How a provider's answer is worded as an error is
 * providerErrors.ts's.
 */
import * as l10n from '@vscode/l10n';
import type { Dispatcher, FormData } from 'undici';
import Agent from 'undici/lib/dispatcher/agent';
import RetryAgent from 'undici/lib/dispatcher/retry-agent';
import requestOn from 'undici/lib/api/api-request';
import { concatBytes } from './bytes';
import { ImagesmithError, cancelled } from './errors';
import { headerValue, jsonResponse, retryAfterSeconds, type FormResponse, type JsonResponse } from './httpAnswer';
import { statusError } from './providerErrors';

export interface HttpLimits {
  /** Connect, response headers and each pause in a body. */
  readonly timeoutMs: number;
  /** Largest JSON body accepted (base64 images arrive inside JSON). */
  readonly maxJsonBytes: number;
  /** Largest downloaded image accepted. */
  readonly maxImageBytes: number;
  /** Tries after the first for idempotent requests, and the first pause, doubling each time. */
  readonly retries: number;
  readonly retryBaseMs: number;
}

const MAX_REDIRECTS = 3;
const utf8 = new TextDecoder();

/** Room for one image as base64 (4/3 of its size) and the JSON around it. */
export function jsonLimitFor(maxImageBytes: number): number {
  return Math.ceil((maxImageBytes * 4) / 3) + 1024 * 1024;
}

export const DEFAULT_LIMITS: HttpLimits = {
  timeoutMs: 120_000,
  maxJsonBytes: jsonLimitFor(50 * 1024 * 1024),
  maxImageBytes: 50 * 1024 * 1024,
  retries: 3,
  retryBaseMs: 500,
};

/** Answers worth another try of an idempotent request. */
const RETRY_STATUSES = [429, 500, 502, 503, 504];
/** Socket errors worth another try (undici's own list, named so that both kinds of try agree). */
const RETRY_ERROR_CODES = ['ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'ENETDOWN', 'ENETUNREACH', 'EHOSTDOWN', 'EHOSTUNREACH', 'EPIPE', 'UND_ERR_SOCKET'];
const MAX_RETRY_PAUSE_MS = 10_000;

/**
 * The dispatchers every request goes through. Only idempotent requests (status polls,
 * downloads, lists) are retried: a generation POST may be billed, so it is never
 * repeated behind the person's back.
 */
export class HttpStack {
  readonly plain: Agent;
  /** Status polls and lists: every try through undici's RetryAgent. */
  readonly retrying: RetryAgent;
  /**
   * Downloads go out once through `plain`, since nearly all succeed at once and
   * RetryAgent's bookkeeping costs more than the rest of a fast download; after a failed
   * first try this takes over, with the tries and pauses that remain.
   */
  readonly retryingAfterFirst: RetryAgent | undefined;

  constructor(readonly limits: HttpLimits = DEFAULT_LIMITS) {
    this.plain = new Agent({
      connect: { timeout: Math.min(limits.timeoutMs, 30_000) },
      headersTimeout: limits.timeoutMs,
      bodyTimeout: limits.timeoutMs,
      keepAliveTimeout: 10_000,
    });
    const retry = (retries: number, firstPauseMs: number) =>
      new RetryAgent(this.plain, {
        maxRetries: retries,
        minTimeout: firstPauseMs,
        maxTimeout: MAX_RETRY_PAUSE_MS,
        timeoutFactor: 2,
        methods: ['GET', 'HEAD'],
        statusCodes: RETRY_STATUSES,
        errorCodes: RETRY_ERROR_CODES,
      });
    this.retrying = retry(limits.retries, limits.retryBaseMs);
    this.retryingAfterFirst = limits.retries > 0 ? retry(limits.retries - 1, limits.retryBaseMs * 2) : undefined;
  }

  forProvider(provider: string): HttpClient {
    return new HttpClient(provider, this);
  }

  async close(): Promise<void> {
    await this.plain.close();
  }
}

/** Why a URL may not be downloaded, or undefined when it may. */
export type Refusal = string | undefined;

/** An image download whose headers are in. */
export interface Download {
  readonly status: number;
  /** The wait a Retry-After header asks for, with a 429 or 503. */
  readonly retryAfterSeconds: number | undefined;
  /** The body's length as the answer declares it, when it does. */
  readonly length: number | undefined;
  /** Hands the body to `onChunk` as it arrives, up to the image limit; resolves when it has all come. */
  read(onChunk: (chunk: Uint8Array) => void): Promise<void>;
  /** The whole body, up to the image limit. */
  readAll(): Promise<Uint8Array>;
  /** Drops the body unread. */
  discard(): void;
}

interface SendOptions {
  readonly headers?: Record<string, string>;
  readonly signal: AbortSignal;
}

/** HTTP for one provider: errors carry its name, bodies are size-limited. */
export class HttpClient {
  constructor(
    readonly provider: string,
    private readonly stack: HttpStack,
  ) {}

  get limits(): HttpLimits {
    return this.stack.limits;
  }

  /**
   * How long to wait before trying a failed download again, as RetryAgent would wait
   * after its first try; undefined when the failure is not worth another try.
   */
  pauseBeforeRetry(error: unknown): number | undefined {
    if (!this.stack.retryingAfterFirst || !(error instanceof ImagesmithError)) return undefined;
    if (error.status !== undefined && RETRY_STATUSES.includes(error.status)) {
      return error.retryAfterSeconds ? Math.min(error.retryAfterSeconds * 1000, MAX_RETRY_PAUSE_MS) : this.stack.limits.retryBaseMs;
    }
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    if (error.kind === 'network' && (typeof code !== 'string' || RETRY_ERROR_CODES.includes(code))) return this.stack.limits.retryBaseMs;
    return undefined;
  }

  /** The error for an image over the download limit, however it arrived. */
  imageTooLarge(): ImagesmithError {
    return this.tooLarge('image', this.stack.limits.maxImageBytes);
  }

  postJson(url: URL, body: unknown, options: SendOptions): Promise<JsonResponse> {
    return this.json('POST', url, this.stack.plain, { ...options, body: JSON.stringify(body) });
  }

  /**
   * A multipart POST (undici's FormData, files or not) whose answer is read as bytes up
   * to the image limit. Like postJson it is never retried: the generation may be billed.
   */
  async postForm(url: URL, form: FormData, options: SendOptions): Promise<FormResponse> {
    const response = await this.send('POST', url, this.stack.plain, { ...options, body: form });
    const bytes = await this.readBody(response, this.stack.limits.maxImageBytes, options.signal, 'image');
    return { status: response.statusCode, headers: response.headers, contentType: headerValue(response.headers['content-type']), bytes };
  }

  getJson(url: URL, options: SendOptions): Promise<JsonResponse> {
    return this.json('GET', url, this.stack.retrying, options);
  }

  /**
   * Starts downloading an image, following at most three redirects, each of which must
   * pass `allow` as the first URL did. Resolves once the final answer's headers are in;
   * its body is then read with `read`, or dropped with `discard`. When `allow` answers at
   * once, the request is on its way by the time this returns its promise.
   */
  async download(url: URL, options: SendOptions & { allow: (url: URL) => Refusal | Promise<Refusal>; again?: boolean }): Promise<Download> {
    const dispatcher = options.again ? (this.stack.retryingAfterFirst ?? this.stack.plain) : this.stack.plain;
    let current = url;
    for (let redirects = 0; ; redirects += 1) {
      const verdict = options.allow(current);
      const refusal = verdict instanceof Promise ? await verdict : verdict;
      if (refusal !== undefined) {
        throw new ImagesmithError('provider', l10n.t('{0} gave an image address that Imagesmith will not download: {1}.', this.provider, refusal), {
          provider: this.provider,
        });
      }
      const response = await this.send('GET', current, dispatcher, options);
      const location = headerValue(response.headers.location);
      if (response.statusCode >= 300 && response.statusCode < 400 && location) {
        discard(response);
        if (redirects >= MAX_REDIRECTS) {
          throw new ImagesmithError('provider', l10n.t("{0}'s image address redirected more than {1} times. Try again later.", this.provider, MAX_REDIRECTS), {
            provider: this.provider,
          });
        }
        current = new URL(location, current);
        continue;
      }
      return {
        status: response.statusCode,
        retryAfterSeconds: retryAfterSeconds(response.headers['retry-after']),
        length: declaredLength(response),
        read: (onChunk) => this.stream(response, this.stack.limits.maxImageBytes, options.signal, 'image', onChunk),
        readAll: () => this.readBody(response, this.stack.limits.maxImageBytes, options.signal, 'image'),
        discard: () => discard(response),
      };
    }
  }

  private async json(
    method: 'GET' | 'POST',
    url: URL,
    dispatcher: Dispatcher,
    options: SendOptions & { body?: string },
  ): Promise<JsonResponse> {
    const response = await this.send(method, url, dispatcher, {
      ...options,
      headers: { accept: 'application/json', ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    });
    return jsonResponse(response.statusCode, response.headers, await this.readText(response, options.signal));
  }

  private async send(
    method: 'GET' | 'POST',
    url: URL,
    dispatcher: Dispatcher,
    options: SendOptions & { body?: string | FormData },
  ): Promise<Dispatcher.ResponseData> {
    if (options.signal.aborted) throw cancelled(this.provider);
    try {
      return await requestOn.call(dispatcher, {
        origin: url.origin,
        path: url.pathname + url.search,
        method,
        headers: options.headers,
        body: options.body,
        signal: options.signal,
      });
    } catch (error) {
      throw this.translate(error, options.signal, url);
    }
  }

  /**
   * Whether the answer declares a length within `limit`; it throws for one past it. undici
   * refuses a body that runs past its content-length, so a body of a declared length within
   * the limit can be read in one go, as undici reads it best.
   */
  private declaresLengthWithin(response: Dispatcher.ResponseData, limit: number, what: 'image' | 'response'): boolean {
    const declared = declaredLength(response);
    if (declared !== undefined && declared > limit) {
      discard(response);
      throw this.tooLarge(what, limit);
    }
    return declared !== undefined;
  }

  private async readBody(
    response: Dispatcher.ResponseData,
    limit: number,
    signal: AbortSignal,
    what: 'image' | 'response',
  ): Promise<Uint8Array> {
    if (!this.declaresLengthWithin(response, limit, what)) {
      const chunks: Uint8Array[] = [];
      let size = 0;
      await this.stream(response, limit, signal, what, (chunk) => {
        chunks.push(chunk);
        size += chunk.byteLength;
      });
      return concatBytes(chunks, size);
    }
    try {
      return await response.body.bytes();
    } catch (error) {
      throw this.translate(error, signal);
    }
  }

  /** A JSON answer's text, decoded as UTF-8 (a byte-order mark dropped), within the JSON limit. */
  private async readText(response: Dispatcher.ResponseData, signal: AbortSignal): Promise<string> {
    const limit = this.stack.limits.maxJsonBytes;
    if (!this.declaresLengthWithin(response, limit, 'response')) return utf8.decode(await this.readBody(response, limit, signal, 'response'));
    try {
      return await response.body.text();
    } catch (error) {
      throw this.translate(error, signal);
    }
  }

  /**
   * Hands the body to `onChunk` as it arrives, up to `limit` bytes. An error thrown by
   * `onChunk` stops the download and comes out as the rejection.
   */
  private async stream(
    response: Dispatcher.ResponseData,
    limit: number,
    signal: AbortSignal,
    what: 'image' | 'response',
    onChunk: (chunk: Uint8Array) => void,
  ): Promise<void> {
    this.declaresLengthWithin(response, limit, what);
    await new Promise<void>((resolve, reject) => {
      const body = response.body;
      let size = 0;
      const stop = (error: Error) => {
        discard(response);
        reject(error);
      };
      body.on('data', (chunk: Uint8Array) => {
        size += chunk.byteLength;
        if (size > limit) {
          stop(this.tooLarge(what, limit));
          return;
        }
        try {
          onChunk(chunk);
        } catch (error) {
          stop(error instanceof Error ? error : new Error(String(error)));
        }
      });
      body.once('end', () => resolve());
      body.on('error', (error: unknown) => reject(this.translate(error, signal)));
    });
  }

  private tooLarge(what: 'image' | 'response', limit: number): ImagesmithError {
    const megabytes = Math.round(limit / (1024 * 1024));
    const message =
      what === 'image'
        ? l10n.t('{0} sent an image larger than {1} MB, which is more than Imagesmith accepts. Try a smaller size.', this.provider, megabytes)
        : l10n.t('{0} sent a response larger than {1} MB, which is more than Imagesmith accepts. Try a smaller size.', this.provider, megabytes);
    return new ImagesmithError('provider', message, {
      provider: this.provider,
    });
  }

  /** Turns undici's and the socket's errors into what a person can act on. */
  translate(error: unknown, signal: AbortSignal, url?: URL): ImagesmithError {
    if (error instanceof ImagesmithError) return error;
    if (signal.aborted) return cancelled(this.provider);
    const code = (error as { code?: string } | undefined)?.code ?? '';
    if (code === 'UND_ERR_REQ_RETRY') {
      const status = (error as { statusCode?: number }).statusCode ?? 0;
      const retryAfter = retryAfterSeconds((error as { headers?: Record<string, string | string[] | undefined> }).headers?.['retry-after']);
      return statusError(this.provider, status, l10n.t('it kept failing after several tries'), { retryAfterSeconds: retryAfter });
    }
    if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      const seconds = Math.round(this.stack.limits.timeoutMs / 1000);
      const message = url
        ? l10n.t('{0} did not answer within {1} s at {2}. Try again later, or raise imagesmith.requestTimeoutSeconds.', this.provider, seconds, url.origin)
        : l10n.t('{0} did not answer within {1} s. Try again later, or raise imagesmith.requestTimeoutSeconds.', this.provider, seconds);
      return new ImagesmithError('timeout', message, {
        provider: this.provider,
        cause: error,
      });
    }
    const detail = error instanceof Error ? error.message : String(error);
    const message = url
      ? l10n.t("Could not reach {0} at {1} ({2}). Check your connection and the provider's base URL setting.", this.provider, url.origin, code || detail)
      : l10n.t("Could not reach {0} ({1}). Check your connection and the provider's base URL setting.", this.provider, code || detail);
    return new ImagesmithError('network', message, {
      provider: this.provider,
      cause: error,
    });
  }
}

/** Drops a body we will not read; the stream's abort error has nowhere useful to go. */
function discard(response: Dispatcher.ResponseData): void {
  response.body.on('error', () => undefined);
  response.body.destroy();
}

function declaredLength(response: Dispatcher.ResponseData): number | undefined {
  const declared = Number(headerValue(response.headers['content-length']) ?? Number.NaN);
  return Number.isSafeInteger(declared) && declared >= 0 ? declared : undefined;
}
