/** The values a ComfyUI workflow's placeholders take, and the workflow file itself. */
import * as z from 'zod/mini';
import { decimal, param, trimmedText, wholeNumber } from '../../core/paramMeta';

/** ComfyUI's "Export (API)" saves under this name; the setting starts there. */
export const DEFAULT_WORKFLOW = 'workflow_api.json';

const side = (title: string, control: 'width' | 'height') =>
  param(wholeNumber(64, 8192, 512, 8), { title, description: `Pixels, a multiple of 8; used where the workflow has {{${title.toLowerCase()}}}.`, control });

export const comfyuiParams = z.strictObject({
  workflow: param(trimmedText(DEFAULT_WORKFLOW, { min: 1, max: 500 }), {
    title: 'Workflow',
    description: 'A workflow saved with "Export (API)", relative to the workspace folder, with {{prompt}} and other placeholders.',
  }),
  seed: param(wholeNumber(-1, Number.MAX_SAFE_INTEGER, -1), { title: 'Seed', description: '{{seed}}; -1 picks a random seed, which is recorded.', control: 'seed' }),
  steps: param(wholeNumber(1, 150, 20), { title: 'Steps', description: '{{steps}}: sampling steps, 1 to 150.' }),
  cfgScale: param(decimal(0, 30, 7), { title: 'CFG scale', description: '{{cfg}}: how closely the image follows the prompt.' }),
  width: side('Width', 'width'),
  height: side('Height', 'height'),
});

/** The edit workflow's setting starts at the name of the example in the README. */
export const DEFAULT_EDIT_WORKFLOW = 'workflow_edit_api.json';

/** What only edits take: their own workflow, with {{image}}, {{denoise}} and {{mask}}. */
export const comfyuiEditParams = z.strictObject({
  editWorkflow: param(trimmedText(DEFAULT_EDIT_WORKFLOW, { min: 1, max: 500 }), {
    title: 'Edit workflow',
    description: 'The workflow for edits and variations, relative to the workspace folder, with {{image}}, {{denoise}} and, for inpainting, {{mask}}.',
  }),
});
