import * as l10n from '@vscode/l10n';
import { FormData } from 'undici/lib/web/fetch/formdata';
import * as z from 'zod/mini';
import { ImagesmithError } from '../core/errors';
import { asJson, type FormResponse } from '../core/httpAnswer';
import { describeBody, responseError } from '../core/providerErrors';
import type { ImageProvider, ProviderContext, ProviderResult } from '../core/types';
import { postBearerForm } from './bearer';
import { imageFromBase64 } from '../core/base64';
import { defined, numberField, textField, type InfotextFields, type RecalledParams } from './fromInfotext';
import { stabilityParams as params } from './params/stability';

const LABEL = 'Stability AI';

/** What the infotext's Model field says for the services that have no model parameter. */
const SERVICE_MODEL = { core: 'stable-image-core', ultra: 'stable-image-ultra' } as const;

export type StabilityParams = z.infer<typeof params>;
type Params = StabilityParams;

/** `{name, errors: []}` as the API documents its errors; `message` as some gateways send. */
const errorBody = z.object({
  name: z.nullish(z.string()),
  errors: z.nullish(z.array(z.string())),
  message: z.nullish(z.string()),
});

/** The answer when the gateway sends JSON (Accept: application/json) rather than the image itself. */
const jsonImage = z.object({
  image: z.string().check(z.minLength(1)),
  finish_reason: z.nullish(z.string()),
  seed: z.nullish(z.pipe(z.coerce.number(), z.int())),
});

function invalid(message: string, parameter: string): ImagesmithError {
  return new ImagesmithError('invalid-input', `${LABEL}: ${message}`, { provider: LABEL, parameter });
}

/** The rules that tie one parameter to another, which the schema cannot say. */
export function stabilityProblems(p: Params, negativePrompt: string | undefined): ImagesmithError[] {
  const problems: ImagesmithError[] = [];
  const rule = (broken: boolean, message: string, parameter: string) => {
    if (broken) problems.push(invalid(message, parameter));
  };
  rule(p.stylePreset !== 'none' && p.service !== 'core', l10n.t('Style preset is for the core service only; set it to none for {0}.', p.service), 'stylePreset');
  rule(p.cfgScale !== null && p.service !== 'sd3', l10n.t('CFG scale is for the sd3 service only; leave it empty for {0}.', p.service), 'cfgScale');
  rule(p.service === 'sd3' && p.outputFormat === 'webp', l10n.t('the sd3 service makes png or jpeg, not webp.'), 'outputFormat');
  rule(
    p.service === 'sd3' && p.model === 'sd3.5-large-turbo' && Boolean(negativePrompt),
    l10n.t('sd3.5-large-turbo takes no negative prompt; leave it empty or pick another model.'),
    'negativePrompt',
  );
  return problems;
}

/** The form fields, only those the chosen service takes. */
export function stabilityFields(prompt: string, negativePrompt: string | undefined, p: Params): (readonly [string, string])[] {
  return [
    ['prompt', prompt],
    ...(negativePrompt ? ([['negative_prompt', negativePrompt]] as const) : []),
    ['aspect_ratio', p.aspectRatio],
    ...(p.seed === 0 ? [] : ([['seed', String(p.seed)]] as const)),
    ['output_format', p.outputFormat],
    ...(p.service === 'core' && p.stylePreset !== 'none' ? ([['style_preset', p.stylePreset]] as const) : []),
    ...(p.service === 'sd3' ? ([['model', p.model]] as const) : []),
    ...(p.service === 'sd3' && p.cfgScale !== null ? ([['cfg_scale', String(p.cfgScale)]] as const) : []),
  ];
}

