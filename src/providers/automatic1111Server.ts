import * as l10n from '@vscode/l10n';
/**
 * The AUTOMATIC1111 web UI's API around a generation: its lists (samplers, schedule types,
 * checkpoints), its errors, and running a txt2img or img2img job, followed with
 * automatic1111Progress's JobWatch. Both routes share all of it, and answer in the same shape.
 */
import * as z from 'zod/mini';
import { ImagesmithError } from '../core/errors';
import type { JsonResponse } from '../core/httpAnswer';
import { describeBody, responseError, unexpectedAnswer } from '../core/providerErrors';
import { readServerList } from '../core/serverLists';
import type { ProviderContext, ProviderResult } from '../core/types';
import { imageFromBase64 } from '../core/base64';
import { JobWatch } from './automatic1111Progress';
import type { automatic1111Params } from './params/automatic1111';

const LABEL = 'AUTOMATIC1111';
/** Checkpoints and samplers change when the person adds files or extensions; re-read them after this. */
const LISTS_TTL_MS = 60_000;

export interface Automatic1111Lists {
  readonly samplers: readonly string[];
  /** Checkpoint titles (`name.safetensors [hash]`), as `sd_model_checkpoint` takes them. */
  readonly checkpoints: readonly string[];
  /** Titles and short names, both of which the server accepts. */
  readonly checkpointNames: ReadonlySet<string>;
  /** Aliases (`k_euler_a`) to the sampler's name, which is all a current server looks up. */
  readonly samplerAliases: ReadonlyMap<string, string>;
  /** Schedule types by label (`Karras`), as the panel offers them; empty on servers before schedulers were separate. */
  readonly schedulers: readonly string[];
  /** Scheduler names, labels and aliases to the label. */
  readonly schedulerNames: ReadonlyMap<string, string>;
}

const samplersSchema = z.array(z.object({ name: z.string().check(z.minLength(1)), aliases: z.nullish(z.array(z.string())) }));
const modelsSchema = z.array(z.object({ title: z.string().check(z.minLength(1)), model_name: z.nullish(z.string()) }));
const schedulersSchema = z.array(z.object({ name: z.string().check(z.minLength(1)), label: z.string().check(z.minLength(1)), aliases: z.nullish(z.array(z.string())) }));

/** The server's samplers, schedulers and checkpoints, or undefined when it cannot give them (the generation will then say why). */
export function automatic1111Lists(ctx: Pick<ProviderContext, 'baseUrl' | 'http' | 'apiKey' | 'lists'>): Promise<Automatic1111Lists | undefined> {
  return ctx.lists.get(`automatic1111 ${ctx.baseUrl.href}`, () => readLists(ctx), { keep: (lists) => lists !== undefined, ttlMs: LISTS_TTL_MS });
}

async function readLists(ctx: Pick<ProviderContext, 'baseUrl' | 'http' | 'apiKey'>): Promise<Automatic1111Lists | undefined> {
  // Not the generation's signal: a cancelled generation must not leave a half-read list for the next one.
  const signal = AbortSignal.timeout(15_000);
  const headers = authHeaders(ctx.apiKey);
  const [samplers, models, schedulers] = await Promise.all([
    readServerList(ctx.http, new URL('sdapi/v1/samplers', ctx.baseUrl), samplersSchema, { signal, headers }),
    readServerList(ctx.http, new URL('sdapi/v1/sd-models', ctx.baseUrl), modelsSchema, { signal, headers }),
    // Servers before 1.9 have no such route: their samplers carry the schedule in the name ("DPM++ 2M Karras").
    readServerList(ctx.http, new URL('sdapi/v1/schedulers', ctx.baseUrl), schedulersSchema, { signal, headers }),
  ]);
  if (!samplers || !models) return undefined;
  return {
    samplers: samplers.map((s) => s.name),
    checkpoints: models.map((m) => m.title),
    samplerAliases: new Map(samplers.flatMap((s) => (s.aliases ?? []).map((alias) => [alias, s.name] as const))),
    checkpointNames: new Set(models.flatMap((m) => [m.title, ...(m.model_name ? [m.model_name] : [])])),
    schedulers: (schedulers ?? []).map((s) => s.label),
    schedulerNames: new Map((schedulers ?? []).flatMap((s) => [s.name, s.label, ...(s.aliases ?? [])].map((name) => [name, s.label] as const))),
  };
}

