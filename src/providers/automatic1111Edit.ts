/**
 * AUTOMATIC1111's `/sdapi/v1/img2img`, as its API models it (modules/api/models.py,
 * StableDiffusionProcessingImg2Img): the source as base64 in `init_images`,
 * `denoising_strength`, and for inpainting a black-and-white `mask` (white repaints) with
 * `mask_blur`, `inpainting_fill` and `inpaint_full_res`.
 */
import type * as z from 'zod/mini';
import { bytesToBase64 } from '../core/base64';
import { LOCAL_SERVER_EDITS, type EditSupport } from '../core/edit';
import { whiteMaskPng } from '../core/mask';
import type { EditProviderRequest, InfotextField, ProviderContext, ProviderResult } from '../core/types';
import type { Automatic1111Params } from './automatic1111';
import { runJob, samplerToSend, samplingFields } from './automatic1111Server';
import { booleanField, defined, numberField, textField } from './fromInfotext';
import { automatic1111EditParams, INPAINTING_FILLS } from './params/automatic1111';

type EditParams = z.infer<typeof automatic1111EditParams>;

/** A side the web UI takes: a multiple of 8 within its 64 to 2048. */
function side(pixels: number): number {
  return Math.min(2048, Math.max(64, Math.round(pixels / 8) * 8));
}

/** The img2img body: txt2img's fields and the source, strength and mask. */
export function img2imgBody(request: EditProviderRequest<Automatic1111Params>, sampler: string, scheduler: string): Record<string, unknown> {
  const { edit, params: p } = request;
  const e = automatic1111EditParams.parse(request.editParams);
  return {
    prompt: request.prompt,
    negative_prompt: request.negativePrompt ?? '',
    init_images: [bytesToBase64(edit.source.bytes)],
    resize_mode: 0,
    denoising_strength: edit.strength,
    ...(edit.mask
      ? {
          mask: bytesToBase64(whiteMaskPng(edit.mask)),
          mask_blur: e.maskBlur,
          inpainting_fill: INPAINTING_FILLS.indexOf(e.inpaintingFill),
          inpaint_full_res: e.inpaintFullRes,
          inpaint_full_res_padding: e.inpaintFullResPadding,
          inpainting_mask_invert: 0,
        }
      : {}),
    ...samplingFields(p, sampler, scheduler),
  };
}

/** The fields A1111 itself writes for an inpainting, and the rest of the edit's settings. */
function fields(editParams: Readonly<Record<string, unknown>>): InfotextField[] {
  const e: EditParams = automatic1111EditParams.parse(editParams);
  return [
    ...(e.resizeTo === 'source' ? [] : ([['Result size', e.resizeTo]] as const)),
    ['Mask blur', e.maskBlur],
    ...(e.inpaintingFill === 'original' ? [] : ([['Masked content', e.inpaintingFill]] as const)),
    ...(e.inpaintFullRes ? ([['Inpaint area', 'Only masked'], ['Masked area padding', e.inpaintFullResPadding]] as const) : []),
  ];
}

export const automatic1111Edits: EditSupport = {
  ...LOCAL_SERVER_EDITS,
  params: automatic1111EditParams,
  // The result's size is the source's unless Width and Height are asked for; the infotext then records the size made.
  adjust: (edit, params, editParams) =>
    automatic1111EditParams.parse(editParams).resizeTo === 'source' ? { ...params, width: side(edit.source.width), height: side(edit.source.height) } : { ...params },
  fields,
  recall: (f) =>
    defined({
      resizeTo: textField(f, 'Result size') ?? 'source',
      maskBlur: numberField(f, 'Mask blur'),
      inpaintingFill: textField(f, 'Masked content') ?? 'original',
      inpaintFullRes: textField(f, 'Inpaint area') === 'Only masked' || (booleanField(f, 'Only masked') ?? false),
      inpaintFullResPadding: numberField(f, 'Masked area padding'),
    }),
};

export async function automatic1111Edit(request: EditProviderRequest<Automatic1111Params>, ctx: ProviderContext): Promise<ProviderResult> {
  const p = request.params;
  const { sampler, scheduler } = await samplerToSend(ctx, p.samplerName, p.scheduler);
  const body = img2imgBody(request, sampler, scheduler);
  return runJob('sdapi/v1/img2img', body, { seed: p.seed, checkpoint: p.checkpoint, sampler, scheduler }, ctx);
}
