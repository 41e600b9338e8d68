import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { EXAMPLE_WORKFLOW } from '../fixtures/comfyui';
import { assetNames, fixtureRequests, label, panel, setFault } from './support/panel';
import { useWorkbench } from './support/workbench';

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
    const frame = await panel(wb, { shownByCommand: true });
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
    const post = (await fixtureRequests(wb.fixtureUrls.comfyui)).find((r) => r.path === '/prompt');
    const nodes = (post?.json as { prompt: Record<string, { inputs: Record<string, unknown> }> } | undefined)?.prompt;
    assert.equal(nodes?.['6']?.inputs.text, 'a clockwork owl');
    assert.equal(nodes?.['3']?.inputs.steps, 10);
  });

  it('marks a workflow file that is not there, and lifts the mark as soon as the file is made', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await label(frame, 'Provider').selectOption('comfyui');
    const workflow = label(frame, 'Workflow');
    await workflow.fill('flows/portrait_api.json');
    await frame.getByText('There is no flows/portrait_api.json in the workspace folder. Save the file there, or change the path.').waitFor();
    assert.equal(await workflow.getAttribute('aria-invalid'), 'true');
    await wb.screenshot('workflow missing');

    mkdirSync(path.join(wb.workspace, 'flows'), { recursive: true });
    writeFileSync(path.join(wb.workspace, 'flows', 'portrait_api.json'), JSON.stringify(EXAMPLE_WORKFLOW));
    await frame.getByText(/There is no flows\/portrait_api\.json/).waitFor({ state: 'hidden' });
    assert.equal(await workflow.getAttribute('aria-invalid'), null);
    await label(frame, 'Prompt').fill('a portrait of an owl');
    await label(frame, 'Prompt').press('Control+Enter');
    await frame.locator('li.job.saved').filter({ hasText: 'a portrait of an owl' }).waitFor({ timeout: 30_000 });
    await workflow.fill('workflow_api.json');
  });
});
