/** AUTOMATIC1111's txt2img parameters; the checkpoints, samplers and schedule types come from the server. */
import * as z from 'zod/mini';
import { choice, decimal, param, trimmedText, wholeNumber } from '../../core/paramMeta';

const side = (title: string, control: 'width' | 'height') =>
  param(wholeNumber(64, 2048, 512, 8), { title, description: 'Pixels, a multiple of 8; 512 for SD 1.5 models, 1024 for SDXL.', control });

export const automatic1111Params = z.strictObject({
  checkpoint: param(trimmedText('', { max: 500 }), {
    title: 'Checkpoint',
    description: 'The model file, as the server lists it; empty keeps the one the server has loaded.',
    choices: 'server',
    emptyLabel: '(the loaded model)',
  }),
  samplerName: param(trimmedText('Euler a', { min: 1, max: 100 }), { title: 'Sampler', description: 'One of the server’s samplers.', choices: 'server' }),
  scheduler: param(trimmedText('', { max: 100 }), {
    title: 'Schedule type',
    description: 'One of the server’s schedule types (Karras, Exponential, …); empty leaves it to the sampler. Servers before 1.9 have none: their samplers name it ("DPM++ 2M Karras").',
    choices: 'server',
  }),
  steps: param(wholeNumber(1, 150, 20), { title: 'Steps', description: 'Sampling steps, 1 to 150.' }),
  cfgScale: param(decimal(1, 30, 7), { title: 'CFG scale', description: 'How closely the image follows the prompt, 1 to 30.' }),
  seed: param(wholeNumber(-1, 4_294_967_295, -1), { title: 'Seed', description: '-1 picks a random seed.', control: 'seed' }),
  width: side('Width', 'width'),
  height: side('Height', 'height'),
  batchSize: param(wholeNumber(1, 8, 1), { title: 'Batch size', description: 'Images per generation, 1 to 8.' }),
});

/** The web UI's "Masked content" choices, in the order of `inpainting_fill`'s numbers. */
export const INPAINTING_FILLS = ['fill', 'original', 'latent noise', 'latent nothing'] as const;

/** What only img2img takes: the result's size and the inpainting fields. */
export const automatic1111EditParams = z.strictObject({
  resizeTo: param(choice(['source', 'width-height'], 'source'), {
    title: 'Result size',
    description: 'source: the image’s own size, rounded to a multiple of 8. width-height: Width and Height.',
  }),
  maskBlur: param(wholeNumber(0, 64, 4), { title: 'Mask blur', description: 'Pixels the mask’s edge is softened by, 0 to 64.' }),
  inpaintingFill: param(choice(INPAINTING_FILLS, 'original'), {
    title: 'Masked content',
    description: 'What the masked part starts from: fill, original, latent noise or latent nothing.',
  }),
  inpaintFullRes: param(z._default(z.boolean(), false), {
    title: 'Only masked',
    description: 'Repaint the masked part at full resolution, then paste it back (the web UI’s "Inpaint area: Only masked").',
  }),
  inpaintFullResPadding: param(wholeNumber(0, 256, 32), { title: 'Masked padding', description: 'Pixels around the masked part, with Only masked.' }),
});
