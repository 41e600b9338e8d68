import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { ImagesmithError } from '../core/errors';
import type { JsonResponse } from '../core/httpAnswer';
import { responseError, unexpectedAnswer } from '../core/providerErrors';
import type { ImageProvider, ProviderContext, ProviderImage, ProviderResult } from '../core/types';
import { bearer } from './bearer';
import { imageFromBase64 } from '../core/base64';
import { defined, numberField, textField, type InfotextFields, type RecalledParams } from './fromInfotext';
import { DALLE2_SIZES, DALLE3_SIZES, GPT_IMAGE_SIZES } from './documentedSizes';
import { OPENAI_MODELS, openaiParams as params } from './params/openai';

const LABEL = 'OpenAI';

export type OpenaiModel = (typeof OPENAI_MODELS)[number];
export const GPT_IMAGE_QUALITIES = ['auto', 'low', 'medium', 'high'] as const;
export const DALLE3_QUALITIES = ['auto', 'standard', 'hd'] as const;

/** What each dall-e model takes, from the API reference. */
const DALLE: Record<'dall-e-3' | 'dall-e-2', { sizes: readonly string[]; qualities: readonly string[]; maxPrompt: number; maxN: number }> = {
  'dall-e-3': { sizes: DALLE3_SIZES, qualities: DALLE3_QUALITIES, maxPrompt: 4_000, maxN: 1 },
  'dall-e-2': { sizes: DALLE2_SIZES, qualities: ['auto', 'standard'], maxPrompt: 1_000, maxN: 10 },
};

/** The GPT image models share one parameter set; dall-e-3 has its own. */
export function isGptImageModel(model: string): boolean {
  return model.startsWith('gpt-image');
}

export type OpenaiParams = z.infer<typeof params>;
type Params = OpenaiParams;

const errorBody = z.object({
  error: z.object({
    message: z.nullish(z.string()),
    type: z.nullish(z.string()),
    code: z.nullish(z.union([z.string(), z.number()])),
    param: z.nullish(z.string()),
  }),
});

/** `data` is optional in the SDK's ImagesResponse; the GPT image models also say the size and format they used. */
const answer = z.object({
  size: z.nullish(z.string()),
  output_format: z.nullish(z.string()),
  data: z.nullish(z.array(
    z.object({
      b64_json: z.nullish(z.string()),
      url: z.nullish(z.string()),
      revised_prompt: z.nullish(z.string()),
    }),
  )),
});

/** "standard and hd"; longer lists with commas, as the GPT models' are said. */
function listOf(items: readonly string[]): string {
  const [first, second] = items;
  return items.length === 2 && first !== undefined && second !== undefined ? l10n.t('{0} and {1}', first, second) : items.join(', ');
}

function invalid(message: string, parameter: string): ImagesmithError {
  return new ImagesmithError('invalid-input', `${LABEL}: ${message}`, { provider: LABEL, parameter });
}

