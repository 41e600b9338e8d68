import { z } from 'zod';
import { ImagesmithError } from '../core/errors';
import { describeBody, responseError, type JsonResponse } from '../core/http';
import { approximateTokens } from '../core/params';
import type { ImageProvider, ProviderContext, ProviderResult } from '../core/types';
import { booleanField, defined, numberField, sizeField, textField, type InfotextFields, type RecalledParams } from './fromInfotext';

const LABEL = 'ImagePipeline';
export const DEFAULT_MODEL_ID = 'd961a274-658c-4889-8c1a-bf85416cb1c1';
const TOKEN_LIMIT = 75;
const BEST_SIDE = 768;

/** Status checks start after a second and back off to five seconds apart. */
export function pollDelay(check: number): number {
  return Math.min(5_000, Math.round(1_000 * 1.5 ** check));
}

const side = (title: string) =>
  z.int().min(64).max(2048).default(768).meta({ title, description: 'Pixels; 768 or less gives the best results.' });

const params = z.strictObject({
  modelId: z.string().trim().min(1).default(DEFAULT_MODEL_ID).meta({ title: 'Model', wire: 'model_id', description: 'An SDXL model id from the models page.' }),
  numInferenceSteps: z
    .int()
    .min(1)
    .max(100)
    .default(30)
    .meta({ title: 'Steps', wire: 'num_inference_steps', description: 'Ideal value 20 to 30.' }),
  guidanceScale: z
    .number()
    .min(1)
    .max(20)
    .default(7.5)
    .meta({ title: 'Guidance scale', wire: 'guidance_scale', description: 'Ideal value 7.5 to 12.5.' }),
  width: side('Width'),
  height: side('Height'),
  samples: z.int().min(1).max(4).default(1).meta({ title: 'Samples', description: 'Images per generation, 1 to 4.' }),
  seed: z.int().min(-1).max(4_294_967_295).default(-1).meta({ title: 'Seed', description: '-1 picks a random seed.' }),
  strength: z.number().min(0).max(1).nullable().default(null).meta({ title: 'Denoising strength', wire: 'strength', description: 'Optional, 0 to 1.' }),
  scheduler: z.string().trim().min(1).default('UniPCMultistepScheduler').meta({ title: 'Scheduler' }),
  refiner: z.boolean().default(true).meta({ title: 'Refiner' }),
  safetyChecker: z.boolean().default(true).meta({ title: 'Safety checker', wire: 'safety_checker' }),
});

const answer = z.object({
  status: z.string().optional(),
  id: z.union([z.string(), z.number()]).optional(),
  download_urls: z.array(z.string().min(1)).optional(),
  error: z.unknown().optional(),
  message: z.unknown().optional(),
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
      throw new ImagesmithError('provider', `${LABEL} no longer knows this job (HTTP 404${reason ? `: ${reason}` : ''}). Generate again.`, {
        provider: LABEL,
        status: 404,
      });
    }
    throw responseError(LABEL, response, reason);
  }
  if (parsed.success && parsed.data.status === undefined && failureText(parsed.data) !== 'no reason given') {
    // An error the service sends with a 2xx and no status at all.
    throw new ImagesmithError('provider', `${LABEL} could not make the image: ${failureText(parsed.data)}.`, { provider: LABEL, status: response.status });
  }
  if (!parsed.success || parsed.data.status === undefined) {
    throw new ImagesmithError('provider', `${LABEL}'s ${what} was ${describeBody(response)}, not what its API documents. Try again later.`, {
      provider: LABEL,
      status: response.status,
    });
  }
  return parsed.data;
}

