import { randomInt, randomUUID } from 'node:crypto';
import * as z from 'zod';
import { ImagesmithError } from '../core/errors';
import { JobPoll } from '../core/jobPoll';
import type { JsonResponse } from '../core/httpAnswer';
import { describeBody, responseError } from '../core/providerErrors';
import type { ImageProvider, ProviderContext, ProviderRequest } from '../core/types';
import { defined, numberField, widthAndHeight, textField, type InfotextFields, type RecalledParams } from './fromInfotext';
import { comfyuiParams as params } from './params/comfyui';
import { connect, executionFailed, follow } from './comfyuiSocket';

const LABEL = 'ComfyUI';

type Params = z.infer<typeof params>;

/** The placeholders a workflow may hold, by name, with the infotext label of each numeric one. */
const NUMERIC = { seed: 'Seed', steps: 'Steps', cfg: 'CFG scale', width: 'Width', height: 'Height' } as const;
type Numeric = keyof typeof NUMERIC;
const PLACEHOLDER = /\{\{\s*(prompt|negative_prompt|seed|steps|cfg|width|height)\s*\}\}/g;
const WHOLE = /^\{\{\s*(prompt|negative_prompt|seed|steps|cfg|width|height)\s*\}\}$/;

/** The API format: node ids to `{class_type, inputs}`. The UI format (`nodes`, `links`) is told apart to say how to export. */
const apiWorkflow = z.record(
  z.string(),
  z.looseObject({ class_type: z.string().min(1), inputs: z.record(z.string(), z.unknown()).default({}) }),
);
export type ApiWorkflow = z.infer<typeof apiWorkflow>;

export interface FilledWorkflow {
  readonly workflow: ApiWorkflow;
  /** The placeholders it held, so that only what the workflow used is recorded. */
  readonly used: ReadonlySet<string>;
  /** The first `ckpt_name` in it, for the infotext's Model. */
  readonly checkpoint?: string;
}

function invalidWorkflow(path: string, why: string): ImagesmithError {
  return new ImagesmithError('invalid-input', `${LABEL}: the workflow ${path} ${why}`, { provider: LABEL, parameter: 'workflow' });
}

export function parseWorkflow(text: string, path: string): ApiWorkflow {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalidWorkflow(path, 'is not JSON. Save it from ComfyUI with "Export (API)".');
  }
  if (typeof raw === 'object' && raw !== null && 'nodes' in raw && 'links' in raw) {
    throw invalidWorkflow(path, 'is in the UI format. Save it from ComfyUI with "Export (API)" (turn on the dev mode options in its settings if the menu lacks it).');
  }
  const parsed = apiWorkflow.safeParse(raw);
  if (!parsed.success || Object.keys(parsed.data).length === 0) {
    throw invalidWorkflow(path, 'is not an API-format workflow (an object of nodes with class_type and inputs). Save it from ComfyUI with "Export (API)".');
  }
  return parsed.data;
}