/** The rules that tie one parameter to another, which the schema cannot say. */
export function openaiProblems(p: Params): ImagesmithError[] {
  const problems: ImagesmithError[] = [];
  const rule = (broken: boolean, message: string, parameter: string) => {
    if (broken) problems.push(invalid(message, parameter));
  };
  if (isGptImageModel(p.model)) {
    rule(!(GPT_IMAGE_SIZES as readonly string[]).includes(p.size), l10n.t('{0} makes the sizes {1}; got {2}.', p.model, GPT_IMAGE_SIZES.join(', '), p.size), 'size');
    rule(!(GPT_IMAGE_QUALITIES as readonly string[]).includes(p.quality), l10n.t('{0} takes the qualities {1}; got {2}.', p.model, GPT_IMAGE_QUALITIES.join(', '), p.quality), 'quality');
    rule(p.style !== 'none', l10n.t('Style is for dall-e-3 only; set it to none for {0}.', p.model), 'style');
    rule(p.background === 'transparent' && p.outputFormat === 'jpeg', l10n.t('a transparent background needs the png or webp format; jpeg has no transparency.'), 'outputFormat');
    rule(p.outputFormat === 'png' && p.outputCompression !== 100, l10n.t('Compression applies to jpeg and webp only; set it to 100 for png, or pick jpeg or webp.'), 'outputCompression');
    return problems;
  }
  const model = p.model as keyof typeof DALLE;
  const rules = DALLE[model];
  rule(p.n > rules.maxN, l10n.t('{0} makes one image per request; set Images to 1 (got {1}).', model, p.n), 'n');
  rule(!rules.sizes.includes(p.size), l10n.t('{0} makes the sizes {1}; got {2}.', model, rules.sizes.join(', '), p.size), 'size');
  rule(!rules.qualities.includes(p.quality), l10n.t('{0} takes the qualities {1}; got {2}.', model, listOf(rules.qualities.filter((q) => q !== 'auto')), p.quality), 'quality');
  rule(p.style !== 'none' && model !== 'dall-e-3', l10n.t('Style is for dall-e-3 only; set it to none for {0}.', model), 'style');
  rule(p.background !== 'auto', l10n.t('Background is for the GPT image models only; set it to auto for {0}.', model), 'background');
  rule(p.outputFormat !== 'png', l10n.t('{0} always sends PNG; set Format to png.', model), 'outputFormat');
  rule(p.outputCompression !== 100, l10n.t('Compression is for the GPT image models only; set it to 100 for {0}.', model), 'outputCompression');
  rule(p.moderation !== 'auto', l10n.t('Moderation is for the GPT image models only; set it to auto for {0}.', model), 'moderation');
  return problems;
}

/** Only what the chosen model takes: OpenAI refuses a parameter its model does not know. */
export function openaiBody(prompt: string, p: Params): Record<string, string | number> {
  if (isGptImageModel(p.model)) {
    return {
      model: p.model,
      prompt,
      n: p.n,
      size: p.size,
      quality: p.quality,
      background: p.background,
      output_format: p.outputFormat,
      ...(p.outputFormat === 'png' ? {} : { output_compression: p.outputCompression }),
      moderation: p.moderation,
    };
  }
  return {
    model: p.model,
    prompt,
    n: p.n,
    size: p.size,
    ...(p.quality === 'auto' ? {} : { quality: p.quality }),
    ...(p.style === 'none' ? {} : { style: p.style }),
    // URLs expire after an hour and live on another host; base64 comes in the answer itself.
    response_format: 'b64_json',
  };
}

export function openaiFailure(response: JsonResponse): ImagesmithError {
  const parsed = errorBody.safeParse(response.json);
  const error = parsed.success ? parsed.data.error : undefined;
  const message = error?.message?.trim() ?? '';
  const code = error?.code === undefined || error.code === null ? '' : String(error.code);
  if (code === 'content_policy_violation' || code === 'moderation_blocked') {
    return new ImagesmithError('invalid-input', message
        ? l10n.t('{0} refused the prompt under its content policy: {1}. Reword the prompt.', LABEL, message.replace(/\.$/, ''))
        : l10n.t('{0} refused the prompt under its content policy. Reword the prompt.', LABEL), {
      provider: LABEL,
      parameter: 'prompt',
      status: response.status,
    });
  }
  // A 429 for an empty account is not a rate limit: waiting will not help.
  if (code === 'insufficient_quota' || code === 'billing_hard_limit_reached') {
    return new ImagesmithError('provider', l10n.t('{0} says the account has no credit left (HTTP {1}: {2}). Check the billing settings of the API account.', LABEL, response.status, message || code), {
      provider: LABEL,
      status: response.status,
    });
  }
  return responseError(LABEL, response, message || code);
}

