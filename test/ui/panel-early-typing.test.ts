// The panel's page is drawn before the extension host has answered it (its providers, the kept
// draft): on a window that is still starting, that answer can take seconds. What a person types
// in that time must stay. The answer is held back in the webview's own host frame, where VS Code
// hands the extension's messages on to the page, so the order is certain rather than a race.
// The hold is in force for every webview this workbench opens, hence a file of its own.

import * as assert from 'node:assert/strict';
import { label, panel } from './support/panel';
import { useWorkbench } from './support/workbench';

type HoldingWindow = Window & { __imagesmithRelease?: () => void };

/**
 * Runs in every frame: in a webview's host frame, the extension's messages (on the MessagePort
 * whose `onmessage` the frame sets) wait, from the first `readyResult` on and in their order,
 * for `__imagesmithRelease()`.
 */
function holdTheFirstAnswer(): void {
  type Accessors = { get?: (this: MessagePort) => unknown; set?: (this: MessagePort, handler: unknown) => void };
  const { get, set } = (Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage') ?? {}) as Accessors;
  if (!get || !set) return;
  let held: (() => void)[] | undefined;
  let released = false;
  Object.defineProperty(MessagePort.prototype, 'onmessage', {
    configurable: true,
    get(this: MessagePort) {
      return get.call(this);
    },
    set(this: MessagePort, handler: ((event: MessageEvent) => void) | null) {
      if (!handler) return void set.call(this, handler);
      set.call(this, (event: MessageEvent<{ channel?: string; args?: { message?: { type?: string } } }>) => {
        const message = event.data?.channel === 'message';
        if (message && !held && event.data.args?.message?.type === 'readyResult') {
          held = [];
          (window as HoldingWindow).__imagesmithRelease = () => {
            const waiting = held ?? [];
            held = [];
            released = true;
            for (const deliver of waiting) deliver();
          };
        }
        if (message && held && !released) held.push(() => handler.call(this, event));
        else handler.call(this, event);
      });
    },
  });
}

describe('The panel before the extension has answered it', function () {
  this.timeout(120_000);
  const workbench = useWorkbench({ name: 'panel-early-typing', files: {}, workspaceSettings: { 'imagesmith.openAfterGeneration': false } });

  it('keeps the prompt typed before the answer came, and generates with it when Generate was pressed in that time', async () => {
    const wb = workbench();
    await wb.page.addInitScript(holdTheFirstAnswer);
    const frame = await panel(wb);
    const hostFrame = frame.parentFrame();
    assert.ok(hostFrame, 'the page has its webview host frame');
    await hostFrame.waitForFunction(() => typeof (window as HoldingWindow).__imagesmithRelease === 'function');
    // No providers yet: the page has not had its answer.
    assert.equal(await label(frame, 'Provider').locator('option').count(), 0);

    // Typed, and Generate asked for, before the answer: both wait for it rather than being lost.
    await label(frame, 'Prompt').fill('typed before the panel was ready');
    await label(frame, 'Prompt').press('Control+Enter');
    assert.equal(await frame.locator('li.job').count(), 0);
    await hostFrame.evaluate(() => (window as HoldingWindow).__imagesmithRelease?.());
    await label(frame, 'Provider').locator('option[value="popcord"]').waitFor({ state: 'attached' });
    assert.equal(await label(frame, 'Prompt').inputValue(), 'typed before the panel was ready');
    const card = frame.locator('li.job.saved').first();
    await card.waitFor({ timeout: 30_000 });
    assert.match((await card.locator('.job-prompt').textContent()) ?? '', /typed before the panel was ready/);
  });
});