async function settle(first: Answer, ctx: ProviderContext, key: string): Promise<string[]> {
  let current = first;
  const started = Date.now();
  // Summed waits as well as the clock, so that an injected sleep still reaches the deadline.
  let waited = 0;
  for (let checks = 0; ; ) {
    switch ((current.status ?? '').toUpperCase()) {
      case 'SUCCESS': {
        const urls = current.download_urls ?? [];
        if (urls.length === 0) {
          throw new ImagesmithError('provider', `${LABEL} reported SUCCESS without any download URL. Try again.`, { provider: LABEL });
        }
        return urls;
      }
      case 'FAILURE':
        throw new ImagesmithError('provider', `${LABEL} could not make the image: ${failureText(current)}.`, { provider: LABEL });
      case 'PENDING':
      case 'PROCESSING':
      case 'QUEUED':
        break;
      default:
        throw new ImagesmithError('provider', `${LABEL} answered with an unknown status "${current.status}". Try again later.`, { provider: LABEL });
    }
    if (current.id === undefined || current.id === '') {
      throw new ImagesmithError('provider', `${LABEL} said the job is pending but gave no id to check it with. Try again.`, { provider: LABEL });
    }
    const wait = pollDelay(checks);
    if (Math.max(waited, Date.now() - started) + wait > ctx.pollTimeoutMs) {
      const seconds = Math.round(ctx.pollTimeoutMs / 1000);
      throw new ImagesmithError(
        'timeout',
        `${LABEL} did not finish the job within ${seconds} s. Try again later, or raise imagesmith.providers.imagepipeline.pollTimeoutSeconds.`,
        { provider: LABEL },
      );
    }
    await ctx.sleep(wait);
    waited += wait;
    checks += 1;
    ctx.progress({ stage: 'waiting', checks });
    const url = new URL(`sdxl/text2image/v1/status/${encodeURIComponent(String(current.id))}`, ctx.baseUrl);
    // The document says to pass the key "as the authorization in the header" here, while its POST uses API-Key: both go.
    current = parseAnswer(await ctx.http.getJson(url, { signal: ctx.signal, headers: { 'api-key': key, authorization: key } }), 'status answer');
  }
}

export const imagepipeline: ImageProvider<typeof params> = {
  id: 'imagepipeline',
  label: LABEL,
  needsKey: true,
  keyUrl: 'https://imagepipeline.io/',
  defaultBaseUrl: 'https://api.imagepipeline.io/',
  takesNegativePrompt: true,
  params,
  recall: (fields) => imagepipelineParamsFromInfotext(fields),
  cannotEdit: 'ImagePipeline’s SDXL text2image API only makes images from a prompt; it takes no image.',

  check(request, ctx) {
    for (const [what, text] of [
      ['prompt', request.prompt],
      ['negative prompt', request.negativePrompt ?? ''],
    ] as const) {
      const tokens = approximateTokens(text);
      if (tokens > TOKEN_LIMIT) {
        ctx.warn(`${LABEL} reads about ${TOKEN_LIMIT} tokens of the ${what}; this one has about ${tokens}, so its end may be ignored.`);
      }
    }
    const { width, height } = request.params;
    if (width > BEST_SIDE || height > BEST_SIDE) {
      ctx.warn(`${LABEL} gives its best results at ${BEST_SIDE} pixels or less per side; ${width}x${height} may look worse.`);
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

/**
 * The inverse of `infotext()`. Seed and Denoising strength are left out of the infotext
 * when random and unset, so an absent field reads back as -1 and null.
 */
export function imagepipelineParamsFromInfotext(fields: InfotextFields): RecalledParams {
  const size = sizeField(fields);
  return defined({
    modelId: textField(fields, 'Model'),
    numInferenceSteps: numberField(fields, 'Steps'),
    guidanceScale: numberField(fields, 'CFG scale'),
    width: size?.width,
    height: size?.height,
    samples: numberField(fields, 'Batch size'),
    seed: numberField(fields, 'Seed') ?? -1,
    strength: numberField(fields, 'Denoising strength') ?? null,
    scheduler: textField(fields, 'Scheduler'),
    refiner: booleanField(fields, 'Refiner'),
    safetyChecker: booleanField(fields, 'Safety checker'),
  });
}