/** The images of an answer from the generations or edits endpoint, which share one shape. */
export function openaiImages(response: JsonResponse, p: Pick<Params, 'size'>, ctx: Pick<ProviderContext, 'http'>): ProviderResult {
  if (response.status < 200 || response.status >= 300) throw openaiFailure(response);
  const parsed = answer.safeParse(response.json);
  if (!parsed.success) throw unexpectedAnswer(LABEL, response);
  if (!parsed.data.data) {
    throw new ImagesmithError('provider', l10n.t('{0}\'s answer held no images (its "data" was missing), so nothing was made. Try again.', LABEL), {
      provider: LABEL,
      status: response.status,
    });
  }
  const images: ProviderImage[] = [];
  for (const item of parsed.data.data) {
    if (item.b64_json) {
      images.push({ bytes: imageFromBase64(item.b64_json, ctx.http) });
    } else if (item.url) {
      // Gateways that ignore response_format answer with a link, as dall-e-3 does by default.
      images.push({ url: item.url });
    }
  }
  if (images.length === 0) {
    throw new ImagesmithError('provider', l10n.t('{0} reported success but sent no image. Try again.', LABEL), { provider: LABEL });
  }
  const revised = parsed.data.data.find((item) => item.revised_prompt?.trim())?.revised_prompt?.trim();
  // "auto" is resolved by the model: the answer says which size it made.
  const size = parsed.data.size?.trim();
  const reported = { ...(revised ? { 'Revised prompt': revised } : {}), ...(size && size !== p.size ? { Size: size } : {}) };
  return { images, ...(Object.keys(reported).length > 0 ? { reported } : {}) };
}

export const openai: ImageProvider<typeof params> = {
  id: 'openai',
  label: LABEL,
  needsKey: true,
  keyUrl: 'https://platform.openai.com/api-keys',
  defaultBaseUrl: 'https://api.openai.com/',
  takesNegativePrompt: false,
  params,
  problems: (p) => openaiProblems(p),
  rulesFollow: 'model',
  recall: openaiParamsFromInfotext,

  check(request) {
    const [problem] = openaiProblems(request.params);
    if (problem) throw problem;
    const model = request.params.model;
    if (!isGptImageModel(model) && request.prompt.length > DALLE[model as keyof typeof DALLE].maxPrompt) {
      const most = DALLE[model as keyof typeof DALLE].maxPrompt;
      throw invalid(l10n.t('{0} reads at most {1} characters of prompt; this one has {2}. Shorten it, or use a GPT image model.', model, most, request.prompt.length), 'prompt');
    }
  },

  async generate(request, ctx) {
    const p = request.params;
    ctx.progress({ stage: 'sending' });
    const response = await ctx.http.postJson(new URL('v1/images/generations', ctx.baseUrl), openaiBody(request.prompt, p), {
      signal: ctx.signal,
      headers: bearer(ctx),
    });
    return openaiImages(response, p, ctx);
  },

  infotext(request, result) {
    const p = request.params;
    const gpt = isGptImageModel(p.model);
    const revised = result.reported?.['Revised prompt'];
    return [
      ['Size', result.reported?.Size ?? p.size],
      ['Model', p.model],
      ...(p.quality === 'auto' ? [] : ([['Quality', p.quality]] as const)),
      ...(p.n === 1 ? [] : ([['Batch size', p.n]] as const)),
      ...(gpt && p.background !== 'auto' ? ([['Background', p.background]] as const) : []),
      ...(gpt && p.outputFormat !== 'png' ? ([['Output format', p.outputFormat], ['Output compression', p.outputCompression]] as const) : []),
      ...(gpt && p.moderation !== 'auto' ? ([['Moderation', p.moderation]] as const) : []),
      ...(p.style === 'none' ? [] : ([['Style', p.style]] as const)),
      ...(revised ? ([['Revised prompt', revised]] as const) : []),
    ];
  },
};

/**
 * The inverse of `infotext()`. Fields left out when they held the default read back as
 * that default; the revised prompt is a record of what OpenAI did, not a parameter.
 */
export function openaiParamsFromInfotext(fields: InfotextFields): RecalledParams {
  return defined({
    model: textField(fields, 'Model'),
    size: textField(fields, 'Size'),
    quality: textField(fields, 'Quality') ?? 'auto',
    n: numberField(fields, 'Batch size') ?? 1,
    background: textField(fields, 'Background') ?? 'auto',
    outputFormat: textField(fields, 'Output format') ?? 'png',
    outputCompression: numberField(fields, 'Output compression') ?? 100,
    moderation: textField(fields, 'Moderation') ?? 'auto',
    style: textField(fields, 'Style') ?? 'none',
  });
}
