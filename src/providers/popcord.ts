import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { ImagesmithError } from '../core/errors';
import { readServerList } from '../core/serverLists';
import { retryAfterSeconds, type JsonResponse } from '../core/httpAnswer';
import { describeBody, statusError } from '../core/providerErrors';
import type { ImageProvider, ProviderContext } from '../core/types';
import { defined, sizeField, textField, type InfotextFields, type RecalledParams } from './fromInfotext';
import { POPCORD_ONLY_SIZE, POPCORD_SIZES } from './documentedSizes';
import { popcordParams as params } from './params/popcord';

const LABEL = 'PopCord';

/** The lists the document gives, used when the server's own lists cannot be had. */
export const DOCUMENTED_MODELS = ['flux', 'poli', 'sdxl-turbo', 'dalle3'] as const;


export interface PopcordLists {
  readonly models: readonly string[];
  readonly sizes: readonly string[];
  /** False when the server's lists could not be read and the documented ones stand in. */
  readonly fromServer: boolean;
}

const listsSchema = {
  models: z.object({ models: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)) }),
  sizes: z.object({ sizes: z.array(z.string().check(z.regex(/^\d+x\d+$/))).check(z.minLength(1)) }),
};

/** Per base URL, for as long as the session's lists are kept; a failed read is not remembered. */
export function popcordLists(ctx: Pick<ProviderContext, 'baseUrl' | 'http' | 'lists'>): Promise<PopcordLists> {
  return ctx.lists.get(`popcord ${ctx.baseUrl.href}`, () => readLists(ctx), { keep: (lists) => lists.fromServer });
}

async function readLists(ctx: Pick<ProviderContext, 'baseUrl' | 'http'>): Promise<PopcordLists> {
  // A cancelled generation must not leave a half-read list behind for the next one.
  const signal = AbortSignal.timeout(15_000);
  const [models, sizes] = await Promise.all([
    readServerList(ctx.http, new URL('models', ctx.baseUrl), listsSchema.models, { signal }),
    readServerList(ctx.http, new URL('sizes', ctx.baseUrl), listsSchema.sizes, { signal }),
  ]);
  return {
    models: models?.models ?? DOCUMENTED_MODELS,
    sizes: sizes?.sizes ?? POPCORD_SIZES,
    fromServer: models !== undefined && sizes !== undefined,
  };
}

const generated = z.object({ image_url: z.string().check(z.minLength(1)) });
const failure = z.object({
  status_code: z.optional(z.pipe(z.coerce.number(), z.int())),
  detail: z.optional(z.union([z.string(), z.array(z.unknown()), z.record(z.string(), z.unknown())])),
  error: z.optional(z.union([z.string(), z.record(z.string(), z.unknown())])),
});

/** The document shows `{status_code, detail}` (detail a string or FastAPI's list) in one place and `{error}` in another. */
export function popcordErrorDetail(body: unknown): { detail?: string; statusCode?: number } {
  const parsed = failure.safeParse(body);
  if (!parsed.success) return {};
  const { detail, error, status_code: statusCode } = parsed.data;
  const text = describeDetail(detail) ?? describeDetail(error);
  return { detail: text, statusCode };
}

function describeDetail(detail: unknown): string | undefined {
  if (detail === undefined || detail === null) return undefined;
  if (typeof detail === 'string') return detail.trim() || undefined;
  if (Array.isArray(detail)) {
    const parts = detail.map((item) => {
      if (typeof item === 'string') return item;
      const entry = item as { loc?: unknown; msg?: unknown };
      const where = Array.isArray(entry.loc) ? entry.loc.filter((part) => part !== 'body').join('.') : '';
      const msg = typeof entry.msg === 'string' ? entry.msg : JSON.stringify(item);
      return where ? `${where}: ${msg}` : msg;
    });
    return parts.join('; ') || undefined;
  }
  if (typeof detail === 'object') {
    const message = (detail as { message?: unknown; msg?: unknown }).message ?? (detail as { msg?: unknown }).msg;
    return typeof message === 'string' ? message : JSON.stringify(detail);
  }
  return typeof detail === 'number' || typeof detail === 'boolean' ? String(detail) : undefined;
}

