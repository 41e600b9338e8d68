import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { ImagesmithError } from '../core/errors';
import { JobPoll } from '../core/jobPoll';
import type { JsonResponse } from '../core/httpAnswer';
import { responseError, unexpectedAnswer } from '../core/providerErrors';
import { approximateTokens } from '../core/params';
import type { ImageProvider, ProviderContext, ProviderResult } from '../core/types';
import { booleanField, defined, numberField, widthAndHeight, textField, type InfotextFields, type RecalledParams } from './fromInfotext';
import { DEFAULT_MODEL_ID, imagepipelineParams as params } from './params/imagepipeline';

const LABEL = 'ImagePipeline';
export { DEFAULT_MODEL_ID };
const TOKEN_LIMIT = 75;
const BEST_SIDE = 768;

/** Status checks start after a second and back off to five seconds apart. */
export function pollDelay(check: number): number {
  return Math.min(5_000, Math.round(1_000 * 1.5 ** check));
}

const answer = z.object({
  status: z.optional(z.string()),
  id: z.optional(z.union([z.string(), z.number()])),
  download_urls: z.optional(z.array(z.string().check(z.minLength(1)))),
  error: z.optional(z.unknown()),
  message: z.optional(z.unknown()),
});
type Answer = z.infer<typeof answer>;

function failureText(value: Answer): string {
  const said = value.error ?? value.message;
  if (typeof said === 'string' && said.trim()) return said.trim();
  return said === undefined || said === null ? 'no reason given' : JSON.stringify(said);
}

function parseAnswer(response: JsonResponse, what: string): Answer {
  const parsed = answer.safeParse(response.json);
  const ok = response.status >= 200 && response.status < 300;
  if (!ok) {
    const reason = parsed.success ? failureText(parsed.data) : '';
    if (response.status === 404 && what === 'status answer') {
      throw new ImagesmithError('provider', l10n.t('{0} no longer knows this job (HTTP 404{1}). Generate again.', LABEL, reason ? `: ${reason}` : ''), {
        provider: LABEL,
        status: 404,
      });
    }
    throw responseError(LABEL, response, reason);
  }
  if (parsed.success && parsed.data.status === undefined && failureText(parsed.data) !== 'no reason given') {
    // An error the service sends with a 2xx and no status at all.
    throw new ImagesmithError('provider', l10n.t('{0} could not make the image: {1}.', LABEL, failureText(parsed.data)), { provider: LABEL, status: response.status });
  }
  if (!parsed.success || parsed.data.status === undefined) throw unexpectedAnswer(LABEL, response, what);
  return parsed.data;
}

async function settle(first: Answer, ctx: ProviderContext, key: string): Promise<string[]> {
  let current = first;
  const poll = new JobPoll(ctx, { provider: 'imagepipeline', label: LABEL, delay: pollDelay });
  for (;;) {
    switch ((current.status ?? '').toUpperCase()) {
      case 'SUCCESS': {
        const urls = current.download_urls ?? [];
        if (urls.length === 0) {
          throw new ImagesmithError('provider', l10n.t('{0} reported SUCCESS without any download URL. Try again.', LABEL), { provider: LABEL });
        }
        return urls;
      }
      case 'FAILURE':
        throw new ImagesmithError('provider', l10n.t('{0} could not make the image: {1}.', LABEL, failureText(current)), { provider: LABEL });
      case 'PENDING':
      case 'PROCESSING':
      case 'QUEUED':
        break;
      default:
        throw new ImagesmithError('provider', l10n.t('{0} answered with an unknown status "{1}". Try again later.', LABEL, String(current.status)), { provider: LABEL });
    }
    if (current.id === undefined || current.id === '') {
      throw new ImagesmithError('provider', l10n.t('{0} said the job is pending but gave no id to check it with. Try again.', LABEL), { provider: LABEL });
    }
    await poll.next();
    const url = new URL(`sdxl/text2image/v1/status/${encodeURIComponent(String(current.id))}`, ctx.baseUrl);
    // The document says to pass the key "as the authorization in the header" here, while its POST uses API-Key: both go.
    current = parseAnswer(await ctx.http.getJson(url, { signal: ctx.signal, headers: { 'api-key': key, authorization: key } }), 'status answer');
  }
}

