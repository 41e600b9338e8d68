/**
 * Stability AI from an existing image, as its REST reference (v2beta) describes it:
 * image-to-image on `generate/sd3` (`mode=image-to-image`, `strength`), and the edit
 * services `edit/{inpaint,search-and-replace,erase,outpaint,remove-background}`, each a
 * multipart form with the image as `image` and a black-and-white `mask` (white repaints).
 */
import { FormData } from 'undici/lib/web/fetch/formdata';
import type * as z from 'zod/mini';
import { DEFAULT_STRENGTH, sourcePart, imagePart, type EditRequest, type EditSupport } from '../core/edit';
import { ImagesmithError } from '../core/errors';
import { whiteMaskPng } from '../core/mask';
import type { EditProviderRequest, InfotextField, ProviderContext, ProviderResult } from '../core/types';
import { postBearerForm } from './bearer';
import { defined, numberField, textField } from './fromInfotext';
import { stabilityEditParams, type STABILITY_EDIT_SERVICES } from './params/stability';
import { stabilityAnswer, type StabilityParams } from './stability';

const LABEL = 'Stability AI';
const MB = 1024 * 1024;

type EditService = Exclude<(typeof STABILITY_EDIT_SERVICES)[number], 'auto'> | 'remove-background';

type EditParams = z.infer<typeof stabilityEditParams>;

/** The service an edit goes to, `auto` resolved by whether there is a mask. */
export function stabilityService(edit: Pick<EditRequest, 'operation' | 'mask'>, e: Pick<EditParams, 'editService'>): EditService {
  if (edit.operation === 'removeBackground') return 'remove-background';
  if (e.editService === 'auto') return edit.mask ? 'inpaint' : 'image-to-image';
  return e.editService;
}

function invalid(message: string, parameter: string): ImagesmithError {
  return new ImagesmithError('invalid-input', `${LABEL}: ${message}`, { provider: LABEL, parameter });
}

/** The text fields each service takes, from the reference; nothing it does not list. */
export function stabilityEditFields(request: EditProviderRequest<StabilityParams>): { path: string; fields: (readonly [string, string])[] } {
  const { edit, params: p } = request;
  const e = stabilityEditParams.parse(request.editParams);
  const service = stabilityService(edit, e);
  const seed = p.seed === 0 ? [] : ([['seed', String(p.seed)]] as const);
  const negative = request.negativePrompt ? ([['negative_prompt', request.negativePrompt]] as const) : [];
  const style = p.stylePreset === 'none' ? [] : ([['style_preset', p.stylePreset]] as const);
  const format = [['output_format', p.outputFormat]] as const;
  const grow = [['grow_mask', String(e.growMask)]] as const;
  switch (service) {
    case 'image-to-image':
      return {
        path: 'v2beta/stable-image/generate/sd3',
        fields: [
          ['prompt', request.prompt],
          ...negative,
          ['mode', 'image-to-image'],
          ['strength', String(edit.strength ?? DEFAULT_STRENGTH)],
          ['model', p.model],
          ...seed,
          ...format,
          ...(p.cfgScale === null ? [] : ([['cfg_scale', String(p.cfgScale)]] as const)),
        ],
      };
    case 'inpaint':
      return { path: 'v2beta/stable-image/edit/inpaint', fields: [['prompt', request.prompt], ...negative, ...grow, ...seed, ...format, ...style] };
    case 'search-and-replace':
      return {
        path: 'v2beta/stable-image/edit/search-and-replace',
        fields: [['prompt', request.prompt], ['search_prompt', e.searchPrompt], ...negative, ...grow, ...seed, ...format, ...style],
      };
    case 'erase':
      return { path: 'v2beta/stable-image/edit/erase', fields: [...grow, ...seed, ...format] };
    case 'outpaint':
      return {
        path: 'v2beta/stable-image/edit/outpaint',
        fields: [
          ...(['left', 'right', 'up', 'down'] as const).filter((side) => e[side] > 0).map((side) => [side, String(e[side])] as const),
          ...(request.prompt ? ([['prompt', request.prompt]] as const) : []),
          ['creativity', String(e.creativity)],
          ...seed,
          ...format,
          ...style,
        ],
      };
    case 'remove-background':
      return { path: 'v2beta/stable-image/edit/remove-background', fields: [...format] };
    default: {
      const never: never = service;
      throw new Error(`unknown service ${String(never)}`);
    }
  }
}

