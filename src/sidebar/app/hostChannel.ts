/**
 * The webview's side of the protocol: typed posting, requests answered by id, and
 * every message from the host parsed before anything acts on it.
 */
import { type WebviewMessage } from '../protocol/toHost';
import { hostMessage, type HostMessage } from '../protocol/toPage';
import { parseWith } from '../protocol/values';
import { keptSource, type KeptSource } from '../protocol/sourceImages';
import { draft as draftSchema, type Draft } from '../protocol/values';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

let counter = 0;
const session = Math.random().toString(36).slice(2, 8);
/** Ids only need to be unique within this page's life; the session part keeps a reload's from meeting an old job. */
export function nextId(prefix: string): string {
  counter += 1;
  return `${prefix}-${session}-${Date.now().toString(36)}-${counter}`;
}

/** Calls `handle` with each valid message; refuses the rest with a console warning. */
export function listen(handle: (message: HostMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const parsed = parseWith(hostMessage, event.data);
    if (!parsed.ok) {
      console.warn(`Imagesmith: refused a message from the host (${parsed.reason})`);
      return;
    }
    handle(parsed.message);
  });
}

export interface ViewState {
  readonly draft?: Draft;
  readonly parametersOpen?: boolean;
  readonly source?: KeptSource;
}

/** The state VS Code keeps while the view is hidden; parsed, since an older version may have written it. */
export function loadViewState(): ViewState {
  const raw: unknown = api.getState();
  if (typeof raw !== 'object' || raw === null) return {};
  const { draft, parametersOpen, source } = raw as { draft?: unknown; parametersOpen?: unknown; source?: unknown };
  const parsed = draftSchema.safeParse(draft);
  const kept = keptSource.safeParse(source);
  return {
    ...(parsed.success ? { draft: parsed.data } : {}),
    ...(kept.success ? { source: kept.data } : {}),
    ...(typeof parametersOpen === 'boolean' ? { parametersOpen } : {}),
  };
}

export function saveViewState(state: ViewState): void {
  api.setState(state);
}
