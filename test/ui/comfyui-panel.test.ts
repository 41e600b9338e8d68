import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { EXAMPLE_WORKFLOW } from '../fixtures/comfyui';
import { useWorkbench, type Workbench } from './support/workbench';

function assetNames(wb: Workbench): string[] {
  const folder = path.join(wb.workspace, 'assets');
  return existsSync(folder) ? readdirSync(folder).filter((name) => !name.startsWith('.')) : [];
}

async function requests(url: string): Promise<{ method: string; path: string; json: unknown }[]> {
  const response = await fetch(new URL('__control/requests', url));
  return (await response.json()) as { method: string; path: string; json: unknown }[];
}

async function setFault(url: string, fault: Record<string, unknown>): Promise<void> {
  const response = await fetch(new URL('__control/fault', url), { method: 'POST', body: JSON.stringify(fault) });
  assert.equal(response.status, 200, await response.text());
}

async function panel(wb: Workbench): Promise<Frame> {
  const shown = wb.page.locator('.part.sidebar .composite.title', { hasText: /Imagesmith/i });
  await shown.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
  if (!(await shown.isVisible())) await wb.page.locator('.part.activitybar .action-item a[aria-label^="Imagesmith"]').click();
  const frame = await wb.webviewFrame('section.generator', 30_000);
  await frame.locator('section.generator select').first().waitFor();
  return frame;
}

const label = (frame: Frame, text: string) => frame.getByLabel(text, { exact: true });

describe('Generator panel with ComfyUI', function () {
  this.timeout(90_000);
  const workbench = useWorkbench({
    name: 'comfyui-panel',
    workspaceSettings: { 'imagesmith.openAfterGeneration': false },
    files: { 'workflow_api.json': JSON.stringify(EXAMPLE_WORKFLOW, null, 2) },
  });

  it('shows the workflow and the placeholder values as controls', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Open Image Generator');
    const frame = await panel(wb);
    await label(frame, 'Provider').selectOption('comfyui');
    await label(frame, 'Workflow').waitFor();
    assert.equal(await label(frame, 'Workflow').inputValue(), 'workflow_api.json');
    assert.equal(await label(frame, 'Steps').inputValue(), '20');
    assert.equal(await label(frame, 'CFG scale').inputValue(), '7');
    assert.equal(await frame.getByLabel('Negative prompt', { exact: true }).isVisible(), true, 'ComfyUI takes a negative prompt');
    await frame.getByText('No API key needed.').waitFor();
    await wb.screenshot('comfyui controls');
  });

  it('shows the progress from the websocket, then the saved image', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await label(frame, 'Provider').selectOption('comfyui');
    await label(frame, 'Steps').fill('10');
    await setFault(wb.fixtureUrls.comfyui, { fault: 'busy', ms: 5_000, times: 1 });
    await label(frame, 'Prompt').fill('a clockwork owl');
    await label(frame, 'Prompt').press('Control+Enter');
    const job = frame.locator('li.job').filter({ hasText: 'a clockwork owl' });
    await job.getByText(/ComfyUI is generating… [1-9]\d?%/).waitFor({ timeout: 30_000 });
    await wb.screenshot('comfyui progress');
    await frame.locator('li.job.saved').filter({ hasText: 'a clockwork owl' }).waitFor({ timeout: 30_000 });
    assert.ok(assetNames(wb).some((name) => /-a-clockwork-owl\.png$/.test(name)), assetNames(wb).join(', '));
    const post = (await requests(wb.fixtureUrls.comfyui)).find((r) => r.path === '/prompt');
    const nodes = (post?.json as { prompt: Record<string, { inputs: Record<string, unknown> }> } | undefined)?.prompt;
    assert.equal(nodes?.['6']?.inputs.text, 'a clockwork owl');
    assert.equal(nodes?.['3']?.inputs.steps, 10);
  });
});
