import { lookup } from 'node:dns/promises';
import { concatBytes } from './bytes';
import { classifyAddress, downloadVerdict } from './downloadPolicy';
import { ImagesmithError } from './errors';
import type { Download, HttpClient, Refusal } from './http';
import { describeNonImage, isComplete, sniffImage, type ImageFormat } from './imageFormat';
import { PNG_SIGNATURE, PngFormatError, isPng } from './pngChunks';
import { PARAMETERS_KEYWORD } from './pngText';
import { PngTextInserter, insertTextChunk } from './pngTextInserter';
import type { DraftFile, ImageStore } from './store';
import type { ProviderImage } from './types';

/** Up to this size a downloaded image is read whole before it is written; larger ones are streamed. */
export const READ_WHOLE_BYTES = 8 * 1024 * 1024;

/**
 * An image on its way into the output folder: written to a draft as it arrives, with
 * the infotext inside (PNG) or kept for a sidecar file (JPEG, WebP), and checked whole
 * before it gets a name.
 */
export interface ReceivedImage {
  readonly format: ImageFormat;
  readonly ext: string;
  readonly draft: DraftFile;
  /** The infotext, for formats that cannot hold it. */
  readonly sidecar?: string;
}

export interface ReceiveContext {
  readonly baseUrl: URL;
  readonly http: HttpClient;
  readonly store: ImageStore;
  readonly signal: AbortSignal;
  readonly infotext: string;
  /** The provider's name, for messages. */
  readonly label: string;
  /** Waits before a download is tried again; rejects when the generation is cancelled. */
  readonly sleep: (ms: number) => Promise<void>;
}

/** Receives one image a provider gave, as bytes or as an address; on failure, nothing is left behind. */
export async function receiveImage(image: ProviderImage, ctx: ReceiveContext): Promise<ReceivedImage> {
  if (!('bytes' in image)) return download(image.url, ctx);
  const draft = ctx.store.draft();
  try {
    return fromBytes(image.bytes, draft, ctx);
  } catch (error) {
    await draft.discard();
    throw error;
  }
}

/** An image in hand; a PNG goes through `inserter` when one was made ahead (while it downloaded). */
function fromBytes(bytes: Uint8Array, draft: DraftFile, ctx: ReceiveContext, inserter?: PngTextInserter): ReceivedImage {
  const kind = sniffImage(bytes);
  if (!kind) {
    throw new ImagesmithError('not-an-image', `${ctx.label} sent ${describeNonImage(bytes)} instead of an image. Try again later.`, { provider: ctx.label });
  }
  if (kind.format === 'png') {
    draft.write(withPngFailures(() => (inserter ? whole(inserter, bytes) : insertTextChunk(bytes, PARAMETERS_KEYWORD, ctx.infotext)), ctx.label));
    return { format: kind.format, ext: kind.ext, draft };
  }
  if (!isComplete(bytes, kind.format)) throw truncated(kind.format, ctx.label);
  draft.write([bytes]);
  return { format: kind.format, ext: kind.ext, draft, sidecar: ctx.infotext };
}

/**
 * Downloads an image: once, and after a failure worth it (a 429, a 5xx, a dropped
 * connection, even half-way) once more with undici's retries for what remains of the
 * tries. A large PNG is written while it arrives, its text chunk put in on the way;
 * anything else is gathered and judged whole, as it may be an error page to name.
 */
async function download(address: string, ctx: ReceiveContext): Promise<ReceivedImage> {
  const { label } = ctx;
  let url: URL;
  try {
    url = new URL(address, ctx.baseUrl);
  } catch {
    throw new ImagesmithError('provider', `${label} gave an image address that is not a URL ("${address.slice(0, 100)}").`, { provider: label });
  }
  try {
    return await attempt(url, ctx, false);
  } catch (error) {
    const pause = ctx.http.pauseBeforeRetry(error);
    if (pause === undefined) throw error;
    await ctx.sleep(pause);
    return attempt(url, ctx, true);
  }
}

