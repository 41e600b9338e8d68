import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { imageFromBase64 } from '../core/base64';
import { ImagesmithError } from '../core/errors';
import { responseError, unexpectedAnswer } from '../core/providerErrors';
import type { ImageProvider } from '../core/types';
import { defined, numberField, widthAndHeight, textField, type InfotextFields, type RecalledParams } from './fromInfotext';
import { aithrivingParams as params } from './params/aithriving';

const LABEL = 'AIThriving';
/**
 * How a refused key is worded ("Invalid API key", "API key has expired", "Missing
 * Authentication header", "Unauthorized"). Only these: "prompt exceeds the token limit"
 * names a token and is no key problem.
 */
const KEY_FAILURE =
  /\b(?:invalid|incorrect|wrong|expired|revoked|missing|unknown|bad)\b[^.]*\b(?:api[ _-]?key|key|authentication|authori[sz]ation|token)\b|\b(?:api[ _-]?key|authentication|authori[sz]ation)\b[^.]*\b(?:invalid|incorrect|expired|revoked|missing|required|not (?:valid|found|recogni[sz]ed))\b|\bunauthori[sz]ed\b/i;

const envelope = z.object({
  code: z.coerce.number(),
  message: z.nullable(z.optional(z.string())),
  data: z.optional(z.unknown()),
});
const imageData = z.object({ image: z.string().check(z.minLength(1)), seed: z.optional(z.pipe(z.coerce.number(), z.int())) });

export const aithriving: ImageProvider<typeof params> = {
  id: 'aithriving',
  label: LABEL,
  needsKey: true,
  keyUrl: 'https://www.aithriving.com/',
  defaultBaseUrl: 'https://www.aithriving.com/',
  takesNegativePrompt: false,
  params,
  recall: aithrivingParamsFromInfotext,
  cannotEdit: () => l10n.t('AIThriving’s Basic Text To Image API only makes images from a prompt; it takes no image.'),

  async generate(request, ctx) {
    const p = request.params;
    const body = {
      prompt: request.prompt,
      width: p.width,
      height: p.height,
      cfg_scale: p.cfgScale,
      steps: p.steps,
      seed: p.seed,
      ...(p.sampler === 'auto' ? {} : { sampler: p.sampler }),
      ...(p.clipGuidancePreset === 'auto' ? {} : { clip_guidance_preset: p.clipGuidancePreset }),
      ...(p.stylePreset === 'none' ? {} : { style_preset: p.stylePreset }),
    };
    const key = ctx.apiKey ?? '';
    ctx.progress({ stage: 'sending' });
    // The table names the header Authentication, the example sends Authorization: send both.
    const response = await ctx.http.postJson(new URL('api/generate/basic/textToImage', ctx.baseUrl), body, {
      signal: ctx.signal,
      headers: { authorization: key, authentication: key },
    });
    const parsed = envelope.safeParse(response.json);
    const ok = response.status >= 200 && response.status < 300;
    if (!parsed.success) {
      if (!ok) throw responseError(LABEL, response, '');
      throw unexpectedAnswer(LABEL, response);
    }
    const { code, message } = parsed.data;
    // code -1 is a failure whatever the HTTP status says.
    if (code !== 0 || !ok) {
      const reason = message?.trim() || `code ${code}`;
      if (!ok) throw responseError(LABEL, response, reason);
      if (KEY_FAILURE.test(reason)) {
        throw new ImagesmithError('rejected-key', l10n.t('{0} rejected the API key: {1}. Run "Imagesmith: Set API Key…" to enter a valid key.', LABEL, reason), {
          provider: LABEL,
        });
      }
      throw new ImagesmithError('provider', l10n.t('{0} did not make an image: {1}.', LABEL, reason), { provider: LABEL, status: response.status });
    }
    const data = imageData.safeParse(parsed.data.data);
    if (!data.success) {
      throw new ImagesmithError('provider', l10n.t('{0} reported success but sent no image. Try again.', LABEL), { provider: LABEL });
    }
    const bytes = imageFromBase64(data.data.image, ctx.http);
    return { images: [{ bytes }], seed: data.data.seed };
  },

  infotext(request, result) {
    const p = request.params;
    const seed = result.seed ?? (p.seed === 0 ? undefined : p.seed);
    return [
      ['Steps', p.steps],
      ...(p.sampler === 'auto' ? [] : ([['Sampler', p.sampler]] as const)),
      ['CFG scale', p.cfgScale],
      ...(seed === undefined ? [] : ([['Seed', seed]] as const)),
      ['Size', `${p.width}x${p.height}`],
      ['Model', 'SD 1.6'],
      ...(p.stylePreset === 'none' ? [] : ([['Style preset', p.stylePreset]] as const)),
      ...(p.clipGuidancePreset === 'auto' ? [] : ([['CLIP guidance preset', p.clipGuidancePreset]] as const)),
    ];
  },
};

/**
 * The inverse of `infotext()`. It leaves out Sampler, CLIP guidance preset and Style
 * preset when they were 'auto'/'none', and Seed when it was random, so an absent field
 * reads back as that choice.
 */
export function aithrivingParamsFromInfotext(fields: InfotextFields): RecalledParams {
  return defined({
    ...widthAndHeight(fields),
    steps: numberField(fields, 'Steps'),
    cfgScale: numberField(fields, 'CFG scale'),
    seed: numberField(fields, 'Seed') ?? 0,
    sampler: textField(fields, 'Sampler') ?? 'auto',
    clipGuidancePreset: textField(fields, 'CLIP guidance preset') ?? 'auto',
    stylePreset: textField(fields, 'Style preset') ?? 'none',
  });
}
