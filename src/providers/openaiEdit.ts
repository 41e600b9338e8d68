/**
 * OpenAI's edits (`POST /v1/images/edits`) and variations (`POST /v1/images/variations`),
 * multipart as the official SDKs send them: one image as `image`, several as `image[]`
 * (up to 16 for the GPT image models), the mask as `mask`, each part with its image type.
 */
import * as l10n from '@vscode/l10n';
import { FormData } from 'undici/lib/web/fetch/formdata';
import type * as z from 'zod/mini';
import { imagePart, sourcePart, type EditRequest, type EditSupport } from '../core/edit';
import { ImagesmithError } from '../core/errors';
import { alphaMaskPng } from '../core/mask';
import type { EditProviderRequest, ProviderContext, ProviderResult } from '../core/types';
import { postBearerForm } from './bearer';
import { textField } from './fromInfotext';
import { isGptImageModel, openaiImages, type OpenaiParams } from './openai';
import { openaiEditParams } from './params/openai';

const LABEL = 'OpenAI';
const MB = 1024 * 1024;
/** What the GPT image models are asked when the person asks for the background to go. */
export const REMOVE_BACKGROUND_PROMPT = 'Remove the background completely, leaving it transparent. Keep the main subject exactly as it is.';
/** The models that take input_fidelity, per the API reference (not gpt-image-1-mini). */
const FIDELITY_MODELS = ['gpt-image-1', 'gpt-image-1.5'];

type EditParams = z.infer<typeof openaiEditParams>;

function invalid(message: string, parameter: string): ImagesmithError {
  return new ImagesmithError('invalid-input', `${LABEL}: ${message}`, { provider: LABEL, parameter });
}

/** The text fields of an edit, only those its model takes, in the order the SDK sends them. */
export function openaiEditFields(prompt: string, p: OpenaiParams, e: EditParams): (readonly [string, string])[] {
  if (!isGptImageModel(p.model)) {
    return [['prompt', prompt], ['model', p.model], ['n', String(p.n)], ['size', p.size], ['response_format', 'b64_json']];
  }
  return [
    ['prompt', prompt],
    ['model', p.model],
    ['n', String(p.n)],
    ['size', p.size],
    ['quality', p.quality],
    ['background', p.background],
    ['output_format', p.outputFormat],
    ...(p.outputFormat === 'png' ? [] : ([['output_compression', String(p.outputCompression)]] as const)),
    ...(FIDELITY_MODELS.includes(p.model) ? ([['input_fidelity', e.inputFidelity]] as const) : []),
  ];
}

/** The whole multipart form of an edit or a variation. */
export function openaiEditForm(request: EditProviderRequest<OpenaiParams>): { path: string; form: FormData } {
  const { edit, params: p } = request;
  const e = openaiEditParams.parse(request.editParams);
  const form = new FormData();
  if (edit.operation === 'variations') {
    for (const [name, value] of [['model', 'dall-e-2'], ['n', String(p.n)], ['size', p.size], ['response_format', 'b64_json']] as const) form.append(name, value);
    form.append('image', ...sourcePart(edit.source));
    return { path: 'v1/images/variations', form };
  }
  const prompt = edit.operation === 'removeBackground' ? REMOVE_BACKGROUND_PROMPT : request.prompt;
  for (const [name, value] of openaiEditFields(prompt, p, e)) form.append(name, value);
  const images = [edit.source, ...edit.references];
  // One image goes as `image`, several as `image[]`: what the SDKs send for a file and for a list.
  const field = images.length > 1 ? 'image[]' : 'image';
  for (const image of images) form.append(field, ...sourcePart(image));
  if (edit.mask) form.append('mask', ...imagePart(alphaMaskPng(edit.mask), 'png', 'mask.png'));
  return { path: 'v1/images/edits', form };
}

