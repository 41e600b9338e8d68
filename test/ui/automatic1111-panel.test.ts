import * as assert from 'node:assert/strict';
import { assetNames, fixtureRequests, label, panel, setFault } from './support/panel';
import { useWorkbench } from './support/workbench';

describe('Generator panel with AUTOMATIC1111', function () {
  this.timeout(90_000);
  const workbench = useWorkbench({ name: 'automatic1111-panel', workspaceSettings: { 'imagesmith.openAfterGeneration': false } });

  it("offers the server's samplers and checkpoints and the rest of the parameters as controls", async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Open Image Generator');
    const frame = await panel(wb, { shownByCommand: true });
    await label(frame, 'Provider').selectOption('automatic1111');
    await label(frame, 'Sampler').waitFor();
    const options = async (name: string) => label(frame, name).locator('option').allTextContents();
    // The lists arrive from the server after the first draw.
    await frame.waitForFunction(() => document.querySelectorAll('select option[value="DPM++ SDE"]').length > 0, undefined, { timeout: 15_000 });
    assert.deepEqual(await options('Sampler'), ['DPM++ 2M', 'DPM++ SDE', 'Euler a', 'Euler', 'DDIM']);
    assert.equal(await label(frame, 'Sampler').inputValue(), 'Euler a');
    const checkpoints = await label(frame, 'Checkpoint').locator('option').evaluateAll((list) => list.map((o) => (o as HTMLOptionElement).value));
    assert.deepEqual(checkpoints, ['', 'v1-5-pruned-emaonly.safetensors [6ce0161689]', 'sd_xl_base_1.0.safetensors [31e35c80fc]']);
    const schedules = await label(frame, 'Schedule type').locator('option').evaluateAll((list) => list.map((o) => (o as HTMLOptionElement).value));
    assert.deepEqual(schedules, ['', 'Automatic', 'Uniform', 'Karras', 'Exponential', 'SGM Uniform']);
    assert.equal(await label(frame, 'Schedule type').inputValue(), '');
    assert.equal(await label(frame, 'Steps').inputValue(), '20');
    assert.equal(await label(frame, 'CFG scale').inputValue(), '7');
    assert.equal(await label(frame, 'Batch size').inputValue(), '1');
    assert.equal(await frame.getByLabel('Negative prompt', { exact: true }).isVisible(), true, 'AUTOMATIC1111 takes a negative prompt');
    await frame.getByText('No API key needed.').waitFor();
    await wb.screenshot('automatic1111 controls');
  });

  it('offers to set the optional login, and says when one is set', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await label(frame, 'Provider').selectOption('automatic1111');
    await frame.getByRole('button', { name: 'Set Login…' }).click();
    // A login, named so, in the form the web UI's --api-auth takes.
    await wb.typeInInput('nocolon', { expect: 'Imagesmith: AUTOMATIC1111 Login' });
    await wb.waitForQuickInputMessage('Write it as user:password, with a colon between the two.');
    await wb.answerInput('painter:secret-brush', { expect: 'Imagesmith: AUTOMATIC1111 Login' });
    await frame.getByText('No API key needed; login set.').waitFor();
    await frame.getByRole('button', { name: 'Change Login…' }).waitFor();
    await wb.runCommand('Imagesmith: Clear API Key…');
    await wb.pickItem('AUTOMATIC1111', { expect: 'Pick a provider' });
    await frame.getByText('No API key needed.', { exact: true }).waitFor();
  });

  it('shows the progress the server reports, then the saved image', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await label(frame, 'Provider').selectOption('automatic1111');
    await frame.waitForFunction(() => document.querySelectorAll('select option[value="DPM++ SDE"]').length > 0, undefined, { timeout: 15_000 });
    await label(frame, 'Sampler').selectOption('DPM++ SDE');
    await label(frame, 'Checkpoint').selectOption('sd_xl_base_1.0.safetensors [31e35c80fc]');
    await label(frame, 'Schedule type').selectOption('Karras');
    await setFault(wb.fixtureUrls.automatic1111, { fault: 'busy', ms: 6_000, times: 1 });
    await label(frame, 'Prompt').fill('a tin robot reading');
    await label(frame, 'Prompt').press('Control+Enter');
    const job = frame.locator('li.job').filter({ hasText: 'a tin robot reading' });
    await job.getByText(/AUTOMATIC1111 is generating… [1-9]\d?%/).waitFor({ timeout: 30_000 });
    await wb.screenshot('automatic1111 progress');
    await frame.locator('li.job.saved').filter({ hasText: 'a tin robot reading' }).waitFor({ timeout: 30_000 });
    assert.ok(assetNames(wb).some((name) => /-a-tin-robot-reading\.png$/.test(name)), assetNames(wb).join(', '));
    const post = (await fixtureRequests(wb.fixtureUrls.automatic1111)).find((r) => r.path === '/sdapi/v1/txt2img');
    const body = post?.json as Record<string, unknown> | undefined;
    assert.equal(body?.sampler_name, 'DPM++ SDE');
    assert.equal(body?.scheduler, 'Karras');
    assert.deepEqual(body?.override_settings, { sd_model_checkpoint: 'sd_xl_base_1.0.safetensors [31e35c80fc]' });
  });
});
