import { lookup } from 'node:dns/promises';
import { classifyAddress, downloadVerdict } from './downloadPolicy';
import { ImagesmithError, cancelled } from './errors';
import { saveFailed } from './fsErrors';
import { fileStem, sidecarName } from './fileNames';
import type { HttpClient, HttpStack } from './http';
import { describeNonImage, isComplete, sniffImage } from './imageFormat';
import { formatInfotext } from './infotext';
import { DEFAULT_CONCURRENCY, type ConcurrencyLimiter } from './limiter';
import { redact, type Logger } from './log';
import { resolveParams } from './params';
import { PARAMETERS_KEYWORD, PngFormatError, insertTextChunk } from './png';
import { saveUnique, type ImageStore } from './store';
import { isProviderId, type AnyProvider, type ProviderContext, type ProviderId, type ProviderImage, type Progress } from './types';

/** What a person (or a caller of the command) asks for. */
export interface GenerationInput {
  readonly provider: ProviderId;
  readonly prompt: string;
  readonly negativePrompt?: string;
  /** Parameters given explicitly; the rest come from the settings' defaults. */
  readonly params?: Readonly<Record<string, unknown>>;
}

/** A provider's settings, already read by the host. */
export interface ProviderSettings {
  readonly baseUrl: string;
  readonly defaults: Readonly<Record<string, unknown>>;
  /** Used when the input gives no negative prompt. */
  readonly negativePrompt?: string;
  readonly settingsPrefix: string;
}

export interface PipelineDeps {
  readonly providers: Readonly<Record<ProviderId, AnyProvider>>;
  readonly http: HttpStack;
  readonly store: ImageStore;
  readonly log: Logger;
  readonly pollTimeoutMs: number;
  readonly now?: () => Date;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Reads files that settings name, relative to the workspace folder; none outside a workspace. */
  readonly workspaceFiles?: WorkspaceFiles;
  /** Generations beyond `concurrency` per provider wait their turn here. */
  readonly limiter?: ConcurrencyLimiter;
  readonly concurrency?: number;
}

/** The workspace as providers may read it: by relative path, never outside. */
export interface WorkspaceFiles {
  /** Rejects with ImagesmithError for a path that leaves the workspace or cannot be read. */
  readText(relativePath: string): Promise<string>;
}

export interface RunOptions {
  readonly signal: AbortSignal;
  readonly apiKey?: string;
  readonly onProgress?: (progress: Progress) => void;
  readonly onWarning?: (message: string) => void;
}

export interface SavedImage {
  /** File name inside the output folder. */
  readonly name: string;
  /** What the store says addresses it (a URI string in VS Code). */
  readonly location: string;
  readonly format: 'png' | 'jpeg' | 'webp';
  readonly prompt: string;
  readonly infotext: string;
  readonly seed?: number;
}

export const MAX_PROMPT_LENGTH = 8_000;

/**
 * The one path every generation takes: validate, request, download, check the
 * bytes, write the infotext, save without overwriting. Whatever fails comes out as
 * an ImagesmithError that names the provider and what to do; a cancelled generation
 * leaves no file.
 */
export async function generateImages(
  input: GenerationInput,
  settings: ProviderSettings,
  deps: PipelineDeps,
  options: RunOptions,
): Promise<SavedImage[]> {
  const secrets = [options.apiKey];
  try {
    return await run(input, settings, deps, options);
  } catch (error) {
    const failure = asImagesmithError(error, options.signal, input.provider);
    const message = redact(failure.message, secrets);
    deps.log.warn(`${input.provider}: ${failure.kind}: ${message}`);
    if (message === failure.message) throw failure;
    throw new ImagesmithError(failure.kind, message, failure);
  }
}

