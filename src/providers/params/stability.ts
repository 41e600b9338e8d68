/** Stability AI's Stable Image generate parameters; which service takes which is stabilityProblems' business. */
import * as z from 'zod/mini';
import { choice, decimal, optionalDecimal, param, trimmedText, wholeNumber } from '../../core/paramMeta';
import { STABILITY_ASPECT_RATIOS } from '../documentedSizes';
import { STYLE_PRESETS } from '../stylePresets';

export const STABILITY_SERVICES = ['core', 'ultra', 'sd3'] as const;
export const STABILITY_MODELS = ['sd3.5-large', 'sd3.5-large-turbo', 'sd3.5-medium', 'sd3.5-flash'] as const;

export const stabilityParams = z.strictObject({
  service: param(choice(STABILITY_SERVICES, 'core'), {
    title: 'Service',
    description: 'core: fast and cheap, with style presets. ultra: the most detailed. sd3: Stable Diffusion 3.5, with a model and CFG scale.',
  }),
  model: param(choice(STABILITY_MODELS, 'sd3.5-large'), { title: 'Model', description: 'The Stable Diffusion 3.5 model, for the sd3 service only.' }),
  aspectRatio: param(choice(STABILITY_ASPECT_RATIOS, '1:1'), { title: 'Aspect ratio' }),
  seed: param(wholeNumber(0, 4_294_967_294, 0), { title: 'Seed', description: '0 picks a random seed.', control: 'seed' }),
  outputFormat: param(choice(['png', 'jpeg', 'webp'], 'png'), { title: 'Format', description: 'sd3 makes png or jpeg.' }),
  stylePreset: param(choice(['none', ...STYLE_PRESETS], 'none'), { title: 'Style preset', description: 'For the core service only.' }),
  cfgScale: param(optionalDecimal(1, 10), { title: 'CFG scale', description: 'For the sd3 service only, 1 to 10; empty uses the model’s own default.' }),
});

/** The edit services, `auto` choosing inpaint with a mask and image-to-image (sd3) without one. */
export const STABILITY_EDIT_SERVICES = ['auto', 'image-to-image', 'inpaint', 'search-and-replace', 'erase', 'outpaint'] as const;

const margin = (title: string) => param(wholeNumber(0, 2000, 0), { title, description: 'Pixels to add on this side, for outpaint; 0 to 2000.' });

/** What only edits take: the service and its own fields. */
export const stabilityEditParams = z.strictObject({
  editService: param(choice(STABILITY_EDIT_SERVICES, 'auto'), {
    title: 'Edit service',
    description: 'auto: inpaint with a mask, image-to-image (sd3) without one. search-and-replace needs a search prompt; erase and outpaint need no prompt.',
  }),
  searchPrompt: param(trimmedText('', { max: 10_000 }), { title: 'Search prompt', description: 'What search-and-replace looks for and replaces with the prompt.' }),
  growMask: param(wholeNumber(0, 100, 5), { title: 'Grow mask', description: 'Pixels the mask grows by at its edges, 0 to 100, for inpaint, erase and search-and-replace.' }),
  left: margin('Left'),
  right: margin('Right'),
  up: margin('Up'),
  down: margin('Down'),
  creativity: param(decimal(0, 1, 0.5), { title: 'Creativity', description: 'How freely outpaint invents, 0 to 1.' }),
});