function failureFrom(response: JsonResponse): ImagesmithError {
  const { detail, statusCode } = popcordErrorDetail(response.json);
  const ok = response.status >= 200 && response.status < 300;
  // A 200 that carries an error still failed; its status_code, when given, says how.
  const status = ok ? (statusCode ?? 0) : response.status;
  const said = detail ?? (response.json === undefined ? l10n.t('its answer was {0}', describeBody(response)) : l10n.t('no image URL in the answer'));
  if (status >= 400) {
    return statusError(LABEL, status, said, { needsKey: false, retryAfterSeconds: retryAfterSeconds(response.headers['retry-after']) });
  }
  return new ImagesmithError('provider', l10n.t('{0} did not make an image: {1}. Try again, or another model.', LABEL, said), {
    provider: LABEL,
    status: response.status,
  });
}

export const popcord: ImageProvider<typeof params> = {
  id: 'popcord',
  label: LABEL,
  needsKey: false,
  defaultBaseUrl: 'https://popcord.io-i.uk/',
  takesNegativePrompt: false,
  params,
  recall: popcordParamsFromInfotext,
  cannotEdit: () => l10n.t('PopCord’s API only makes images from a prompt (its image/generate takes no image).'),
  onlySize: POPCORD_ONLY_SIZE,

  async check(request, ctx) {
    const only = POPCORD_ONLY_SIZE[request.params.model];
    if (only && request.params.size !== only) {
      throw new ImagesmithError('invalid-input', l10n.t('{0}: the {1} model accepts only the size {2}; got {3}.', LABEL, request.params.model, only, request.params.size), {
        provider: LABEL,
        parameter: 'size',
      });
    }
    const lists = await popcordLists(ctx);
    for (const [key, title, listed] of [
      ['model', 'Model', lists.models],
      ['size', 'Size', lists.sizes],
    ] as const) {
      const value = request.params[key];
      if (listed.includes(value)) continue;
      if (!lists.fromServer) {
        // The documented lists are only a guess at the server's (its 786x1024 is likely 768x1024): the server decides.
        ctx.warn(
          key === 'model'
            ? l10n.t('{0}\'s model list could not be read, and "{1}" is not in the documented one ({2}); it is sent anyway.', LABEL, value, listed.join(', '))
            : l10n.t('{0}\'s size list could not be read, and "{1}" is not in the documented one ({2}); it is sent anyway.', LABEL, value, listed.join(', ')),
        );
        continue;
      }
      throw new ImagesmithError('invalid-input', l10n.t('{0}: {1} ({2}) must be one of {3}; got "{4}".', LABEL, title, key, listed.join(', '), value), { provider: LABEL, parameter: key });
    }
  },

  async choices(ctx) {
    const lists = await popcordLists(ctx);
    return { model: lists.models, size: lists.sizes };
  },

  async generate(request, ctx) {
    ctx.progress({ stage: 'sending' });
    const response = await ctx.http.postJson(
      new URL('image/generate', ctx.baseUrl),
      { model: request.params.model, prompt: request.prompt, size: request.params.size },
      { signal: ctx.signal },
    );
    const ok = response.status >= 200 && response.status < 300;
    const image = generated.safeParse(response.json);
    if (!ok || !image.success) throw failureFrom(response);
    return { images: [{ url: image.data.image_url }] };
  },

  infotext(request) {
    return [
      ['Size', request.params.size],
      ['Model', request.params.model],
    ];
  },
};

/** The inverse of `infotext()`: an image's fields as PopCord parameters. */
export function popcordParamsFromInfotext(fields: InfotextFields): RecalledParams {
  const size = sizeField(fields);
  return defined({ model: textField(fields, 'Model'), size: size ? `${size.width}x${size.height}` : undefined });
}