/**
 * The sampler and schedule type to send, as a current server looks them up: by name only,
 * falling back silently to its first sampler for anything else. An alias becomes its
 * sampler's name; a name with a schedule type after it ("DPM++ 2M Karras", from an older
 * server or an older image) is split as the server splits it. Undefined when nothing matches.
 */
export function resolveSampler(lists: Automatic1111Lists, samplerName: string, scheduler: string): { sampler: string; scheduler: string } | undefined {
  const named = (name: string) => (lists.samplers.includes(name) ? name : lists.samplerAliases.get(name));
  const direct = named(samplerName);
  if (direct) return { sampler: direct, scheduler };
  for (const [option, label] of lists.schedulerNames) {
    if (!samplerName.endsWith(` ${option}`)) continue;
    const sampler = named(samplerName.slice(0, -(option.length + 1)));
    // A schedule type chosen on its own wins over one in the sampler's name.
    if (sampler) return { sampler, scheduler: scheduler || label };
  }
  return undefined;
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
  images: z.nullish(z.array(z.string())),
  info: z.nullish(z.string()),
});
const infoSchema = z.object({
  seed: z.nullish(z.int()),
  all_seeds: z.nullish(z.array(z.int())),
  sd_model_name: z.nullish(z.string()),
  sampler_name: z.nullish(z.string()),
  infotexts: z.nullish(z.array(z.string())),
});
/**
 * FastAPI's `{detail}` (a string, or a list from validation), or the webui's own
 * `{error, detail, body, errors}` from its exception handler, where `errors` is the
 * exception as text (`404: Sampler not found` for an HTTPException) and `detail` what it said.
 */
const failure = z.object({
  detail: z.nullish(z.union([z.string(), z.array(z.object({ loc: z.optional(z.array(z.union([z.string(), z.number()]))), msg: z.string() }))])),
  error: z.nullish(z.string()),
  errors: z.nullish(z.string()),
});

export function automatic1111ErrorDetail(body: unknown): string {
  const parsed = failure.safeParse(body);
  if (!parsed.success) return '';
  const { detail, error, errors } = parsed.data;
  if (typeof detail === 'string' && detail.trim()) return detail.trim();
  if (errors?.trim()) return error ? `${error}: ${errors.trim()}` : errors.trim();
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
    const message = hadCredential
      ? l10n.t('{0} rejected the user name and password (HTTP {1}{2}). Run "Imagesmith: Set API Key…" and enter user:password as given to its --api-auth.', LABEL, response.status, said)
      : l10n.t('{0} asks for a user name and password (HTTP {1}{2}). Run "Imagesmith: Set API Key…" and enter user:password as given to its --api-auth.', LABEL, response.status, said);
    return new ImagesmithError(
      'rejected-key',
      message,
      { provider: LABEL, status: response.status },
    );
  }
  if (response.status === 404 && !detail) {
    return new ImagesmithError('provider', l10n.t('{0} has no API at this address (HTTP 404). Start the web UI with --api, and check imagesmith.providers.automatic1111.baseUrl.', LABEL), {
      provider: LABEL,
      status: 404,
    });
  }
  return responseError(LABEL, response, detail || (response.json === undefined ? l10n.t('its answer was {0}', describeBody(response)) : ''), { needsKey: false });
}

/** The schedule type the server wrote into the image's own infotext, if it did. */
function scheduleTypeIn(infotext: string | undefined): string | undefined {
  return infotext ? /(?:^|, |\n)Schedule type: ([^,\n]+)/.exec(infotext)?.[1]?.trim() : undefined;
}

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

