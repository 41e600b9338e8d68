import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { ImagesmithError } from '../core/errors';
import { describeBody, responseError, type HttpClient, type JsonResponse } from '../core/http';
import type { ImageProvider, ProviderContext } from '../core/types';
import { imageFromBase64 } from '../core/base64';
import { defined, numberField, sizeField, textField, type InfotextFields, type RecalledParams } from './fromInfotext';

const LABEL = 'AUTOMATIC1111';
/** How often the server's progress is read while it generates; real time, since it never delays the result. */
export const PROGRESS_INTERVAL_MS = 750;
/** Checkpoints and samplers change when the person adds files or extensions; re-read them after this. */
const LISTS_TTL_MS = 60_000;

const side = (title: string) =>
  z.int().min(64).max(2048).multipleOf(8).default(512).meta({ title, description: 'Pixels, a multiple of 8; 512 for SD 1.5 models, 1024 for SDXL.' });

const params = z.strictObject({
  checkpoint: z
    .string()
    .trim()
    .max(500)
    .default('')
    .meta({
      title: 'Checkpoint',
      description: 'The model file, as the server lists it; empty keeps the one the server has loaded.',
      emptyLabel: '(the loaded model)',
    }),
  samplerName: z.string().trim().min(1).max(100).default('Euler a').meta({ title: 'Sampler', wire: 'sampler_name', description: 'One of the server’s samplers.' }),
  steps: z.int().min(1).max(150).default(20).meta({ title: 'Steps', description: 'Sampling steps, 1 to 150.' }),
  cfgScale: z.number().min(1).max(30).default(7).meta({ title: 'CFG scale', wire: 'cfg_scale', description: 'How closely the image follows the prompt, 1 to 30.' }),
  seed: z.int().min(-1).max(4_294_967_295).default(-1).meta({ title: 'Seed', description: '-1 picks a random seed.' }),
  width: side('Width'),
  height: side('Height'),
  batchSize: z.int().min(1).max(8).default(1).meta({ title: 'Batch size', wire: 'batch_size', description: 'Images per generation, 1 to 8.' }),
});

export interface Automatic1111Lists {
  readonly samplers: readonly string[];
  /** Checkpoint titles (`name.safetensors [hash]`), as `sd_model_checkpoint` takes them. */
  readonly checkpoints: readonly string[];
  /** Titles and short names, both of which the server accepts. */
  readonly checkpointNames: ReadonlySet<string>;
  readonly samplerNames: ReadonlySet<string>;
}

const samplersSchema = z.array(z.object({ name: z.string().min(1), aliases: z.array(z.string()).nullish() }));
const modelsSchema = z.array(z.object({ title: z.string().min(1), model_name: z.string().nullish() }));

const listCache = new Map<string, { readonly at: number; readonly lists: Promise<Automatic1111Lists | undefined> }>();

export function clearAutomatic1111Lists(): void {
  listCache.clear();
}

/** The server's samplers and checkpoints, or undefined when it cannot give them (the generation will then say why). */
export function automatic1111Lists(ctx: Pick<ProviderContext, 'baseUrl' | 'http' | 'apiKey'>): Promise<Automatic1111Lists | undefined> {
  const key = ctx.baseUrl.href;
  const cached = listCache.get(key);
  if (cached && Date.now() - cached.at < LISTS_TTL_MS) return cached.lists;
  const lists = readLists(ctx);
  listCache.set(key, { at: Date.now(), lists });
  void lists.then((value) => {
    if (value === undefined) listCache.delete(key);
  });
  return lists;
}

async function readLists(ctx: Pick<ProviderContext, 'baseUrl' | 'http' | 'apiKey'>): Promise<Automatic1111Lists | undefined> {
  // Not the generation's signal: a cancelled generation must not leave a half-read list for the next one.
  const signal = AbortSignal.timeout(15_000);
  const headers = authHeaders(ctx.apiKey);
  const [samplers, models] = await Promise.all([
    readList(ctx.http, new URL('sdapi/v1/samplers', ctx.baseUrl), signal, headers, samplersSchema),
    readList(ctx.http, new URL('sdapi/v1/sd-models', ctx.baseUrl), signal, headers, modelsSchema),
  ]);
  if (!samplers || !models) return undefined;
  return {
    samplers: samplers.map((s) => s.name),
    checkpoints: models.map((m) => m.title),
    samplerNames: new Set(samplers.flatMap((s) => [s.name, ...(s.aliases ?? [])])),
    checkpointNames: new Set(models.flatMap((m) => [m.title, ...(m.model_name ? [m.model_name] : [])])),
  };
}