/** Variations exist for dall-e-2 only, and a cut-out needs a GPT image model's transparent background. */
function adjust({ operation }: EditRequest, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (operation === 'variations') {
    return { ...params, model: 'dall-e-2', quality: 'auto', background: 'auto', outputFormat: 'png', outputCompression: 100, moderation: 'auto', style: 'none' };
  }
  const model = String(params.model);
  const gpt = isGptImageModel(model) ? model : 'gpt-image-1';
  const base = { ...params, moderation: 'auto', style: 'none' };
  if (operation === 'removeBackground') {
    return { ...base, model: gpt, background: 'transparent', outputFormat: 'png', outputCompression: 100, ...(isGptImageModel(model) ? {} : { quality: 'auto', size: 'auto' }) };
  }
  return base;
}

function check(edit: EditRequest, params: Readonly<Record<string, unknown>>, editParams: Readonly<Record<string, unknown>>): void {
  const model = String(params.model);
  if (model === 'dall-e-3') throw invalid(l10n.t('dall-e-3 cannot edit images. Pick a GPT image model, or dall-e-2.'), 'model');
  if (model === 'dall-e-2' || edit.operation === 'variations') {
    // Variations are made by dall-e-2 whatever the model, so they have its limits.
    const variations = edit.operation === 'variations';
    const image = edit.source;
    if (image.format !== 'png') {
      const format = image.format.toUpperCase();
      throw invalid(
        variations
          ? l10n.t('Variations (made by dall-e-2) take a PNG; {0} is a {1}. Convert it to PNG, or use a GPT image model.', image.path, format)
          : l10n.t('dall-e-2 takes a PNG; {0} is a {1}. Convert it to PNG, or use a GPT image model.', image.path, format),
        'image',
      );
    }
    if (image.width !== image.height) {
      throw invalid(
        variations
          ? l10n.t('Variations (made by dall-e-2) take a square image; {0} is {1}×{2}. Crop it square, or use a GPT image model.', image.path, image.width, image.height)
          : l10n.t('dall-e-2 takes a square image; {0} is {1}×{2}. Crop it square, or use a GPT image model.', image.path, image.width, image.height),
        'image',
      );
    }
    if (image.bytes.byteLength >= 4 * MB) {
      throw invalid(
        variations
          ? l10n.t('Variations (made by dall-e-2) take images under 4 MB; {0} is larger. Use a smaller copy, or a GPT image model.', image.path)
          : l10n.t('dall-e-2 takes images under 4 MB; {0} is larger. Use a smaller copy, or a GPT image model.', image.path),
        'image',
      );
    }
    if (edit.references.length > 0) {
      throw invalid(
        variations
          ? l10n.t('Variations (made by dall-e-2) take one image; leave the references out, or use a GPT image model.')
          : l10n.t('dall-e-2 takes one image; leave the references out, or use a GPT image model.'),
        'references',
      );
    }
  }
  if (edit.operation === 'variations' && edit.mask) throw invalid(l10n.t('Variations take no mask; leave it out.'), 'mask');
  if (editParams.inputFidelity === 'high' && !FIDELITY_MODELS.includes(model)) {
    throw invalid(l10n.t('{0} has no input fidelity setting; set it to low, or use {1}.', model, FIDELITY_MODELS.join(' or ')), 'inputFidelity');
  }
}

export const openaiEdits: EditSupport = {
  operations: ['edit', 'variations', 'removeBackground'],
  // The reference: each image under 50 MB for the GPT image models (dall-e-2's 4 MB is checked with its model).
  maxSourceBytes: 50 * MB,
  maxImages: 16,
  takesMask: true,
  strengthDefault: () => undefined,
  promptNeeded: (operation) => operation === 'edit',
  params: openaiEditParams,
  adjust,
  check,
  fields: (editParams) => (editParams.inputFidelity === 'high' ? [['Input fidelity', 'high']] : []),
  recall: (fields) => ({ inputFidelity: textField(fields, 'Input fidelity') ?? 'low' }),
};

export async function openaiEdit(request: EditProviderRequest<OpenaiParams>, ctx: ProviderContext): Promise<ProviderResult> {
  const { path, form } = openaiEditForm(request);
  const response = await postBearerForm(ctx, path, form, 'application/json');
  // Not asJson: an answer of base64 images is far past its 1 MB cut-off for error bodies.
  const text = new TextDecoder().decode(response.bytes);
  let json: unknown;
  try {
    json = text.trim() ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return openaiImages({ status: response.status, headers: response.headers, json, text }, request.params, ctx);
}