/** The sampler and schedule type to send, as the server looks them up (see resolveSampler); what was asked when it cannot list them. */
export async function samplerToSend(ctx: ProviderContext, samplerName: string, scheduler: string): Promise<{ sampler: string; scheduler: string }> {
  const lists = await automatic1111Lists(ctx);
  const resolved = (lists && resolveSampler(lists, samplerName, scheduler)) ?? { sampler: samplerName, scheduler };
  const schedule = resolved.scheduler && lists ? (lists.schedulerNames.get(resolved.scheduler) ?? resolved.scheduler) : resolved.scheduler;
  return { sampler: resolved.sampler, scheduler: schedule };
}

/**
 * Sends a txt2img or img2img body and follows the job until it answers: progress while it
 * runs, an interrupt once it is ours when cancelled, and what the server says it used.
 */
export async function runJob(
  route: 'sdapi/v1/txt2img' | 'sdapi/v1/img2img',
  body: Record<string, unknown>,
  asked: { readonly seed: number; readonly checkpoint: string; readonly sampler: string; readonly scheduler: string },
  ctx: ProviderContext,
): Promise<ProviderResult> {
  const headers = authHeaders(ctx.apiKey);
  ctx.progress({ stage: 'sending' });
  const watch = new JobWatch(ctx, headers);
  await watch.start();
  const stop = new AbortController();
  const onAbort = () => {
    stop.abort();
    // The web UI keeps sampling after its client goes away; interrupting frees it for the next job, once it is ours.
    void watch.interruptWhenOurs();
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const progress = watch.report(stop.signal);
  let response: JsonResponse;
  try {
    response = await ctx.http.postJson(new URL(route, ctx.baseUrl), body, { signal: ctx.signal, headers });
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    stop.abort();
    await progress;
  }
  const ok = response.status >= 200 && response.status < 300;
  if (!ok) throw failureFrom(response, ctx.apiKey !== undefined);
  const parsed = answer.safeParse(response.json);
  if (!parsed.success) throw unexpectedAnswer(LABEL, response);
  const encoded = parsed.data.images ?? [];
  if (encoded.length === 0) {
    throw new ImagesmithError('provider', l10n.t("{0} sent no image. Check the web UI's console for what went wrong.", LABEL), { provider: LABEL });
  }
  const images = encoded.map((text) => ({ bytes: imageFromBase64(text, ctx.http) }));
  const info = readInfo(parsed.data.info);
  // A batch's seeds run on from the first, so the first is the one A1111 itself records.
  const seed = info?.all_seeds?.[0] ?? info?.seed ?? (asked.seed === -1 ? undefined : asked.seed);
  // What the server says it used, which is not always what was asked: it drops an unknown checkpoint and sampler silently.
  const sampler = info?.sampler_name ?? asked.sampler;
  if (sampler !== asked.sampler) ctx.warn(l10n.t('{0} used the sampler {1}, not {2}, which it does not know.', LABEL, sampler, asked.sampler));
  if (asked.checkpoint && info?.sd_model_name && !asked.checkpoint.startsWith(info.sd_model_name)) {
    ctx.warn(l10n.t('{0} generated with {1}, not the checkpoint {2}; the image records what it used.', LABEL, info.sd_model_name, asked.checkpoint));
  }
  const schedule = scheduleTypeIn(info?.infotexts?.[0]) ?? asked.scheduler;
  return {
    images,
    ...(seed === undefined || seed === null ? {} : { seed }),
    ...(info?.sd_model_name ? { model: info.sd_model_name } : {}),
    reported: { Sampler: sampler, ...(schedule ? { 'Schedule type': schedule } : {}) },
  };
}

/**
 * The sampling fields txt2img and img2img share: the checkpoint is switched for this
 * request only, and the images come back in the answer without the server keeping copies.
 */
export function samplingFields(p: z.output<typeof automatic1111Params>, sampler: string, scheduler: string): Record<string, unknown> {
  return {
    steps: p.steps,
    sampler_name: sampler,
    ...(scheduler ? { scheduler } : {}),
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
}