async function readList<T>(http: HttpClient, url: URL, signal: AbortSignal, headers: Record<string, string>, schema: z.ZodType<T>): Promise<T | undefined> {
  try {
    const response = await http.getJson(url, { signal, headers });
    if (response.status < 200 || response.status >= 300) return undefined;
    const parsed = schema.safeParse(response.json);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The server's `--api-auth user:password` is kept in the key store as that same
 * `user:password` text, and sent as HTTP basic auth; without it nothing is sent.
 */
export function authHeaders(credential: string | undefined): Record<string, string> {
  if (!credential) return {};
  return { authorization: `Basic ${Buffer.from(credential, 'utf8').toString('base64')}` };
}

const answer = z.object({
  images: z.array(z.string()).nullish(),
  info: z.string().nullish(),
});
const infoSchema = z.object({
  seed: z.number().int().nullish(),
  all_seeds: z.array(z.number().int()).nullish(),
  sd_model_name: z.string().nullish(),
});
const progressSchema = z.object({
  progress: z.number().min(0).max(1),
  state: z.object({ interrupted: z.boolean().optional(), job_count: z.number().optional() }).partial().nullish(),
});
/** FastAPI's `{detail}` (a string, or a list from validation), or the webui's own `{error, detail, body, errors}` on a 500. */
const failure = z.object({
  detail: z.union([z.string(), z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])).optional(), msg: z.string() }))]).nullish(),
  error: z.string().nullish(),
  errors: z.string().nullish(),
});

export function automatic1111ErrorDetail(body: unknown): string {
  const parsed = failure.safeParse(body);
  if (!parsed.success) return '';
  const { detail, error, errors } = parsed.data;
  if (errors?.trim()) return error ? `${error}: ${errors.trim()}` : errors.trim();
  if (typeof detail === 'string' && detail.trim()) return detail.trim();
  if (Array.isArray(detail)) {
    return detail.map((d) => {
      const where = (d.loc ?? []).filter((part) => part !== 'body').join('.');
      return where ? `${where}: ${d.msg}` : d.msg;
    }).join('; ');
  }
  return error?.trim() ?? '';
}

function failureFrom(response: JsonResponse, hadCredential: boolean): ImagesmithError {
  const detail = automatic1111ErrorDetail(response.json);
  if (response.status === 401 || response.status === 403) {
    const said = detail ? `: ${detail}` : '';
    const what = hadCredential ? 'rejected the user name and password' : 'asks for a user name and password';
    return new ImagesmithError(
      'rejected-key',
      `${LABEL} ${what} (HTTP ${response.status}${said}). Run "Imagesmith: Set API Key…" and enter user:password as given to its --api-auth.`,
      { provider: LABEL, status: response.status },
    );
  }
  if (response.status === 404 && !detail) {
    return new ImagesmithError('provider', `${LABEL} has no API at this address (HTTP 404). Start the web UI with --api, and check imagesmith.providers.automatic1111.baseUrl.`, {
      provider: LABEL,
      status: 404,
    });
  }
  return responseError(LABEL, response, detail || (response.json === undefined ? `its answer was ${describeBody(response)}` : ''), { needsKey: false });
}

/** Reads the server's progress until `stop` aborts; the server reports only one job at a time, which is this one. */
async function reportProgress(ctx: ProviderContext, stop: AbortSignal, headers: Record<string, string>): Promise<void> {
  const url = new URL('sdapi/v1/progress?skip_current_image=true', ctx.baseUrl);
  let last = -1;
  while (!stop.aborted) {
    try {
      await delay(PROGRESS_INTERVAL_MS, undefined, { signal: stop });
      const response = await ctx.http.getJson(url, { signal: stop, headers });
      const parsed = progressSchema.safeParse(response.json);
      if (response.status === 200 && parsed.success && !stop.aborted && parsed.data.progress !== last) {
        last = parsed.data.progress;
        ctx.progress({ stage: 'generating', fraction: parsed.data.progress });
      }
    } catch {
      // A progress read that fails tells nothing about the generation, which answers for itself.
    }
  }
}

