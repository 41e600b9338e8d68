import * as l10n from '@vscode/l10n';
import { providerBaseUrl } from './addressTrust';
import { ImagesmithError, cancelled } from './errors';
import { checkCutout } from './cutout';
import { checkEdit, editFields, editSlugText, type EditRequest } from './edit';
import { extensionFor } from './exactPath';
import { saveFailed } from './fsErrors';
import { fileStem, sidecarName } from './fileNames';
import type { HttpStack } from './http';
import type { ServerLists } from './serverLists';
import { formatInfotext } from './infotext';
import { isLoopback } from './downloadPolicy';
import { DEFAULT_CONCURRENCY, type ConcurrencyLimiter } from './limiter';
import { redact, type Logger } from './log';
import { resolveParams } from './params';
import { receiveImage, type ReceivedImage } from './receive';
import { saveUnique, type ImageStore } from './store';
import { isProviderId, type AnyProvider, type ProviderContext, type ProviderId, type Progress } from './types';

/** What a person (or a caller of the command) asks for. */
export interface GenerationInput {
  readonly provider: ProviderId;
  readonly prompt: string;
  readonly negativePrompt?: string;
  /** Parameters given explicitly; the rest come from the settings' defaults. */
  readonly params?: Readonly<Record<string, unknown>>;
  /**
   * An exact file to write, relative to the workspace folder (`public/images/hero.png`),
   * instead of the output folder's timestamped name; the host turns it into the store and
   * `PipelineDeps.target`.
   */
  readonly path?: string;
  /** Start from existing images (read by the host) instead of from nothing. */
  readonly edit?: EditRequest;
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
  /** The lists read from provider servers, kept for as long as whoever made them lives. */
  readonly lists: ServerLists;
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
  /**
   * The name to save as in the store, instead of `<timestamp>-<slug>`: its stem, and the
   * extension asked for, kept when it means the image's format (see extensionFor).
   */
  readonly target?: { readonly stem: string; readonly ext?: string };
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
    const caught = asImagesmithError(error, options.signal, input.provider);
    const failure = withSetting(caught, input, settings);
    const message = redact(failure.message, secrets);
    deps.log.warn(`${input.provider}: ${failure.kind}: ${message}`);
    if (message === failure.message) throw failure;
    throw new ImagesmithError(failure.kind, message, failure);
  }
}

/** A bad value the person did not give here came from the provider's settings: that is where to fix it. */
function withSetting(failure: ImagesmithError, input: GenerationInput, settings: ProviderSettings): ImagesmithError {
  const key = failure.parameter;
  if (failure.kind !== 'invalid-input' || failure.setting || !key || key === 'prompt' || key === 'negativePrompt') return failure;
  if (input.params && key in input.params) return failure;
  if (key !== 'baseUrl' && !(key in settings.defaults)) return failure;
  return new ImagesmithError(failure.kind, failure.message, { ...failure, setting: `${settings.settingsPrefix}.${key}`, cause: failure.cause });
}

