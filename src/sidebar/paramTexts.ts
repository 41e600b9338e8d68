/**
 * The providers' parameter titles and descriptions in the display language. Each provider's
 * schema writes them in English (src/providers/params/, which cannot import vscode); the
 * host words them here before the controls go to the panel. Every text is written out in a
 * `vscode.l10n.t` call so that `npm run l10n` collects it, and a unit test fails when a
 * provider has a text that is not here.
 */
import * as vscode from 'vscode';
import type { ControlSpec } from './protocol/controls';

/** The English texts and their words in the display language; read when the controls are made. */
function texts(): Readonly<Record<string, string>> {
  return {
    Model: vscode.l10n.t('Model'),
    'The model to generate with.': vscode.l10n.t('The model to generate with.'),
    Size: vscode.l10n.t('Size'),
    'The dimensions of the image.': vscode.l10n.t('The dimensions of the image.'),
    '320 to 1536 pixels, a multiple of 64.': vscode.l10n.t('320 to 1536 pixels, a multiple of 64.'),
    'CFG scale': vscode.l10n.t('CFG scale'),
    'How strictly the image follows the prompt.': vscode.l10n.t('How strictly the image follows the prompt.'),
    Steps: vscode.l10n.t('Steps'),
    'Number of diffusion steps.': vscode.l10n.t('Number of diffusion steps.'),
    Seed: vscode.l10n.t('Seed'),
    '0 picks a random seed.': vscode.l10n.t('0 picks a random seed.'),
    Sampler: vscode.l10n.t('Sampler'),
    'CLIP guidance preset': vscode.l10n.t('CLIP guidance preset'),
    'Style preset': vscode.l10n.t('Style preset'),
    'An SDXL model id from the models page.': vscode.l10n.t('An SDXL model id from the models page.'),
    'Ideal value 20 to 30.': vscode.l10n.t('Ideal value 20 to 30.'),
    'Guidance scale': vscode.l10n.t('Guidance scale'),
    'Ideal value 7.5 to 12.5.': vscode.l10n.t('Ideal value 7.5 to 12.5.'),
    'Pixels; 768 or less gives the best results.': vscode.l10n.t('Pixels; 768 or less gives the best results.'),
    Samples: vscode.l10n.t('Samples'),
    'Images per generation, 1 to 4.': vscode.l10n.t('Images per generation, 1 to 4.'),
    '-1 picks a random seed.': vscode.l10n.t('-1 picks a random seed.'),
    'Denoising strength': vscode.l10n.t('Denoising strength'),
    'Optional, 0 to 1.': vscode.l10n.t('Optional, 0 to 1.'),
    Scheduler: vscode.l10n.t('Scheduler'),
    Refiner: vscode.l10n.t('Refiner'),
    'Safety checker': vscode.l10n.t('Safety checker'),
    'A GPT image model, or dall-e-3 or dall-e-2 while the API still offers them.': vscode.l10n.t('A GPT image model, or dall-e-3 or dall-e-2 while the API still offers them.'),
    'GPT image models: auto, 1024x1024, 1536x1024, 1024x1536. dall-e-3: 1024x1024, 1792x1024, 1024x1792. dall-e-2: 256x256, 512x512, 1024x1024.': vscode.l10n.t('GPT image models: auto, 1024x1024, 1536x1024, 1024x1536. dall-e-3: 1024x1024, 1792x1024, 1024x1792. dall-e-2: 256x256, 512x512, 1024x1024.'),
    Quality: vscode.l10n.t('Quality'),
    'GPT image models: low, medium, high. dall-e-3: standard, hd. dall-e-2: standard. auto lets the model choose.': vscode.l10n.t('GPT image models: low, medium, high. dall-e-3: standard, hd. dall-e-2: standard. auto lets the model choose.'),
    Images: vscode.l10n.t('Images'),
    '1 to 10; dall-e-3 makes one at a time.': vscode.l10n.t('1 to 10; dall-e-3 makes one at a time.'),
    Background: vscode.l10n.t('Background'),
    'GPT image models only; transparent needs the png or webp format.': vscode.l10n.t('GPT image models only; transparent needs the png or webp format.'),
    Format: vscode.l10n.t('Format'),
    'GPT image models only.': vscode.l10n.t('GPT image models only.'),
    Compression: vscode.l10n.t('Compression'),
    '0 to 100 %, for jpeg and webp from GPT image models.': vscode.l10n.t('0 to 100 %, for jpeg and webp from GPT image models.'),
    Moderation: vscode.l10n.t('Moderation'),
    'GPT image models only; low filters less strictly.': vscode.l10n.t('GPT image models only; low filters less strictly.'),
    Style: vscode.l10n.t('Style'),
    'dall-e-3 only; none lets it choose (vivid).': vscode.l10n.t('dall-e-3 only; none lets it choose (vivid).'),
    Service: vscode.l10n.t('Service'),
    'core: fast and cheap, with style presets. ultra: the most detailed. sd3: Stable Diffusion 3.5, with a model and CFG scale.': vscode.l10n.t('core: fast and cheap, with style presets. ultra: the most detailed. sd3: Stable Diffusion 3.5, with a model and CFG scale.'),
    'The Stable Diffusion 3.5 model, for the sd3 service only.': vscode.l10n.t('The Stable Diffusion 3.5 model, for the sd3 service only.'),
    'Aspect ratio': vscode.l10n.t('Aspect ratio'),
    'sd3 makes png or jpeg.': vscode.l10n.t('sd3 makes png or jpeg.'),
    'For the core service only.': vscode.l10n.t('For the core service only.'),
    'For the sd3 service only, 1 to 10; empty uses the model’s own default.': vscode.l10n.t('For the sd3 service only, 1 to 10; empty uses the model’s own default.'),
    Checkpoint: vscode.l10n.t('Checkpoint'),
    'The model file, as the server lists it; empty keeps the one the server has loaded.': vscode.l10n.t('The model file, as the server lists it; empty keeps the one the server has loaded.'),
    'One of the server’s samplers.': vscode.l10n.t('One of the server’s samplers.'),
    'Schedule type': vscode.l10n.t('Schedule type'),
    'One of the server’s schedule types (Karras, Exponential, …); empty leaves it to the sampler. Servers before 1.9 have none: their samplers name it ("DPM++ 2M Karras").': vscode.l10n.t('One of the server’s schedule types (Karras, Exponential, …); empty leaves it to the sampler. Servers before 1.9 have none: their samplers name it ("DPM++ 2M Karras").'),
    'Sampling steps, 1 to 150.': vscode.l10n.t('Sampling steps, 1 to 150.'),
    'How closely the image follows the prompt, 1 to 30.': vscode.l10n.t('How closely the image follows the prompt, 1 to 30.'),
    'Pixels, a multiple of 8; 512 for SD 1.5 models, 1024 for SDXL.': vscode.l10n.t('Pixels, a multiple of 8; 512 for SD 1.5 models, 1024 for SDXL.'),
    'Batch size': vscode.l10n.t('Batch size'),
    'Images per generation, 1 to 8.': vscode.l10n.t('Images per generation, 1 to 8.'),
    '(the loaded model)': vscode.l10n.t('(the loaded model)'),
    Workflow: vscode.l10n.t('Workflow'),
    'A workflow saved with "Export (API)", relative to the workspace folder, with {{prompt}} and other placeholders.': vscode.l10n.t('A workflow saved with "Export (API)", relative to the workspace folder, with {{prompt}} and other placeholders.'),
    '{{seed}}; -1 picks a random seed, which is recorded.': vscode.l10n.t('{{seed}}; -1 picks a random seed, which is recorded.'),
    '{{steps}}: sampling steps, 1 to 150.': vscode.l10n.t('{{steps}}: sampling steps, 1 to 150.'),
    '{{cfg}}: how closely the image follows the prompt.': vscode.l10n.t('{{cfg}}: how closely the image follows the prompt.'),
    'Pixels, a multiple of 8; used where the workflow has {{width}}.': vscode.l10n.t('Pixels, a multiple of 8; used where the workflow has {{width}}.'),
  };
}

/** The controls with their titles, descriptions and empty choices in the display language. */
export function localizeControls(controls: readonly ControlSpec[]): ControlSpec[] {
  const words = texts();
  const word = (english: string): string => words[english] ?? english;
  return controls.map((control) => ({
    ...control,
    title: word(control.title),
    ...(control.description === undefined ? {} : { description: word(control.description) }),
    ...(control.kind === 'select' && control.emptyLabel !== undefined ? { emptyLabel: word(control.emptyLabel) } : {}),
  }));
}
