import * as assert from 'node:assert/strict';
import { assetNames, fixtureRequests, label, panel, setFault, submitPrompt } from './support/panel';
import { useWorkbench } from './support/workbench';

describe('Generator panel with Stability AI', function () {
  this.timeout(90_000);
  const workbench = useWorkbench({ name: 'stability-panel', workspaceSettings: { 'imagesmith.openAfterGeneration': false } });

  it('shows the Stability AI parameters as controls, negative prompt included', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Open Image Generator');
    const frame = await panel(wb, { shownByCommand: true });
    await label(frame, 'Provider').selectOption('stability');
    await label(frame, 'Service').waitFor();
    const options = async (name: string) => label(frame, name).locator('option').allTextContents();
    assert.deepEqual(await options('Service'), ['core', 'ultra', 'sd3']);
    assert.deepEqual(await options('Aspect ratio'), ['1:1', '16:9', '21:9', '2:3', '3:2', '4:5', '5:4', '9:16', '9:21']);
    assert.deepEqual(await options('Model'), ['sd3.5-large', 'sd3.5-large-turbo', 'sd3.5-medium', 'sd3.5-flash']);
    assert.equal((await options('Style preset'))[0], 'none');
    assert.equal(await label(frame, 'Negative prompt').isVisible(), true);
    assert.equal(await label(frame, 'CFG scale').inputValue(), '');
    await wb.screenshot('stability controls');
  });

  it('sets the key, saves a content-filtered result with a warning, then generates with a style preset', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await label(frame, 'Provider').selectOption('stability');
    await frame.getByText('Stability AI needs an API key.').waitFor();
    await frame.locator('.key-status').getByRole('button', { name: 'Set API Key…' }).click();
    await wb.answerInput('sk-ui-stability-key', { expect: 'API key' });
    await frame.getByText('API key set.').waitFor();

    await setFault(wb.fixtureUrls.stability, { fault: 'content-filtered', times: 1 });
    await submitPrompt(frame, 'a filtered scene');
    // Charged all the same: the blurred image is saved, and the job says why it looks so.
    const filtered = frame.locator('li.job.saved').filter({ hasText: 'a filtered scene' });
    await filtered.locator('.job-warning').getByText(/content filter blurred the image/).waitFor({ timeout: 30_000 });
    assert.ok(assetNames(wb).some((name) => name.includes('a-filtered-scene')), assetNames(wb).join(', '));

    await label(frame, 'Aspect ratio').selectOption('3:2');
    await label(frame, 'Style preset').selectOption('origami');
    await label(frame, 'Negative prompt').fill('text');
    await submitPrompt(frame, 'a paper fox in a forest');
    await frame.locator('li.job.saved').filter({ hasText: 'a paper fox in a forest' }).waitFor({ timeout: 30_000 });
    assert.ok(assetNames(wb).some((name) => /-a-paper-fox-in-a-forest\.png$/.test(name)), assetNames(wb).join(', '));
    const post = (await fixtureRequests(wb.fixtureUrls.stability)).filter((r) => r.method === 'POST').at(-1);
    assert.equal(post?.path, '/v2beta/stable-image/generate/core');
    for (const [name, value] of [['aspect_ratio', '3:2'], ['style_preset', 'origami'], ['negative_prompt', 'text']]) {
      assert.match(post?.body ?? '', new RegExp(`name="${name}"\\r\\n\\r\\n${value}\\r\\n`), `${name} is in the form`);
    }
    // The seed the server reported is offered for reuse.
    await frame.getByRole('button', { name: /^Use the last seed \(\d+\)$/ }).waitFor();
    await wb.screenshot('stability generated');
  });
});
