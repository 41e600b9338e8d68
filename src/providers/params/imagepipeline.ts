/** ImagePipeline's SDXL text2image parameters. */
import * as z from 'zod/mini';
import { decimal, optionalDecimal, param, trimmedText, wholeNumber } from '../../core/paramMeta';

export const DEFAULT_MODEL_ID = 'd961a274-658c-4889-8c1a-bf85416cb1c1';

const side = (title: string, control: 'width' | 'height') =>
  param(wholeNumber(64, 2048, 768), { title, description: 'Pixels; 768 or less gives the best results.', control });

export const imagepipelineParams = z.strictObject({
  modelId: param(trimmedText(DEFAULT_MODEL_ID, { min: 1 }), { title: 'Model', description: 'An SDXL model id from the models page.' }),
  numInferenceSteps: param(wholeNumber(1, 100, 30), { title: 'Steps', description: 'Ideal value 20 to 30.' }),
  guidanceScale: param(decimal(1, 20, 7.5), { title: 'Guidance scale', description: 'Ideal value 7.5 to 12.5.' }),
  width: side('Width', 'width'),
  height: side('Height', 'height'),
  samples: param(wholeNumber(1, 4, 1), { title: 'Samples', description: 'Images per generation, 1 to 4.' }),
  seed: param(wholeNumber(-1, 4_294_967_295, -1), { title: 'Seed', description: '-1 picks a random seed.', control: 'seed' }),
  strength: param(optionalDecimal(0, 1), { title: 'Denoising strength', description: 'Optional, 0 to 1.' }),
  scheduler: param(trimmedText('UniPCMultistepScheduler', { min: 1 }), { title: 'Scheduler' }),
  refiner: param(z._default(z.boolean(), true), { title: 'Refiner' }),
  safetyChecker: param(z._default(z.boolean(), true), { title: 'Safety checker' }),
});
