/** AUTOMATIC1111's txt2img parameters; the checkpoints, samplers and schedule types come from the server. */
import * as z from 'zod/mini';
import { decimal, param, trimmedText, wholeNumber } from '../../core/paramMeta';

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