async function run(input: GenerationInput, settings: ProviderSettings, deps: PipelineDeps, options: RunOptions): Promise<SavedImage[]> {
  const { signal } = options;
  const progress = (value: Progress) => options.onProgress?.(value);
  progress({ stage: 'validating' });

  if (!isProviderId(input.provider)) {
    throw new ImagesmithError('invalid-input', `There is no provider "${String(input.provider)}". Use one of: ${Object.keys(deps.providers).join(', ')}.`, {
      parameter: 'provider',
    });
  }
  const provider = deps.providers[input.provider];
  const label = provider.label;
  const prompt = checkPrompt(input.prompt, label);
  const negativePrompt = (input.negativePrompt ?? (provider.takesNegativePrompt ? settings.negativePrompt : undefined))?.trim() || undefined;
  if (negativePrompt && !provider.takesNegativePrompt) {
    throw new ImagesmithError('invalid-input', `${label} takes no negative prompt. Leave it out, or use ImagePipeline, which takes one.`, {
      provider: label,
      parameter: 'negativePrompt',
    });
  }
  const baseUrl = checkBaseUrl(settings.baseUrl, label, settings.settingsPrefix);
  if (provider.needsKey && !options.apiKey) {
    throw new ImagesmithError('missing-key', `${label} needs an API key. Run "Imagesmith: Set API Key…" to enter one.`, { provider: label });
  }
  const params = resolveParams(label, provider.params, {
    given: input.params ?? {},
    defaults: settings.defaults,
    settingsPrefix: settings.settingsPrefix,
  });

  const http = deps.http.forProvider(label);
  const secrets = [options.apiKey];
  const ctx: ProviderContext = {
    baseUrl,
    apiKey: options.apiKey,
    http,
    signal,
    pollTimeoutMs: deps.pollTimeoutMs,
    progress,
    warn: (message) => {
      const safe = redact(message, secrets);
      deps.log.warn(`${input.provider}: ${safe}`);
      options.onWarning?.(safe);
    },
    sleep: (ms) => (deps.sleep ?? abortableSleep)(ms, signal),
    readWorkspaceFile: (relativePath) => {
      if (!deps.workspaceFiles) {
        return Promise.reject(new ImagesmithError('no-workspace', `${label} needs a file from the workspace (${relativePath}), and no folder is open.`, { provider: label }));
      }
      return deps.workspaceFiles.readText(relativePath);
    },
  };
  const request = { prompt, negativePrompt, params };

  const started = Date.now();
  const talk = async () => {
    await provider.check?.(request, ctx);
    throwIfAborted(signal, label);
    deps.log.info(`${input.provider}: generating (${JSON.stringify(params)})`);
    const answer = await provider.generate(request, ctx);
    if (answer.images.length === 0) {
      throw new ImagesmithError('provider', `${label} answered without any image. Try again.`, { provider: label });
    }
    const fetched: Uint8Array[] = [];
    for (const [index, image] of answer.images.entries()) {
      progress({ stage: 'downloading', done: index, total: answer.images.length });
      fetched.push(await fetchImage(image, baseUrl, http, signal, label));
    }
    progress({ stage: 'downloading', done: fetched.length, total: fetched.length });
    return { result: answer, images: fetched };
  };
  // Only the talking to the provider waits for a slot; validation above and saving below do not.
  const { result, images } = deps.limiter
    ? await deps.limiter.run(provider.id, deps.concurrency ?? DEFAULT_CONCURRENCY, signal, talk, (ahead) => progress({ stage: 'queued', ahead }))
    : await talk();
  throwIfAborted(signal, label);

  const infotext = formatInfotext({
    prompt,
    negativePrompt,
    fields: [...provider.infotext(request, result), ['Provider', provider.id]],
  });
  progress({ stage: 'saving' });
  const saved = await saveAll(images, infotext, prompt, deps, signal, label);
  const files = saved.map((name) => deps.store.locate(name));
  deps.log.info(`${input.provider}: saved ${saved.join(', ')} in ${Date.now() - started} ms`);
  progress({ stage: 'saved', files });
  return saved.map((name, index) => ({
    name,
    location: files[index] ?? name,
    format: sniffImage(images[index] ?? new Uint8Array())?.format ?? 'png',
    prompt,
    infotext,
    ...(result.seed === undefined ? {} : { seed: result.seed }),
  }));
}

function checkPrompt(value: unknown, label: string): string {
  const prompt = typeof value === 'string' ? value.trim() : '';
  if (!prompt) {
    throw new ImagesmithError('invalid-input', 'The prompt is empty. Write what the image should show.', { provider: label, parameter: 'prompt' });
  }
  if (prompt.length > MAX_PROMPT_LENGTH) {
    throw new ImagesmithError('invalid-input', `The prompt is ${prompt.length} characters long; at most ${MAX_PROMPT_LENGTH} are sent. Shorten it.`, {
      provider: label,
      parameter: 'prompt',
    });
  }
  return prompt;
}