async function run(input: GenerationInput, settings: ProviderSettings, deps: PipelineDeps, options: RunOptions): Promise<SavedImage[]> {
  const { signal } = options;
  const progress = (value: Progress) => options.onProgress?.(value);
  progress({ stage: 'validating' });

  if (!isProviderId(input.provider)) {
    throw new ImagesmithError('invalid-input', l10n.t('There is no provider "{0}". Use one of: {1}.', String(input.provider), Object.keys(deps.providers).join(', ')), {
      parameter: 'provider',
    });
  }
  const provider = deps.providers[input.provider];
  const label = provider.label;
  const edit = input.edit;
  if (edit) checkEdit(label, provider.edits, provider.cannotEdit?.(), edit);
  const { given, editGiven } = splitEditParams(input.params ?? {}, edit ? provider.edits?.params.shape : undefined);
  const editParams = edit && provider.edits ? resolveParams(label, provider.edits.params, { given: editGiven, defaults: settings.defaults, settingsPrefix: settings.settingsPrefix }) : {};
  const promptOptional = edit !== undefined && provider.edits?.promptNeeded(edit.operation, editParams) === false;
  const prompt = promptOptional && !String(input.prompt ?? '').trim() ? '' : checkPrompt(input.prompt, label);
  const negativePrompt = (input.negativePrompt ?? (provider.takesNegativePrompt ? settings.negativePrompt : undefined))?.trim() || undefined;
  if (negativePrompt && !provider.takesNegativePrompt) {
    throw new ImagesmithError('invalid-input', l10n.t('{0} takes no negative prompt. Leave it out, or use ImagePipeline, which takes one.', label), {
      provider: label,
      parameter: 'negativePrompt',
    });
  }
  const baseUrl = checkBaseUrl(settings.baseUrl, label, settings.settingsPrefix);
  if (options.apiKey && baseUrl.protocol === 'http:' && !isLoopback(baseUrl)) {
    const setting = `${settings.settingsPrefix}.baseUrl`;
    const message =
      !provider.needsKey
        ? l10n.t(
            '{0}\'s base URL {1} is plain http on another machine, and Imagesmith sends your login only over https or to this machine. Use an https address (or a tunnel to localhost) in the setting {2}, or clear the login with "Imagesmith: Clear API Key…".',
            label,
            baseUrl.origin,
            setting,
          )
        : l10n.t(
            '{0}\'s base URL {1} is plain http on another machine, and Imagesmith sends your API key only over https or to this machine. Use an https address (or a tunnel to localhost) in the setting {2}.',
            label,
            baseUrl.origin,
            setting,
          );
    throw new ImagesmithError(
      'invalid-input',
      message,
      { provider: label, parameter: 'baseUrl' },
    );
  }
  if (provider.needsKey && !options.apiKey) {
    throw new ImagesmithError('missing-key', l10n.t('{0} needs an API key. Run "Imagesmith: Set API Key…" to enter one.', label), { provider: label });
  }
  const resolved = resolveParams(label, provider.params, {
    given,
    defaults: settings.defaults,
    settingsPrefix: settings.settingsPrefix,
  });
  const params = edit && provider.edits?.adjust ? provider.params.parse(provider.edits.adjust(edit, resolved, editParams)) : resolved;

  const http = deps.http.forProvider(label);
  const secrets = [options.apiKey];
  const ctx: ProviderContext = {
    baseUrl,
    apiKey: options.apiKey,
    http,
    lists: deps.lists,
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
        return Promise.reject(new ImagesmithError('no-workspace', l10n.t('{0} needs a file from the workspace ({1}), and no folder is open.', label, relativePath), { provider: label }));
      }
      return deps.workspaceFiles.readText(relativePath);
    },
  };
  const request = { prompt, negativePrompt, params };
  const editRequest = edit && provider.edits ? withStrength(edit, provider.edits.strengthDefault(edit, editParams), label) : undefined;
  if (editRequest) provider.edits?.check?.(editRequest, params, editParams);

  const started = Date.now();
  const received: ReceivedImage[] = [];
  const talk = async () => {
    // An edit is checked as the edit it is (ComfyUI reads its edit workflow then, not the other).
    const asked = editRequest ? { ...request, edit: editRequest, editParams } : request;
    await provider.check?.(asked, ctx);
    throwIfAborted(signal, label);
    deps.log.info(`${input.provider}: generating (${JSON.stringify(params)})`);
    const answer = editRequest && provider.edit ? await provider.edit({ ...request, edit: editRequest, editParams }, ctx) : await provider.generate(request, ctx);
    if (answer.images.length === 0) {
      throw new ImagesmithError('provider', l10n.t('{0} answered without any image. Try again.', label), { provider: label });
    }
    if (editRequest?.operation === 'removeBackground') for (const image of answer.images) if ('bytes' in image) checkCutout(image.bytes, label);
    // Known before the images arrive, so that they can be written as they do.
    const infotext = formatInfotext({
      prompt,
      negativePrompt,
      fields: [
        ...provider.infotext(request, answer),
        ...(editRequest && provider.edits ? editFields(editRequest, provider.edits.fields(editParams)) : []),
        ['Provider', provider.id],
      ],
    });
    const receiving = { baseUrl, http, store: deps.store, signal, infotext, label, sleep: ctx.sleep };
    for (const [index, image] of answer.images.entries()) {
      progress({ stage: 'downloading', done: index, total: answer.images.length });
      received.push(await receiveImage(image, receiving));
    }
    progress({ stage: 'downloading', done: received.length, total: received.length });
    return { result: answer, infotext };
  };
  try {
    // Only the talking to the provider waits for a slot; validation above and naming the files below do not.
    const { result, infotext } = deps.limiter
      ? await deps.limiter.run(provider.id, deps.concurrency ?? DEFAULT_CONCURRENCY, signal, talk, (ahead) => progress({ stage: 'queued', ahead }))
      : await talk();
    throwIfAborted(signal, label);

    progress({ stage: 'saving' });
    const saved = await saveAll(received, prompt || (editRequest ? editSlugText(editRequest) : ''), deps, signal, label);
    const files = saved.map((name) => deps.store.locate(name));
    deps.log.info(`${input.provider}: saved ${saved.join(', ')} in ${Date.now() - started} ms`);
    progress({ stage: 'saved', files });
    return saved.map((name, index) => ({
      name,
      location: files[index] ?? name,
      format: received[index]?.format ?? 'png',
      prompt,
      infotext,
      ...(result.seed === undefined ? {} : { seed: result.seed }),
    }));
  } finally {
    // A committed draft ignores this; any other is a generation that failed or was cancelled.
    await Promise.allSettled(received.map((image) => image.draft.discard()));
  }
}