export function stabilityEditForm(request: EditProviderRequest<StabilityParams>): { path: string; form: FormData } {
  const { path, fields } = stabilityEditFields(request);
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  form.append('image', ...sourcePart(request.edit.source));
  if (request.edit.mask) form.append('mask', ...imagePart(whiteMaskPng(request.edit.mask), 'png', 'mask.png'));
  return { path, form };
}

/** The reference's limits: 64 pixels a side at least, 4,096 to 9,437,184 pixels (4,194,304 for remove-background). */
function check(edit: EditRequest, params: Readonly<Record<string, unknown>>, editParams: Readonly<Record<string, unknown>>): void {
  const e = stabilityEditParams.parse(editParams);
  const service = stabilityService(edit, e);
  const { width, height, path } = edit.source;
  const most = service === 'remove-background' ? 4_194_304 : 9_437_184;
  if (width < 64 || height < 64) throw invalid(`images must be at least 64 pixels on each side; ${path} is ${width}×${height}.`, 'image');
  if (width * height > most) {
    throw invalid(`${service} takes images of at most ${most.toLocaleString('en-US')} pixels; ${path} is ${width}×${height} (${(width * height).toLocaleString('en-US')}). Use a smaller copy.`, 'image');
  }
  if (service === 'remove-background' && params.outputFormat === 'jpeg') throw invalid('remove-background makes png or webp; jpeg has no transparency.', 'outputFormat');
  if (service === 'image-to-image' && params.outputFormat === 'webp') throw invalid('image-to-image (sd3) makes png or jpeg, not webp.', 'outputFormat');
  if (service === 'image-to-image' && edit.mask) throw invalid('image-to-image takes no mask; use inpaint (or auto) to repaint the masked part.', 'editService');
  if ((service === 'outpaint' || service === 'search-and-replace') && edit.mask) throw invalid(`${service} takes no mask; leave it out.`, 'mask');
  if (service === 'search-and-replace' && !e.searchPrompt) throw invalid('search-and-replace needs a search prompt: what in the image to replace.', 'searchPrompt');
  if (service === 'outpaint' && e.left + e.right + e.up + e.down === 0) throw invalid('outpaint needs at least one of left, right, up or down above 0.', 'left');
  if (service === 'inpaint' && !edit.mask && edit.source.format === 'jpeg') {
    throw invalid('inpaint needs a mask (or a PNG whose transparent pixels mark what to repaint); paint one.', 'mask');
  }
}

function fields(editParams: Readonly<Record<string, unknown>>): InfotextField[] {
  const e = stabilityEditParams.parse(editParams);
  return [
    ['Edit service', e.editService],
    ...(e.searchPrompt ? ([['Search prompt', e.searchPrompt]] as const) : []),
    ...(e.growMask === 5 ? [] : ([['Grow mask', e.growMask]] as const)),
    ...(['left', 'right', 'up', 'down'] as const).filter((side) => e[side] > 0).map((side) => [`Outpaint ${side}`, e[side]] as const),
    ...(e.creativity === 0.5 ? [] : ([['Creativity', e.creativity]] as const)),
  ];
}

export const stabilityEdits: EditSupport = {
  operations: ['edit', 'removeBackground'],
  // Requests over 10 MiB are refused with HTTP 413.
  maxSourceBytes: 10 * MB,
  maxImages: 1,
  takesMask: true,
  strengthDefault: (edit, editParams) => (stabilityService(edit, stabilityEditParams.parse(editParams)) === 'image-to-image' ? DEFAULT_STRENGTH : undefined),
  promptNeeded: (operation, editParams) => {
    if (operation !== 'edit') return false;
    const service = stabilityEditParams.parse(editParams).editService;
    return service !== 'erase' && service !== 'outpaint';
  },
  params: stabilityEditParams,
  check,
  fields,
  recall: (f) =>
    defined({
      editService: textField(f, 'Edit service'),
      searchPrompt: textField(f, 'Search prompt') ?? '',
      growMask: numberField(f, 'Grow mask') ?? 5,
      left: numberField(f, 'Outpaint left') ?? 0,
      right: numberField(f, 'Outpaint right') ?? 0,
      up: numberField(f, 'Outpaint up') ?? 0,
      down: numberField(f, 'Outpaint down') ?? 0,
      creativity: numberField(f, 'Creativity') ?? 0.5,
    }),
};

export async function stabilityEdit(request: EditProviderRequest<StabilityParams>, ctx: ProviderContext): Promise<ProviderResult> {
  const { path, form } = stabilityEditForm(request);
  return stabilityAnswer(await postBearerForm(ctx, path, form, 'image/*'), request.params.seed, ctx);
}