/** One download into a new draft; the first goes out once, the second with undici's retries. */
async function attempt(url: URL, ctx: ReceiveContext, again: boolean): Promise<ReceivedImage> {
  // The request goes out first: the file and the text chunk are made while the server answers.
  const answer = ctx.http.download(url, { signal: ctx.signal, allow: (target) => refusal(target, ctx.baseUrl), again });
  const draft = ctx.store.draft();
  const inserter = new PngTextInserter(PARAMETERS_KEYWORD, ctx.infotext);
  try {
    return await receive(await answer, url, draft, inserter, ctx);
  } catch (error) {
    await draft.discard();
    throw error;
  }
}

async function receive(response: Download, url: URL, draft: DraftFile, inserter: PngTextInserter, ctx: ReceiveContext): Promise<ReceivedImage> {
  const { label } = ctx;
  if (response.status < 200 || response.status >= 300) {
    response.discard();
    throw new ImagesmithError('provider', `${label}'s image could not be downloaded (HTTP ${response.status} from ${url.origin}). Try again.`, {
      provider: label,
      status: response.status,
      retryAfterSeconds: response.retryAfterSeconds,
    });
  }
  // An image of a few megabytes is read whole, as undici reads best; a larger one, or one
  // of unknown length, goes to the file as it arrives, so that it is never held whole.
  if (response.length !== undefined && response.length <= READ_WHOLE_BYTES) return fromBytes(await response.readAll(), draft, ctx, inserter);
  // Undecided until the eight bytes of the PNG signature are in.
  let streaming: boolean | undefined;
  let gathered: Uint8Array[] = [];
  let size = 0;
  await withPngFailures(
    () =>
      response.read((chunk) => {
        if (streaming) {
          draft.write(inserter.push(chunk));
          return;
        }
        gathered.push(chunk);
        size += chunk.byteLength;
        if (streaming === false || size < PNG_SIGNATURE.length) return;
        streaming = isPng(concatBytes(gathered, size).subarray(0, PNG_SIGNATURE.length));
        if (!streaming) return;
        for (const part of gathered) draft.write(inserter.push(part));
        gathered = [];
      }),
    label,
  );
  if (!streaming) return fromBytes(concatBytes(gathered, size), draft, ctx, inserter);
  withPngFailures(() => inserter.end(), label);
  return { format: 'png', ext: 'png', draft };
}

/** A whole PNG through an inserter made ahead of it. */
function whole(inserter: PngTextInserter, png: Uint8Array): Uint8Array[] {
  const pieces = inserter.push(png);
  inserter.end();
  return pieces;
}

/** Runs `task`, turning a PngFormatError into what a person can act on. */
function withPngFailures<T>(task: () => T, label: string): T {
  const translate = (error: unknown): never => {
    if (!(error instanceof PngFormatError)) throw error;
    if (/bad CRC/.test(error.message)) {
      throw new ImagesmithError('not-an-image', `${label} sent a damaged PNG image (${error.message}). Try again.`, { provider: label });
    }
    throw truncated('png', label);
  };
  try {
    const result = task();
    return result instanceof Promise ? (result.catch(translate) as T) : result;
  } catch (error) {
    return translate(error);
  }
}

function truncated(format: ImageFormat, label: string): ImagesmithError {
  return new ImagesmithError('not-an-image', `${label} sent a truncated ${format.toUpperCase()} image. Try again.`, { provider: label });
}

/**
 * Why a URL may not be downloaded, or undefined when it may; at once, unless the host is a
 * name that has to be looked up.
 */
function refusal(url: URL, baseUrl: URL): Refusal | Promise<Refusal> {
  const literal = downloadVerdict(url, baseUrl);
  if (!literal.ok) return literal.reason;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === baseUrl.hostname.replace(/^\[|\]$/g, '') || classifyAddress(host)) return undefined;
  // A name is judged by where it points; an unresolvable one fails on the request itself.
  return lookup(host, { all: true })
    .then(
      (found) => found.map((entry) => entry.address),
      () => [],
    )
    .then((addresses) => {
      const verdict = downloadVerdict(url, baseUrl, addresses);
      return verdict.ok ? undefined : verdict.reason;
    });
}