function header(response: FormResponse, name: string): string | undefined {
  const value = response.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

export function stabilityFailure(response: FormResponse): ImagesmithError {
  const json = asJson(response);
  const parsed = errorBody.safeParse(json.json);
  const body = parsed.success ? parsed.data : undefined;
  const detail = body?.errors?.filter((e) => e.trim()).join('; ') || body?.message?.trim() || body?.name?.trim() || '';
  // Stability answers 403 for a request its moderation flagged; a bad key is a 401.
  if (response.status === 403) {
    return new ImagesmithError('invalid-input', l10n.t("{0}'s content moderation refused the request (HTTP 403{1}). Reword the prompt.", LABEL, detail ? `: ${detail}` : ''), {
      provider: LABEL,
      parameter: 'prompt',
      status: 403,
    });
  }
  if (response.status === 413) {
    return new ImagesmithError('invalid-input', l10n.t('{0} says the request is too large (HTTP 413{1}). Shorten the prompt.', LABEL, detail ? `: ${detail}` : ''), {
      provider: LABEL,
      status: 413,
    });
  }
  return responseError(LABEL, json, detail);
}

const FILTERED = 'CONTENT_FILTERED';

/**
 * A blurred image is still a successful generation that Stability charged for: it is saved,
 * the person is told, and the image's infotext records the finish reason.
 */
function withFinishReason(result: ProviderResult, finishReason: string | null | undefined, warn: (message: string) => void): ProviderResult {
  if (finishReason !== FILTERED) return result;
  warn(l10n.t("{0}'s content filter blurred the image (finish reason {1}). It is saved as sent, since the generation was charged; reword the prompt for a clear one.", LABEL, FILTERED));
  return { ...result, reported: { 'Finish reason': FILTERED } };
}

/** The image of a successful answer, as bytes with its seed and finish reason in headers, or as JSON. */
export function stabilityAnswer(response: FormResponse, askedSeed: number, ctx: Pick<ProviderContext, 'http' | 'warn'>): ProviderResult {
  if (response.status < 200 || response.status >= 300) throw stabilityFailure(response);

  if (/json/i.test(response.contentType ?? '')) {
    const json = asJson(response);
    const parsed = jsonImage.safeParse(json.json);
    if (!parsed.success) {
      throw new ImagesmithError('provider', l10n.t("{0}'s answer was {1}, not an image. Try again later.", LABEL, describeBody(json)), { provider: LABEL, status: response.status });
    }
    const bytes = imageFromBase64(parsed.data.image, ctx.http);
    return withFinishReason({ images: [{ bytes }], ...(parsed.data.seed ? { seed: parsed.data.seed } : {}) }, parsed.data.finish_reason, ctx.warn);
  }
  if (response.bytes.byteLength === 0) {
    throw new ImagesmithError('provider', l10n.t('{0} answered with an empty response instead of the image. Try again later.', LABEL), { provider: LABEL, status: response.status });
  }
  const seed = Number(header(response, 'seed') ?? Number.NaN);
  const result: ProviderResult = {
    images: [{ bytes: response.bytes }],
    ...(Number.isInteger(seed) && seed > 0 ? { seed } : askedSeed === 0 ? {} : { seed: askedSeed }),
  };
  return withFinishReason(result, header(response, 'finish-reason'), ctx.warn);
}

export const stability: ImageProvider<typeof params> = {
  id: 'stability',
  label: LABEL,
  needsKey: true,
  keyUrl: 'https://platform.stability.ai/account/keys',
  defaultBaseUrl: 'https://api.stability.ai/',
  takesNegativePrompt: true,
  params,
  problems: (p, negativePrompt) => stabilityProblems(p, negativePrompt),
  rulesFollow: 'service',
  recall: stabilityParamsFromInfotext,

  check(request) {
    const [problem] = stabilityProblems(request.params, request.negativePrompt);
    if (problem) throw problem;
  },

  async generate(request, ctx) {
    const p = request.params;
    const form = new FormData();
    for (const [name, value] of stabilityFields(request.prompt, request.negativePrompt, p)) form.append(name, value);
    return stabilityAnswer(await postBearerForm(ctx, `v2beta/stable-image/generate/${p.service}`, form, 'image/*'), p.seed, ctx);
  },

  infotext(request, result) {
    const p = request.params;
    const finishReason = result.reported?.['Finish reason'];
    return [
      ...(result.seed === undefined ? [] : ([['Seed', result.seed]] as const)),
      ['Aspect ratio', p.aspectRatio],
      ['Model', p.service === 'sd3' ? p.model : SERVICE_MODEL[p.service]],
      ...(p.service === 'sd3' && p.cfgScale !== null ? ([['CFG scale', p.cfgScale]] as const) : []),
      ...(p.service === 'core' && p.stylePreset !== 'none' ? ([['Style preset', p.stylePreset]] as const) : []),
      ...(p.outputFormat === 'png' ? [] : ([['Output format', p.outputFormat]] as const)),
      ...(finishReason ? ([['Finish reason', finishReason]] as const) : []),
    ];
  },
};

/**
 * The inverse of `infotext()`. The Model field names the service (stable-image-core,
 * stable-image-ultra) or, for sd3, the model; absent optional fields read back as their
 * "unset" choices.
 */
export function stabilityParamsFromInfotext(fields: InfotextFields): RecalledParams {
  const model = textField(fields, 'Model');
  const service = model === SERVICE_MODEL.core ? 'core' : model === SERVICE_MODEL.ultra ? 'ultra' : model?.startsWith('sd3') ? 'sd3' : undefined;
  return defined({
    service,
    model: service === 'sd3' ? model : undefined,
    aspectRatio: textField(fields, 'Aspect ratio'),
    seed: numberField(fields, 'Seed') ?? 0,
    outputFormat: textField(fields, 'Output format') ?? 'png',
    stylePreset: textField(fields, 'Style preset') ?? 'none',
    cfgScale: numberField(fields, 'CFG scale') ?? null,
  });
}
