// The workbench's own questions, answered in the browser that shows them, as a person
// would: the runner serves this at IMAGESMITH_WORKBENCH_CONTROL (scripts/lib/workbench-control.mjs).
// Modal confirmations need no answer: in extension-test mode VS Code's dialog service
// confirms them itself without showing them.

export interface QuickInputSeen {
  readonly title: string;
  readonly prompt: string;
}

async function control<T>(action: string, body: unknown): Promise<T> {
  const base = process.env.IMAGESMITH_WORKBENCH_CONTROL;
  if (!base) throw new Error('IMAGESMITH_WORKBENCH_CONTROL is not set: run the integration tests with `npm run test:integration`');
  const response = await fetch(new URL(action, base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`workbench control ${action} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Waits for an input box, then dismisses it with Escape; its title and prompt. */
export function dismissQuickInput(): Promise<QuickInputSeen> {
  return control('dismissQuickInput', {});
}

/** Waits for an input box, then types `text` and accepts it; its title and prompt. */
export function answerQuickInput(text: string): Promise<QuickInputSeen> {
  return control('answerQuickInput', { text });
}