export const automatic1111: ImageProvider<typeof params> = {
  id: 'automatic1111',
  label: LABEL,
  needsKey: false,
  optionalKey: 'user:password, as given to the web UI’s --api-auth',
  defaultBaseUrl: 'http://127.0.0.1:7860/',
  takesNegativePrompt: true,
  params,
  recall: (fields) => automatic1111ParamsFromInfotext(fields),

  async check(request, ctx) {
    const lists = await automatic1111Lists(ctx);
    if (!lists) return;
    const { samplerName, checkpoint } = request.params;
    if (!lists.samplerNames.has(samplerName)) {
      throw new ImagesmithError('invalid-input', `${LABEL}: Sampler (samplerName) must be one of ${lists.samplers.join(', ')}; got "${samplerName}".`, {
        provider: LABEL,
        parameter: 'samplerName',
      });
    }
    if (checkpoint && !lists.checkpointNames.has(checkpoint)) {
      const known = lists.checkpoints.length > 0 ? `one of ${lists.checkpoints.join(', ')}` : 'a checkpoint the server has (it lists none)';
      throw new ImagesmithError('invalid-input', `${LABEL}: Checkpoint (checkpoint) must be ${known}; got "${checkpoint}".`, {
        provider: LABEL,
        parameter: 'checkpoint',
      });
    }
  },

  async choices(ctx) {
    const lists = await automatic1111Lists(ctx);
    const none: Readonly<Record<string, readonly string[]>> = {};
    // The empty choice keeps whatever checkpoint the server has loaded, which costs no model switch.
    return lists ? { samplerName: lists.samplers, checkpoint: ['', ...lists.checkpoints] } : none;
  },

  async generate(request, ctx) {
    const p = request.params;
    const headers = authHeaders(ctx.apiKey);
    const body = {
      prompt: request.prompt,
      negative_prompt: request.negativePrompt ?? '',
      steps: p.steps,
      sampler_name: p.samplerName,
      cfg_scale: p.cfgScale,
      seed: p.seed,
      width: p.width,
      height: p.height,
      batch_size: p.batchSize,
      n_iter: 1,
      send_images: true,
      save_images: false,
      ...(p.checkpoint ? { override_settings: { sd_model_checkpoint: p.checkpoint }, override_settings_restore_afterwards: true } : {}),
    };
    ctx.progress({ stage: 'sending' });
    const stop = new AbortController();
    const onAbort = () => {
      stop.abort();
      // The web UI keeps sampling after its client goes away; interrupting frees it for the next job.
      void ctx.http
        .postJson(new URL('sdapi/v1/interrupt', ctx.baseUrl), {}, { signal: AbortSignal.timeout(5_000), headers })
        .catch(() => undefined);
    };
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const progress = reportProgress(ctx, stop.signal, headers);
    let response: JsonResponse;
    try {
      response = await ctx.http.postJson(new URL('sdapi/v1/txt2img', ctx.baseUrl), body, { signal: ctx.signal, headers });
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      stop.abort();
      await progress;
    }
    const ok = response.status >= 200 && response.status < 300;
    if (!ok) throw failureFrom(response, ctx.apiKey !== undefined);
    const parsed = answer.safeParse(response.json);
    if (!parsed.success) {
      throw new ImagesmithError('provider', `${LABEL}'s answer was ${describeBody(response)}, not what its API documents. Try again later.`, {
        provider: LABEL,
        status: response.status,
      });
    }
    const encoded = parsed.data.images ?? [];
    if (encoded.length === 0) {
      throw new ImagesmithError('provider', `${LABEL} sent no image. Check the web UI's console for what went wrong.`, { provider: LABEL });
    }
    const images = encoded.map((text) => ({ bytes: imageFromBase64(text, ctx.http) }));
    const info = readInfo(parsed.data.info);
    // A batch's seeds run on from the first, so the first is the one A1111 itself records.
    const seed = info?.all_seeds?.[0] ?? info?.seed ?? (p.seed === -1 ? undefined : p.seed);
    return { images, ...(seed === undefined || seed === null ? {} : { seed }), ...(info?.sd_model_name ? { model: info.sd_model_name } : {}) };
  },

  infotext(request, result) {
    const p = request.params;
    const model = p.checkpoint || result.model;
    return [
      ['Steps', p.steps],
      ['Sampler', p.samplerName],
      ['CFG scale', p.cfgScale],
      ...(result.seed === undefined ? [] : ([['Seed', result.seed]] as const)),
      ['Size', `${p.width}x${p.height}`],
      ...(model ? ([['Model', model]] as const) : []),
      ...(p.batchSize > 1 ? ([['Batch size', p.batchSize]] as const) : []),
    ];
  },
};

/** `info` is JSON inside the JSON; an unreadable one costs only the seed. */
function readInfo(text: string | null | undefined): z.infer<typeof infoSchema> | undefined {
  if (!text) return undefined;
  try {
    const parsed = infoSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The inverse of `infotext()`; also reads images the web UI made itself, which write the same fields. */
export function automatic1111ParamsFromInfotext(fields: InfotextFields): RecalledParams {
  const size = sizeField(fields);
  return defined({
    checkpoint: textField(fields, 'Model'),
    samplerName: textField(fields, 'Sampler'),
    steps: numberField(fields, 'Steps'),
    cfgScale: numberField(fields, 'CFG scale'),
    seed: numberField(fields, 'Seed') ?? -1,
    width: size?.width,
    height: size?.height,
    batchSize: numberField(fields, 'Batch size') ?? 1,
  });
}