function checkBaseUrl(value: string, label: string, prefix: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ImagesmithError('invalid-input', `${label}'s base URL "${value}" is not an http or https URL. Fix the setting ${prefix}.baseUrl.`, {
      provider: label,
      parameter: 'baseUrl',
    });
  }
  // Relative paths resolve under the base only when it ends in a slash.
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

async function fetchImage(image: ProviderImage, baseUrl: URL, http: HttpClient, signal: AbortSignal, label: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  if ('bytes' in image) {
    bytes = image.bytes;
  } else {
    let url: URL;
    try {
      url = new URL(image.url, baseUrl);
    } catch {
      throw new ImagesmithError('provider', `${label} gave an image address that is not a URL ("${image.url.slice(0, 100)}").`, { provider: label });
    }
    const response = await http.getBytes(url, { signal, allow: (target) => refusal(target, baseUrl) });
    if (response.status < 200 || response.status >= 300) {
      throw new ImagesmithError('provider', `${label}'s image could not be downloaded (HTTP ${response.status} from ${url.origin}). Try again.`, {
        provider: label,
        status: response.status,
      });
    }
    bytes = response.bytes;
  }
  const kind = sniffImage(bytes);
  if (!kind) {
    throw new ImagesmithError('not-an-image', `${label} sent ${describeNonImage(bytes)} instead of an image. Try again later.`, { provider: label });
  }
  if (!isComplete(bytes, kind.format)) {
    throw new ImagesmithError('not-an-image', `${label} sent a truncated ${kind.format.toUpperCase()} image. Try again.`, { provider: label });
  }
  return bytes;
}

/** A downloaded image as it will be written: PNGs carry the infotext inside, others beside. */
interface ImageFile {
  readonly ext: string;
  readonly pieces: readonly Uint8Array[];
  readonly sidecar?: string;
}

function imageFile(bytes: Uint8Array, infotext: string, label: string): ImageFile {
  const kind = sniffImage(bytes);
  if (kind?.format !== 'png') return { ext: kind?.ext ?? 'bin', pieces: [bytes], sidecar: infotext };
  try {
    return { ext: kind.ext, pieces: insertTextChunk(bytes, PARAMETERS_KEYWORD, infotext) };
  } catch (error) {
    if (!(error instanceof PngFormatError)) throw error;
    throw new ImagesmithError('not-an-image', `${label} sent a damaged PNG image (${error.message}). Try again.`, { provider: label });
  }
}

async function saveAll(images: readonly Uint8Array[], infotext: string, prompt: string, deps: PipelineDeps, signal: AbortSignal, label: string) {
  const files = images.map((bytes) => imageFile(bytes, infotext, label));
  const stem = fileStem((deps.now ?? (() => new Date()))(), prompt);
  const saved: string[] = [];
  try {
    for (const file of files) {
      throwIfAborted(signal, label);
      saved.push(await saveUnique(deps.store, stem, file.ext, file.pieces, file.sidecar));
    }
    throwIfAborted(signal, label);
    return saved;
  } catch (error) {
    // All or nothing: a generation that fails or is cancelled half-way leaves no file.
    await Promise.allSettled(saved.flatMap((name) => [deps.store.delete(name), ...(name.endsWith('.png') ? [] : [deps.store.delete(sidecarName(name))])]));
    if (error instanceof ImagesmithError) throw error;
    throw saveFailed(error, label);
  }
}

/** Why a URL may not be downloaded, or undefined when it may. */
async function refusal(url: URL, baseUrl: URL): Promise<string | undefined> {
  const literal = downloadVerdict(url, baseUrl);
  if (!literal.ok) return literal.reason;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === baseUrl.hostname.replace(/^\[|\]$/g, '') || classifyAddress(host)) return undefined;
  // A name is judged by where it points; an unresolvable one fails on the request itself.
  const addresses = await lookup(host, { all: true }).then(
    (found) => found.map((entry) => entry.address),
    () => [],
  );
  const verdict = downloadVerdict(url, baseUrl, addresses);
  return verdict.ok ? undefined : verdict.reason;
}

function throwIfAborted(signal: AbortSignal, label: string): void {
  if (signal.aborted) throw cancelled(label);
}

function asImagesmithError(error: unknown, signal: AbortSignal, provider: string): ImagesmithError {
  if (error instanceof ImagesmithError) return error;
  if (signal.aborted) return cancelled();
  const message = error instanceof Error ? error.message : String(error);
  return new ImagesmithError('provider', `${provider}: unexpected failure: ${message}`, { cause: error });
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(cancelled());
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
