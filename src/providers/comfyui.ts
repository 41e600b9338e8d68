import * as l10n from '@vscode/l10n';
import { randomInt } from 'node:crypto';
import type * as z from 'zod/mini';
import { LOCAL_SERVER_EDITS, type EditSupport } from '../core/edit';
import { ImagesmithError } from '../core/errors';
import { whiteMaskPng } from '../core/mask';
import type { EditProviderRequest, ImageProvider, ProviderContext, ProviderRequest } from '../core/types';
import { apiWorkflow, runWorkflow, uploadImage, type ApiWorkflow } from './comfyuiJob';
import { defined, numberField, widthAndHeight, textField, type InfotextFields, type RecalledParams } from './fromInfotext';
import { comfyuiEditParams as editParams, comfyuiParams as params } from './params/comfyui';

export { comfyuiErrorDetail, type ApiWorkflow } from './comfyuiJob';

const LABEL = 'ComfyUI';

type Params = z.infer<typeof params>;

/** The placeholders a workflow may hold, by name, with the infotext label of each numeric one. */
const NUMERIC = { seed: 'Seed', steps: 'Steps', cfg: 'CFG scale', width: 'Width', height: 'Height' } as const;
const PLACEHOLDER = /\{\{\s*(prompt|negative_prompt|seed|steps|cfg|width|height|image|mask|denoise)\s*\}\}/g;
const WHOLE = /^\{\{\s*(prompt|negative_prompt|seed|steps|cfg|width|height|image|mask|denoise)\s*\}\}$/;

/** What an edit puts in: the uploaded source's and mask's names (as LoadImage takes them) and the denoise. */
export interface EditValues {
  readonly image: string;
  readonly mask?: string;
  readonly denoise: number;
}

export interface FilledWorkflow {
  readonly workflow: ApiWorkflow;
  /** The placeholders it held, so that only what the workflow used is recorded. */
  readonly used: ReadonlySet<string>;
  /** The first `ckpt_name` in it, for the infotext's Model. */
  readonly checkpoint?: string;
}

function invalidWorkflow(message: string): ImagesmithError {
  return new ImagesmithError('invalid-input', message, { provider: LABEL, parameter: 'workflow' });
}

export function parseWorkflow(text: string, path: string): ApiWorkflow {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalidWorkflow(l10n.t('{0}: the workflow {1} is not JSON. Save it from ComfyUI with "Export (API)".', LABEL, path));
  }
  if (typeof raw === 'object' && raw !== null && 'nodes' in raw && 'links' in raw) {
    throw invalidWorkflow(l10n.t('{0}: the workflow {1} is in the UI format. Save it from ComfyUI with "Export (API)" (turn on the dev mode options in its settings if the menu lacks it).', LABEL, path));
  }
  const parsed = apiWorkflow.safeParse(raw);
  if (!parsed.success || Object.keys(parsed.data).length === 0) {
    throw invalidWorkflow(l10n.t('{0}: the workflow {1} is not an API-format workflow (an object of nodes with class_type and inputs). Save it from ComfyUI with "Export (API)".', LABEL, path));
  }
  return parsed.data;
}

/** Puts the request's values where the workflow's placeholders are; a whole-value number placeholder becomes a number. */
export function fillWorkflow(workflow: ApiWorkflow, request: ProviderRequest<Params>, seed: number, edit?: EditValues): FilledWorkflow {
  const p = request.params;
  const numbers: Record<string, number | undefined> = { seed, steps: p.steps, cfg: p.cfgScale, width: p.width, height: p.height, denoise: edit?.denoise };
  const texts: Record<string, string | undefined> = { prompt: request.prompt, negative_prompt: request.negativePrompt ?? '', image: edit?.image, mask: edit?.mask };
  const used = new Set<string>();
  // An edit's placeholders stay as they are outside an edit: there is nothing to put there.
  const valueOf = (name: string): string | number | undefined => numbers[name] ?? texts[name];
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const whole = WHOLE.exec(value);
      const wholeValue = whole?.[1] ? valueOf(whole[1]) : undefined;
      if (whole?.[1] && wholeValue !== undefined) {
        used.add(whole[1]);
        return wholeValue;
      }
      return value.replace(PLACEHOLDER, (match, name: string) => {
        const filled = valueOf(name);
        if (filled === undefined) return match;
        used.add(name);
        return String(filled);
      });
    }
    if (Array.isArray(value)) return value.map(fill);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    return value;
  };
  const filled: ApiWorkflow = {};
  let checkpoint: string | undefined;
  for (const [id, node] of Object.entries(workflow)) {
    filled[id] = { ...node, inputs: fill(node.inputs) as Record<string, unknown> };
    const ckpt = node.inputs.ckpt_name;
    if (checkpoint === undefined && typeof ckpt === 'string') checkpoint = ckpt;
  }
  return { workflow: filled, used, ...(checkpoint ? { checkpoint } : {}) };
}

async function loadWorkflow(path: string, ctx: Pick<ProviderContext, 'readWorkspaceFile'>, setting: 'workflow' | 'editWorkflow' = 'workflow'): Promise<ApiWorkflow> {
  let text: string;
  try {
    text = await ctx.readWorkspaceFile(path);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ImagesmithError(
      'invalid-input',
      setting === 'workflow'
        ? l10n.t('{0}: {1} Save your workflow with ComfyUI\'s "Export (API)" into the workspace and set imagesmith.providers.comfyui.workflow to its path.', LABEL, why)
        : l10n.t('{0}: {1} Save your edit workflow with ComfyUI\'s "Export (API)" into the workspace and set imagesmith.providers.comfyui.editWorkflow to its path (the README has an example).', LABEL, why),
      { provider: LABEL, parameter: setting, cause: error },
    );
  }
  const workflow = parseWorkflow(text, path);
  const flat = JSON.stringify(workflow);
  if (!/\{\{\s*prompt\s*\}\}/.test(flat)) {
    throw invalidWorkflow(l10n.t('{0}: the workflow {1} has no {{prompt}} placeholder, so the prompt would go nowhere. Put "{{prompt}}" as the text of its positive CLIPTextEncode node.', LABEL, path));
  }
  if (setting === 'editWorkflow' && !/\{\{\s*image\s*\}\}/.test(flat)) {
    throw invalidWorkflow(l10n.t('{0}: the workflow {1} has no {{image}} placeholder, so the source image would go nowhere. Put "{{image}}" as the image of its LoadImage node.', LABEL, path));
  }
  return workflow;
}

