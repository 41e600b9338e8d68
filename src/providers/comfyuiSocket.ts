/**
 * ComfyUI's websocket (/ws): progress, the end of the job and why it stopped, read from the
 * moment the socket opens; without it the job's history is polled instead.
 */
import * as l10n from '@vscode/l10n';
import type { MessageEvent } from 'undici';
import { WebSocket } from 'undici/lib/web/websocket/websocket';
import * as z from 'zod/mini';
import { cancelled, ImagesmithError } from '../core/errors';
import type { ProviderContext } from '../core/types';

const LABEL = 'ComfyUI';
/** How long the websocket may take to open before the history is polled instead. */
const CONNECT_MS = 5_000;

const wsMessage = z.object({ type: z.string(), data: z._default(z.record(z.string(), z.unknown()), {}) });
const progressData = z.object({ value: z.number(), max: z.number().check(z.positive()), prompt_id: z.optional(z.string()) });
const executionError = z.object({
  prompt_id: z.optional(z.string()),
  node_id: z.optional(z.union([z.string(), z.number()])),
  node_type: z.optional(z.string()),
  exception_message: z.optional(z.string()),
});

/** Why ComfyUI stopped the job, from an `execution_error` or `execution_interrupted` message (on the websocket or in the history). */
export function executionFailed(type: 'execution_error' | 'execution_interrupted', data: unknown): ImagesmithError {
  const parsed = executionError.safeParse(data);
  const e = parsed.success ? parsed.data : {};
  const node = e.node_id === undefined ? undefined : e.node_type ? `${String(e.node_id)} (${e.node_type})` : String(e.node_id);
  if (type === 'execution_interrupted') {
    const message = node
      ? l10n.t('{0} stopped the job in node {1}: it was interrupted on the server (its Cancel, or another client). Generate again.', LABEL, node)
      : l10n.t('{0} stopped the job: it was interrupted on the server (its Cancel, or another client). Generate again.', LABEL);
    return new ImagesmithError('provider', message, {
      provider: LABEL,
    });
  }
  const said = e.exception_message?.trim() || l10n.t('no reason given');
  const message = node
    ? l10n.t("{0} could not run the workflow in node {1}: {2}. Check the workflow and ComfyUI's console.", LABEL, node, said)
    : l10n.t("{0} could not run the workflow: {1}. Check the workflow and ComfyUI's console.", LABEL, said);
  return new ImagesmithError('provider', message, { provider: LABEL });
}

type WsMessage = z.infer<typeof wsMessage>;

/**
 * ComfyUI's websocket, read from the moment it opens: a cached workflow runs in
 * milliseconds, and its messages can arrive before the answer to `POST /prompt` says
 * which job they belong to. Every message is kept until the job's id is known.
 */
export class JobSocket {
  readonly received: WsMessage[] = [];
  closed = false;
  /** Called on every message and on close; set by whoever follows the job. */
  onChange: (() => void) | undefined;

  constructor(readonly ws: WebSocket) {
    ws.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (typeof event.data !== 'string') return; // binary frames are live previews
      let raw: unknown;
      try {
        raw = JSON.parse(event.data);
      } catch {
        return;
      }
      const message = wsMessage.safeParse(raw);
      if (!message.success) return;
      this.received.push(message.data);
      this.onChange?.();
    });
    ws.addEventListener('close', () => {
      this.closed = true;
      this.onChange?.();
    });
  }

  close(): void {
    this.onChange = undefined;
    this.ws.close();
  }
}

/**
 * What one message says about the job: `done` once ComfyUI has written its history
 * (`executing` with node null comes after that; `execution_success` before it), an
 * error when it failed, or nothing.
 */
function readMessage({ type, data }: WsMessage, promptId: string, ctx: ProviderContext): 'done' | ImagesmithError | undefined {
  if (data.prompt_id !== undefined && data.prompt_id !== promptId) return undefined;
  if (type === 'progress') {
    const p = progressData.safeParse(data);
    if (p.success) ctx.progress({ stage: 'generating', fraction: Math.min(1, Math.max(0, p.data.value / p.data.max)) });
  } else if (type === 'execution_error') {
    return executionFailed(type, data);
  } else if (type === 'execution_interrupted') {
    return ctx.signal.aborted ? cancelled(LABEL) : executionFailed(type, data);
  } else if (type === 'executing' && data.node === null && data.prompt_id === promptId) {
    return 'done';
  }
  return undefined;
}

/**
 * Follows the job on ComfyUI's websocket until it finishes, reporting sampling progress,
 * starting with what arrived before its id was known. Resolves when the job is done or
 * the socket is lost (the history then says how it ended); rejects when ComfyUI reports
 * the job failed.
 */
export async function follow(socket: JobSocket | undefined, promptId: string, ctx: ProviderContext): Promise<void> {
  if (!socket) return;
  await new Promise<void>((resolve, reject) => {
    let read = 0;
    // The socket may stay open on a job that never ends; the history check then reports the timeout.
    const deadline = setTimeout(() => finish(), ctx.pollTimeoutMs);
    const finish = (error?: ImagesmithError) => {
      clearTimeout(deadline);
      socket.onChange = undefined;
      ctx.signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => finish(cancelled(LABEL));
    const drain = () => {
      while (read < socket.received.length) {
        const message = socket.received[read];
        read += 1;
        const outcome = message && readMessage(message, promptId, ctx);
        if (outcome) {
          finish(outcome === 'done' ? undefined : outcome);
          return;
        }
      }
      if (socket.closed) finish();
    };
    socket.onChange = drain;
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    if (ctx.signal.aborted) onAbort();
    else drain();
  });
}

/** Opens the websocket before the job is queued, so that no message is missed; undefined when it cannot be had. */
export async function connect(ctx: ProviderContext, clientId: string): Promise<JobSocket | undefined> {
  const url = new URL(`ws?clientId=${encodeURIComponent(clientId)}`, ctx.baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url);
  // Listening from the start: nothing that arrives once it is open is lost.
  const socket = new JobSocket(ws);
  const opened = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), CONNECT_MS);
    ws.addEventListener('open', () => {
      clearTimeout(timer);
      resolve(true);
    });
    ws.addEventListener('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  if (opened) return socket;
  ws.close();
  // Without the socket the job still runs; its history is polled and progress is only coarse.
  ctx.warn(l10n.t("{0}'s websocket ({1}/ws) could not be opened, so no progress is shown; the result is still collected.", LABEL, url.origin));
  return undefined;
}
