import * as l10n from '@vscode/l10n';
/**
 * Running a workflow on a ComfyUI server: `POST /prompt`, the job followed on its
 * websocket (`/ws`) and in `/history/{id}`, its errors read node by node, and images for
 * edits uploaded with `POST /upload/image` as its server.py takes them.
 */
import { randomUUID } from 'node:crypto';
import { FormData } from 'undici/lib/web/fetch/formdata';
import * as z from 'zod/mini';
import { imagePart } from '../core/edit';
import { ImagesmithError } from '../core/errors';
import { asJson, type JsonResponse } from '../core/httpAnswer';
import type { ImageFormat } from '../core/imageFormat';
import { JobPoll } from '../core/jobPoll';
import { describeBody, responseError } from '../core/providerErrors';
import type { ProviderContext, ProviderImage } from '../core/types';
import { connect, executionFailed, follow } from './comfyuiSocket';

const LABEL = 'ComfyUI';

/** The API format: node ids to `{class_type, inputs}`. The UI format (`nodes`, `links`) is told apart to say how to export. */
export const apiWorkflow = z.record(
  z.string(),
  z.looseObject({ class_type: z.string().check(z.minLength(1)), inputs: z._default(z.record(z.string(), z.unknown()), {}) }),
);
export type ApiWorkflow = z.infer<typeof apiWorkflow>;

const queued = z.object({ prompt_id: z.string().check(z.minLength(1)), number: z.optional(z.number()) });
const queueError = z.object({
  error: z.optional(z.union([z.string(), z.object({ type: z.optional(z.string()), message: z.optional(z.string()), details: z.optional(z.string()) })])),
  node_errors: z.optional(
    z.union([
      z.record(z.string(), z.object({ class_type: z.optional(z.string()), errors: z._default(z.array(z.object({ message: z.optional(z.string()), details: z.optional(z.string()) })), []) })),
      z.array(z.unknown()),
    ]),
  ),
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

const imageRef = z.object({ filename: z.string().check(z.minLength(1)), subfolder: z._default(z.string(), ''), type: z._default(z.string(), 'output') });
const historyEntry = z.object({
  outputs: z._default(z.record(z.string(), z.looseObject({ images: z.optional(z.array(imageRef)) })), {}),
  status: z.optional(z.object({ status_str: z.optional(z.string()), completed: z.optional(z.boolean()), messages: z.optional(z.array(z.tuple([z.string(), z.unknown()]))) })),
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
      throw new ImagesmithError('provider', l10n.t("{0}'s history answer was {1}. Try again later.", LABEL, describeBody(response)), { provider: LABEL, status: response.status });
    }
    const entry = all.data[promptId] === undefined ? undefined : historyEntry.safeParse(all.data[promptId]);
    if (entry && !entry.success) {
      throw new ImagesmithError('provider', l10n.t("{0}'s history of the job was of an unexpected shape. Try again later.", LABEL), { provider: LABEL });
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
  const detail = comfyuiErrorDetail(response.json) || (response.json === undefined ? l10n.t('its answer was {0}', describeBody(response)) : '');
  return responseError(LABEL, response, detail, { needsKey: false });
}

/**
 * Queues a filled workflow and follows it to its end: progress from the websocket, a
 * cancel that takes the job off the queue or interrupts it, and the images it made
 * (the saved ones, or its previews when it saves none) as addresses to download.
 */
export async function runWorkflow(workflow: ApiWorkflow, ctx: ProviderContext): Promise<ProviderImage[]> {
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
    const response = await ctx.http.postJson(new URL('prompt', ctx.baseUrl), { prompt: workflow, client_id: clientId }, { signal: ctx.signal });
    const answer = queued.safeParse(response.json);
    if (response.status < 200 || response.status >= 300 || !answer.success) {
      if (response.status >= 200 && response.status < 300) {
        throw new ImagesmithError('provider', l10n.t("{0}'s answer to the queued workflow was {1}, without a prompt_id. Try again later.", LABEL, describeBody(response)), {
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
      throw new ImagesmithError('invalid-input', l10n.t('{0} refused part of the workflow ({1}). Fix those nodes and generate again.', LABEL, invalidNodes.join('; ')), {
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
      throw new ImagesmithError('provider', l10n.t('{0} finished the workflow without an image. Give it a SaveImage node.', LABEL), { provider: LABEL });
    }
    return chosen.map((ref) => ({ url: `view?${new URLSearchParams({ filename: ref.filename, subfolder: ref.subfolder, type: ref.type }).toString()}` }));
  } finally {
    ctx.signal.removeEventListener('abort', stop);
    if (ctx.signal.aborted) stop();
    ws?.close();
  }
}

/** `/upload/image`'s answer: the name the server stored the file under, which the workflow's LoadImage then names. */
const uploaded = z.object({ name: z.string().check(z.minLength(1)), subfolder: z._default(z.string(), ''), type: z._default(z.string(), 'input') });

/**
 * Uploads an image into the server's input folder, as its web page does: the file as
 * `image`, `type=input`, `overwrite=true` only never (the server picks a free name), and
 * the workflow refers to it as `subfolder/name`.
 */
export async function uploadImage(bytes: Uint8Array, format: ImageFormat, name: string, ctx: ProviderContext): Promise<string> {
  const form = new FormData();
  form.append('image', ...imagePart(bytes, format, name));
  form.append('type', 'input');
  form.append('subfolder', 'imagesmith');
  const response = await ctx.http.postForm(new URL('upload/image', ctx.baseUrl), form, { signal: ctx.signal });
  const json = asJson(response);
  if (response.status < 200 || response.status >= 300) throw failureFrom(json);
  const answer = uploaded.safeParse(json.json);
  if (!answer.success) {
    throw new ImagesmithError('provider', `${LABEL}'s answer to the image upload was ${describeBody(json)}, without the stored name. Try again later.`, {
      provider: LABEL,
      status: response.status,
    });
  }
  return answer.data.subfolder ? `${answer.data.subfolder}/${answer.data.name}` : answer.data.name;
}