/**
 * The inverse of `infotext()`. Seed and Denoising strength are left out of the infotext
 * when random and unset, so an absent field reads back as -1 and null.
 */
export function imagepipelineParamsFromInfotext(fields: InfotextFields): RecalledParams {
  return defined({
    modelId: textField(fields, 'Model'),
    numInferenceSteps: numberField(fields, 'Steps'),
    guidanceScale: numberField(fields, 'CFG scale'),
    ...widthAndHeight(fields),
    samples: numberField(fields, 'Batch size'),
    seed: numberField(fields, 'Seed') ?? -1,
    strength: numberField(fields, 'Denoising strength') ?? null,
    scheduler: textField(fields, 'Scheduler'),
    refiner: booleanField(fields, 'Refiner'),
    safetyChecker: booleanField(fields, 'Safety checker'),
  });
}

export const imagepipeline: ImageProvider<typeof params> = {
  id: 'imagepipeline',
  label: LABEL,
  needsKey: true,
  keyUrl: 'https://imagepipeline.io/',
  defaultBaseUrl: 'https://api.imagepipeline.io/',
  takesNegativePrompt: true,
  params,
  recall: imagepipelineParamsFromInfotext,
  cannotEdit: () => l10n.t('ImagePipeline’s SDXL text2image API only makes images from a prompt; it takes no image.'),

  check(request, ctx) {
    const promptTokens = approximateTokens(request.prompt);
    if (promptTokens > TOKEN_LIMIT) {
      ctx.warn(l10n.t('{0} reads about {1} tokens of the prompt; this one has about {2}, so its end may be ignored.', LABEL, TOKEN_LIMIT, promptTokens));
    }
    const negativeTokens = approximateTokens(request.negativePrompt ?? '');
    if (negativeTokens > TOKEN_LIMIT) {
      ctx.warn(l10n.t('{0} reads about {1} tokens of the negative prompt; this one has about {2}, so its end may be ignored.', LABEL, TOKEN_LIMIT, negativeTokens));
    }
    const { width, height } = request.params;
    if (width > BEST_SIDE || height > BEST_SIDE) {
      ctx.warn(l10n.t('{0} gives its best results at {1} pixels or less per side; {2}x{3} may look worse.', LABEL, BEST_SIDE, width, height));
    }
  },

  async generate(request, ctx) {
    const p = request.params;
    const key = ctx.apiKey ?? '';
    const body = {
      model_id: p.modelId,
      prompt: request.prompt,
      ...(request.negativePrompt ? { negative_prompt: request.negativePrompt } : {}),
      num_inference_steps: p.numInferenceSteps,
      samples: p.samples,
      guidance_scale: p.guidanceScale,
      width: p.width,
      height: p.height,
      ...(p.seed === -1 ? {} : { seed: p.seed }),
      ...(p.strength === null ? {} : { strength: p.strength }),
      safety_checker: p.safetyChecker,
      scheduler: p.scheduler,
      refiner: p.refiner,
    };
    ctx.progress({ stage: 'sending' });
    const response = await ctx.http.postJson(new URL('sdxl/text2image/v1', ctx.baseUrl), body, {
      signal: ctx.signal,
      headers: { 'api-key': key },
    });
    const urls = await settle(parseAnswer(response, 'answer'), ctx, key);
    const result: ProviderResult = { images: urls.map((url) => ({ url })), ...(p.seed === -1 ? {} : { seed: p.seed }) };
    return result;
  },

  infotext(request, result) {
    const p = request.params;
    const seed = result.seed;
    return [
      ['Steps', p.numInferenceSteps],
      ['Scheduler', p.scheduler],
      ['CFG scale', p.guidanceScale],
      ...(seed === undefined ? [] : ([['Seed', seed]] as const)),
      ['Size', `${p.width}x${p.height}`],
      ['Model', p.modelId],
      ...(p.strength === null ? [] : ([['Denoising strength', p.strength]] as const)),
      ['Batch size', p.samples],
      ['Refiner', p.refiner],
      ['Safety checker', p.safetyChecker],
    ];
  },
};