/** Puts the request's values where the workflow's placeholders are; a whole-value number placeholder becomes a number. */
export function fillWorkflow(workflow: ApiWorkflow, request: ProviderRequest<Params>, seed: number): FilledWorkflow {
  const p = request.params;
  const numbers: Record<Numeric, number> = { seed, steps: p.steps, cfg: p.cfgScale, width: p.width, height: p.height };
  const texts: Record<'prompt' | 'negative_prompt', string> = { prompt: request.prompt, negative_prompt: request.negativePrompt ?? '' };
  const used = new Set<string>();
  const valueOf = (name: string): string | number => (name in numbers ? numbers[name as Numeric] : texts[name as keyof typeof texts]);
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const whole = WHOLE.exec(value);
      if (whole?.[1]) {
        used.add(whole[1]);
        return valueOf(whole[1]);
      }
      return value.replace(PLACEHOLDER, (_match, name: string) => {
        used.add(name);
        return String(valueOf(name));
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

async function loadWorkflow(request: ProviderRequest<Params>, ctx: Pick<ProviderContext, 'readWorkspaceFile'>): Promise<ApiWorkflow> {
  const path = request.params.workflow;
  let text: string;
  try {
    text = await ctx.readWorkspaceFile(path);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ImagesmithError(
      'invalid-input',
      `${LABEL}: ${why} Save your workflow with ComfyUI's "Export (API)" into the workspace and set imagesmith.providers.comfyui.workflow to its path.`,
      { provider: LABEL, parameter: 'workflow', cause: error },
    );
  }
  const workflow = parseWorkflow(text, path);
  if (!/\{\{\s*prompt\s*\}\}/.test(JSON.stringify(workflow))) {
    throw invalidWorkflow(path, 'has no {{prompt}} placeholder, so the prompt would go nowhere. Put "{{prompt}}" as the text of its positive CLIPTextEncode node.');
  }
  return workflow;
}

const queued = z.object({ prompt_id: z.string().min(1), number: z.number().optional() });
const queueError = z.object({
  error: z.union([z.string(), z.object({ type: z.string().optional(), message: z.string().optional(), details: z.string().optional() })]).optional(),
  node_errors: z
    .union([
      z.record(z.string(), z.object({ class_type: z.string().optional(), errors: z.array(z.object({ message: z.string().optional(), details: z.string().optional() })).default([]) })),
      z.array(z.unknown()),
    ])
    .optional(),
});

/** The node errors of `/prompt`'s answer, one line each: `node 4 (CheckpointLoaderSimple): Value not in list: …`. */
function nodeErrorLines(nodes: z.infer<typeof queueError>['node_errors']): string[] {
  if (!nodes || Array.isArray(nodes)) return [];
  return Object.entries(nodes).flatMap(([id, node]) =>
    node.errors.map((e) => `node ${id}${node.class_type ? ` (${node.class_type})` : ''}: ${[e.message, e.details].filter(Boolean).join(': ')}`),
  );
}

/**
 * ComfyUI's 400: `{error: {message, details}, node_errors: {id: {class_type, errors: [{message, details}]}}}`.
 * When nodes failed, `details` is those same errors joined by newlines, so they are shown once, node by node.
 */
export function comfyuiErrorDetail(body: unknown): string {
  const parsed = queueError.safeParse(body);
  if (!parsed.success) return '';
  const { error, node_errors: nodes } = parsed.data;
  const perNode = nodeErrorLines(nodes);
  const head =
    typeof error === 'string' ? error : [error?.message, perNode.length > 0 ? undefined : error?.details].filter((s) => s && s.trim()).join(': ');
  return [head, ...perNode].filter(Boolean).join('; ');
}

const imageRef = z.object({ filename: z.string().min(1), subfolder: z.string().default(''), type: z.string().default('output') });
const historyEntry = z.object({
  outputs: z.record(z.string(), z.object({ images: z.array(imageRef).optional() }).loose()).default({}),
  status: z
    .object({ status_str: z.string().optional(), completed: z.boolean().optional(), messages: z.array(z.tuple([z.string(), z.unknown()])).optional() })
    .optional(),
});
type HistoryEntry = z.infer<typeof historyEntry>;

/** The job's history entry once it has finished, polled with back-off until `pollTimeoutMs`. */
async function finished(promptId: string, ctx: ProviderContext, poll: JobPoll): Promise<HistoryEntry> {
  const url = new URL(`history/${encodeURIComponent(promptId)}`, ctx.baseUrl);
  for (;;) {
    const response = await ctx.http.getJson(url, { signal: ctx.signal });
    if (response.status < 200 || response.status >= 300) throw failureFrom(response);
    const all = z.record(z.string(), z.unknown()).safeParse(response.json);
    if (!all.success) {
      throw new ImagesmithError('provider', `${LABEL}'s history answer was ${describeBody(response)}. Try again later.`, { provider: LABEL, status: response.status });
    }
    const entry = all.data[promptId] === undefined ? undefined : historyEntry.safeParse(all.data[promptId]);
    if (entry && !entry.success) {
      throw new ImagesmithError('provider', `${LABEL}'s history of the job was of an unexpected shape. Try again later.`, { provider: LABEL });
    }
    if (entry?.success) {
      const status = entry.data.status;
      if (status?.status_str === 'error') {
        // An interrupted job says so in its messages, as a failed one gives its node and exception.
        const failed = status.messages?.find(([type]) => type === 'execution_error' || type === 'execution_interrupted');
        throw executionFailed(failed?.[0] === 'execution_interrupted' ? 'execution_interrupted' : 'execution_error', failed?.[1]);
      }
      if (status?.completed !== false) return entry.data;
    }
    await poll.next();
  }
}

function failureFrom(response: JsonResponse): ImagesmithError {
  const detail = comfyuiErrorDetail(response.json) || (response.json === undefined ? `its answer was ${describeBody(response)}` : '');
  return responseError(LABEL, response, detail, { needsKey: false });
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

export const comfyui: ImageProvider<typeof params> = {
  id: 'comfyui',
  label: LABEL,
  needsKey: false,
  defaultBaseUrl: 'http://127.0.0.1:8188/',
  takesNegativePrompt: true,
  params,
  workspaceFileParams: ['workflow'],
  recall: comfyuiParamsFromInfotext,

  async check(request, ctx) {
    await loadWorkflow(request, ctx);
  },

  async generate(request, ctx) {
    const p = request.params;
    const seed = p.seed === -1 ? randomInt(0, 2 ** 32) : p.seed;
    const filled = fillWorkflow(await loadWorkflow(request, ctx), request, seed);
    if (request.negativePrompt && !filled.used.has('negative_prompt')) {
      ctx.warn(`${LABEL}: the workflow has no {{negative_prompt}} placeholder, so the negative prompt is not used.`);
    }
    const clientId = randomUUID();
    ctx.progress({ stage: 'sending' });
    const ws = await connect(ctx, clientId);
    let promptId: string | undefined;
    let stopped = false;
    const stop = () => {
      if (promptId === undefined || stopped) return;
      stopped = true;
      const headers = { signal: AbortSignal.timeout(5_000) };
      // A queued job is taken off the queue; a running one is interrupted, so the GPU is free for the next.
      void ctx.http.postJson(new URL('queue', ctx.baseUrl), { delete: [promptId] }, headers).catch(() => undefined);
      void ctx.http.postJson(new URL('interrupt', ctx.baseUrl), { prompt_id: promptId }, headers).catch(() => undefined);
    };
    ctx.signal.addEventListener('abort', stop, { once: true });
    const poll = new JobPoll(ctx, { provider: 'comfyui', label: LABEL, delay: (checks) => Math.min(5_000, Math.round(500 * 1.5 ** checks)) });
    try {
      const response = await ctx.http.postJson(new URL('prompt', ctx.baseUrl), { prompt: filled.workflow, client_id: clientId }, { signal: ctx.signal });
      const answer = queued.safeParse(response.json);
      if (response.status < 200 || response.status >= 300 || !answer.success) {
        if (response.status >= 200 && response.status < 300) {
          throw new ImagesmithError('provider', `${LABEL}'s answer to the queued workflow was ${describeBody(response)}, without a prompt_id. Try again later.`, {
            provider: LABEL,
            status: response.status,
          });
        }
        throw failureFrom(response);
      }
      promptId = answer.data.prompt_id;
      const invalidNodes = nodeErrorLines(queueError.safeParse(response.json).data?.node_errors);
      if (invalidNodes.length > 0) {
        // ComfyUI queues what is still valid and runs it without the broken outputs: not the workflow that was asked for.
        stop();
        throw new ImagesmithError('invalid-input', `${LABEL} refused part of the workflow (${invalidNodes.join('; ')}). Fix those nodes and generate again.`, {
          provider: LABEL,
          parameter: 'workflow',
        });
      }
      await follow(ws, promptId, ctx);
      const entry = await finished(promptId, ctx, poll);
      const refs = Object.values(entry.outputs).flatMap((output) => output.images ?? []);
      // Saved images are the workflow's result; previews are only there when it saves none.
      const saved = refs.filter((ref) => ref.type === 'output');
      const chosen = saved.length > 0 ? saved : refs;
      if (chosen.length === 0) {
        throw new ImagesmithError('provider', `${LABEL} finished the workflow without an image. Give it a SaveImage node.`, { provider: LABEL });
      }
      const reported: Record<string, string> = { Workflow: p.workflow };
      for (const [name, label] of Object.entries(NUMERIC)) if (filled.used.has(name)) reported[label] = 'used';
      if (filled.checkpoint) reported.Model = filled.checkpoint;
      return {
        images: chosen.map((ref) => ({ url: `view?${new URLSearchParams({ filename: ref.filename, subfolder: ref.subfolder, type: ref.type }).toString()}` })),
        ...(filled.used.has('seed') ? { seed } : {}),
        reported,
      };
    } finally {
      ctx.signal.removeEventListener('abort', stop);
      if (ctx.signal.aborted) stop();
      ws?.close();
    }
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

