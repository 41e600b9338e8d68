// What an integration test cannot do from the extension host: dismiss the workbench's
// input boxes, as a person would, in the browser that shows them. (Modal confirmations
// need nothing: in extension-test mode VS Code confirms them without showing them.) The runner serves these on a loopback port and hands the URL to the tests in
// IMAGESMITH_WORKBENCH_CONTROL (test/integration/support/workbench.ts).

import { createServer } from 'node:http';

const WAIT_MS = 20_000;

/**
 * @param {() => import('playwright-core').Page | undefined} getPage the workbench page, once it is open
 * @returns {Promise<{ url: string; close(): Promise<void> }>}
 */
export async function startWorkbenchControl(getPage) {
  const actions = {
    /** Waits for an input box, reads its title and prompt, and dismisses it with Escape. */
    async dismissQuickInput(page) {
      return quickInput(page, (input) => input.press('Escape'));
    },
    /** Waits for an input box, reads its title and prompt, types `text` and accepts it with Enter. */
    async answerQuickInput(page, body) {
      return quickInput(page, async (input) => {
        await input.fill(String(body.text));
        await input.press('Enter');
      });
    },
  };

  /**
   * @param {import('playwright-core').Page} page
   * @param {(input: import('playwright-core').Locator) => Promise<void>} act
   */
  async function quickInput(page, act) {
    const widget = page.locator('.quick-input-widget').filter({ visible: true }).first();
    await widget.waitFor({ state: 'visible', timeout: WAIT_MS });
    const title = (await widget.locator('.quick-input-title').innerText().catch(() => '')).trim();
    const prompt = (await widget.locator('.quick-input-message').innerText().catch(() => '')).trim();
    await act(widget.locator('.quick-input-filter input'));
    await widget.waitFor({ state: 'hidden', timeout: WAIT_MS });
    return { title, prompt };
  }

  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', async () => {
      const reply = (status, value) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      try {
        const action = actions[new URL(request.url ?? '/', 'http://x').pathname.slice(1)];
        const page = getPage();
        if (request.method !== 'POST' || !action) return reply(404, { error: `no action ${request.url}` });
        if (!page) return reply(409, { error: 'the workbench is not open yet' });
        reply(200, await action(page, raw ? JSON.parse(raw) : {}));
      } catch (error) {
        reply(500, { error: error instanceof Error ? error.message : String(error) });
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Never what keeps the runner alive after a failure.
  server.unref();
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the workbench control server has no port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
