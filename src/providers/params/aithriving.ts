/** AIThriving's "Basic Text To Image" parameters, as its document lists them. */
import * as z from 'zod/mini';
import { choice, param, wholeNumber } from '../../core/paramMeta';
import { STYLE_PRESETS } from '../stylePresets';

export const SAMPLERS = [
  'DDIM',
  'DDPM',
  'K_DPMPP_2M',
  'K_DPMPP_2S_ANCESTRAL',
  'K_DPM_2',
  'K_DPM_2_ANCESTRAL',
  'K_EULER',
  'K_EULER_ANCESTRAL',
  'K_HEUN',
  'K_LMS',
] as const;
export const CLIP_GUIDANCE_PRESETS = ['FAST_BLUE', 'FAST_GREEN', 'NONE', 'SIMPLE', 'SLOW', 'SLOWER', 'SLOWEST'] as const;

const side = (title: string, control: 'width' | 'height') =>
  param(wholeNumber(320, 1536, 1024, 64), { title, description: '320 to 1536 pixels, a multiple of 64.', control });

export const aithrivingParams = z.strictObject({
  width: side('Width', 'width'),
  height: side('Height', 'height'),
  cfgScale: param(wholeNumber(0, 35, 7), { title: 'CFG scale', description: 'How strictly the image follows the prompt.' }),
  steps: param(wholeNumber(10, 50, 30), { title: 'Steps', description: 'Number of diffusion steps.' }),
  seed: param(wholeNumber(0, 4_294_967_295, 0), { title: 'Seed', description: '0 picks a random seed.', control: 'seed' }),
  // 'auto' and 'none' stand for "send nothing and let the provider choose", which the document allows.
  sampler: param(choice(['auto', ...SAMPLERS], 'auto'), { title: 'Sampler' }),
  clipGuidancePreset: param(choice(['auto', ...CLIP_GUIDANCE_PRESETS], 'auto'), { title: 'CLIP guidance preset' }),
  stylePreset: param(choice(['none', ...STYLE_PRESETS], 'none'), { title: 'Style preset' }),
});