/** Parameters only edits take go to the provider's edit schema; the rest to its own. */
function splitEditParams(params: Readonly<Record<string, unknown>>, editShape: Readonly<Record<string, unknown>> | undefined) {
  const given: Record<string, unknown> = {};
  const editGiven: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (editShape && key in editShape) editGiven[key] = value;
    else given[key] = value;
  }
  return { given, editGiven };
}

/** The strength the provider gets: the one asked for, or its default; refused for a provider that has none. */
function withStrength(edit: EditRequest, defaultValue: number | undefined, label: string): EditRequest {
  if (defaultValue === undefined) {
    if (edit.strength === undefined) return edit;
    throw new ImagesmithError('invalid-input', `${label} has no strength for this kind of edit; leave strength out.`, { provider: label, parameter: 'strength' });
  }
  return { ...edit, strength: edit.strength ?? defaultValue };
}

function checkPrompt(value: unknown, label: string): string {
  const prompt = typeof value === 'string' ? value.trim() : '';
  if (!prompt) {
    throw new ImagesmithError('invalid-input', l10n.t('The prompt is empty. Write what the image should show.'), { provider: label, parameter: 'prompt' });
  }
  if (prompt.length > MAX_PROMPT_LENGTH) {
    throw new ImagesmithError('invalid-input', l10n.t('The prompt is {0} characters long; at most {1} are sent. Shorten it.', prompt.length, MAX_PROMPT_LENGTH), {
      provider: label,
      parameter: 'prompt',
    });
  }
  return prompt;
}

function checkBaseUrl(value: string, label: string, prefix: string): URL {
  const url = providerBaseUrl(value);
  if (!url) {
    throw new ImagesmithError('invalid-input', l10n.t('{0}\'s base URL "{1}" is not an http or https URL. Fix the setting {2}.', label, value, `${prefix}.baseUrl`), {
      provider: label,
      parameter: 'baseUrl',
    });
  }
  return url;
}

async function saveAll(images: readonly ReceivedImage[], prompt: string, deps: PipelineDeps, signal: AbortSignal, label: string) {
  const { target } = deps;
  const stem = target?.stem ?? fileStem((deps.now ?? (() => new Date()))(), prompt);
  const saved: string[] = [];
  try {
    for (const image of images) {
      throwIfAborted(signal, label);
      const ext = target ? extensionFor(image.format, target.ext) : image.ext;
      saved.push(await saveUnique(deps.store, stem, ext, image.draft, image.sidecar));
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

function throwIfAborted(signal: AbortSignal, label: string): void {
  if (signal.aborted) throw cancelled(label);
}

function asImagesmithError(error: unknown, signal: AbortSignal, provider: string): ImagesmithError {
  if (error instanceof ImagesmithError) return error;
  if (signal.aborted) return cancelled();
  const message = error instanceof Error ? error.message : String(error);
  return new ImagesmithError('provider', l10n.t('{0}: unexpected failure: {1}', provider, message), { cause: error });
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