/** Uploads the source (and the mask, white where repainted) and runs the edit workflow with them. */
async function comfyuiEdit(request: EditProviderRequest<Params>, ctx: ProviderContext) {
  const { edit, params: p } = request;
  const path = editParams.parse(request.editParams).editWorkflow;
  const workflow = await loadWorkflow(path, ctx, 'editWorkflow');
  if (edit.mask && !/\{\{\s*mask\s*\}\}/.test(JSON.stringify(workflow))) {
    throw new ImagesmithError('invalid-input', `${LABEL}: the edit workflow ${path} has no {{mask}} placeholder, so the mask would be ignored. Add a LoadImageMask node with "{{mask}}" as its image, or leave the mask out.`, {
      provider: LABEL,
      parameter: 'mask',
    });
  }
  ctx.progress({ stage: 'sending' });
  const name = edit.source.path.split('/').pop() ?? 'source.png';
  const image = await uploadImage(edit.source.bytes, edit.source.format, name, ctx);
  // A workflow with {{mask}} serves edits without one too: an all-white mask repaints the whole image.
  const wantsMask = /\{\{\s*mask\s*\}\}/.test(JSON.stringify(workflow));
  const coverage = edit.mask ?? (wantsMask ? { width: edit.source.width, height: edit.source.height, coverage: new Uint8Array(edit.source.width * edit.source.height).fill(255) } : undefined);
  const mask = coverage ? await uploadImage(whiteMaskPng(coverage), 'png', `${name.replace(/\.[^.]+$/, '')}-mask.png`, ctx) : undefined;
  const seed = p.seed === -1 ? randomInt(0, 2 ** 32) : p.seed;
  const filled = fillWorkflow(workflow, request, seed, { image, ...(mask ? { mask } : {}), denoise: edit.strength ?? 0.75 });
  const images = await runWorkflow(filled.workflow, ctx);
  return { images, ...(filled.used.has('seed') ? { seed } : {}), reported: reportedOf(filled, p.workflow) };
}

function reportedOf(filled: FilledWorkflow, workflow: string): Record<string, string> {
  const reported: Record<string, string> = { Workflow: workflow };
  for (const [name, label] of Object.entries(NUMERIC)) if (filled.used.has(name)) reported[label] = 'used';
  if (filled.checkpoint) reported.Model = filled.checkpoint;
  return reported;
}

/** The inverse of `infotext()`: what the workflow used comes back; the rest keeps the person's values. */
export function comfyuiParamsFromInfotext(fields: InfotextFields): RecalledParams {
  return defined({
    workflow: textField(fields, 'Workflow'),
    seed: numberField(fields, 'Seed'),
    steps: numberField(fields, 'Steps'),
    cfgScale: numberField(fields, 'CFG scale'),
    ...widthAndHeight(fields),
  });
}

const comfyuiEdits: EditSupport = {
  // ComfyUI's upload documents no size limit either; {{denoise}} takes the strength.
  ...LOCAL_SERVER_EDITS,
  params: editParams,
  fields: (values) => [['Edit workflow', editParams.parse(values).editWorkflow]],
  recall: (f) => defined({ editWorkflow: textField(f, 'Edit workflow') }),
};

export const comfyui: ImageProvider<typeof params> = {
  id: 'comfyui',
  label: LABEL,
  needsKey: false,
  defaultBaseUrl: 'http://127.0.0.1:8188/',
  takesNegativePrompt: true,
  params,
  workspaceFileParams: ['workflow'],
  recall: comfyuiParamsFromInfotext,

  edits: comfyuiEdits,
  edit: comfyuiEdit,

  async check(request, ctx) {
    // An edit reads its own workflow when it runs.
    if (!('edit' in request)) await loadWorkflow(request.params.workflow, ctx);
  },

  async generate(request, ctx) {
    const p = request.params;
    const seed = p.seed === -1 ? randomInt(0, 2 ** 32) : p.seed;
    const filled = fillWorkflow(await loadWorkflow(p.workflow, ctx), request, seed);
    if (request.negativePrompt && !filled.used.has('negative_prompt')) {
      ctx.warn(l10n.t('{0}: the workflow has no {{negative_prompt}} placeholder, so the negative prompt is not used.', LABEL));
    }
    const images = await runWorkflow(filled.workflow, ctx);
    return { images, ...(filled.used.has('seed') ? { seed } : {}), reported: reportedOf(filled, p.workflow) };
  },

  infotext(request, result) {
    const p = request.params;
    const used = result.reported ?? {};
    return [
      ...(used.Steps ? ([['Steps', p.steps]] as const) : []),
      ...(used['CFG scale'] ? ([['CFG scale', p.cfgScale]] as const) : []),
      ...(result.seed === undefined ? [] : ([['Seed', result.seed]] as const)),
      ...(used.Width || used.Height ? ([['Size', `${p.width}x${p.height}`]] as const) : []),
      ...(used.Model ? ([['Model', used.Model]] as const) : []),
      ['Workflow', p.workflow],
    ];
  },
};

