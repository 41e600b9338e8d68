import * as assert from 'node:assert/strict';
import { assetNames, fixtureRequests, label, panel, submitPrompt } from './support/panel';
import { useWorkbench } from './support/workbench';

describe('Generator panel with OpenAI', function () {
  this.timeout(90_000);
  const workbench = useWorkbench({ name: 'openai-panel', workspaceSettings: { 'imagesmith.openAfterGeneration': false } });

  it('shows the OpenAI parameters as controls with their choices', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Open Image Generator');
    const frame = await panel(wb, { shownByCommand: true });
    await label(frame, 'Provider').selectOption('openai');
    await label(frame, 'Model').waitFor();
    const options = async (name: string) => label(frame, name).locator('option').allTextContents();
    assert.deepEqual(await options('Model'), ['gpt-image-1', 'gpt-image-1.5', 'gpt-image-1-mini', 'dall-e-3', 'dall-e-2']);
    // What the chosen model does not take is marked, once the host has checked the values.
    await label(frame, 'Size').locator('option', { hasText: '1792x1024 (not for gpt-image-1)' }).waitFor({ state: 'attached' });
    assert.deepEqual(await options('Size'), [
      'auto',
      '1024x1024',
      '1536x1024',
      '1024x1536',
      '1792x1024 (not for gpt-image-1)',
      '1024x1792 (not for gpt-image-1)',
      '512x512 (not for gpt-image-1)',
      '256x256 (not for gpt-image-1)',
    ]);
    assert.deepEqual(await options('Style'), ['none', 'vivid (not for gpt-image-1)', 'natural (not for gpt-image-1)']);
    assert.deepEqual(await options('Background'), ['auto', 'opaque', 'transparent']);
    assert.deepEqual(await options('Format'), ['png', 'jpeg', 'webp']);
    assert.equal(await label(frame, 'Images').inputValue(), '1');
    assert.equal(await label(frame, 'Compression').inputValue(), '100');
    assert.equal(await frame.getByLabel('Negative prompt', { exact: true }).isVisible(), false, 'OpenAI takes no negative prompt');
    await wb.screenshot('openai controls');
  });

  it('marks every rule dall-e-3 breaks at once, sends nothing, then asks for the key and generates', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await label(frame, 'Provider').selectOption('openai');
    await frame.getByText('OpenAI needs an API key.').waitFor();

    await label(frame, 'Quality').selectOption('high');
    await label(frame, 'Model').selectOption('dall-e-3');
    await label(frame, 'Images').fill('2');
    // Both broken rules are marked as the values change, before Generate.
    await frame.getByText('OpenAI: dall-e-3 makes one image per request; set Images to 1 (got 2).').waitFor();
    await frame.getByText('OpenAI: dall-e-3 takes the qualities standard and hd; got high.').waitFor();
    await label(frame, 'Quality').locator('option', { hasText: 'low (not for dall-e-3)' }).waitFor({ state: 'attached' });
    assert.equal(await label(frame, 'Images').getAttribute('aria-invalid'), 'true');
    assert.equal(await label(frame, 'Quality').getAttribute('aria-invalid'), 'true');
    await label(frame, 'Size').locator('option', { hasText: '1536x1024 (not for dall-e-3)' }).waitFor({ state: 'attached' });
    const cards = await frame.locator('li.job').count();
    await submitPrompt(frame, 'a paper crane on a desk');
    await frame.locator('.form-error', { hasText: 'Fix the 2 marked values first.' }).waitFor();
    assert.equal(await frame.locator('li.job').count(), cards, 'no job was started');
    assert.deepEqual(await fixtureRequests(wb.fixtureUrls.openai), [], 'nothing was sent');
    await wb.screenshot('dall-e-3 rules marked');

    await label(frame, 'Images').fill('1');
    await label(frame, 'Quality').selectOption('standard');
    await label(frame, 'Style').selectOption('natural');
    await frame.locator('.form-error', { hasText: 'Fix the 2 marked values first.' }).waitFor({ state: 'hidden' });
    assert.equal(await label(frame, 'Images').getAttribute('aria-invalid'), null);
    // No key yet: the panel asks for it, as the palette does, and the same job carries on.
    await submitPrompt(frame, 'a paper crane at dawn');
    await wb.answerInput('sk-ui-openai-key', { expect: 'OpenAI needs an API key to generate' });
    const saved = frame.locator('li.job.saved').filter({ hasText: 'a paper crane at dawn' });
    await saved.waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('li.job').filter({ hasText: 'a paper crane at dawn' }).count(), 1, 'one card, the same job');
    await frame.getByText('API key set.').waitFor();
    assert.ok(assetNames(wb).some((name) => /-a-paper-crane-at-dawn\.png$/.test(name)), assetNames(wb).join(', '));
    const [post] = (await fixtureRequests(wb.fixtureUrls.openai)).filter((r) => r.method === 'POST');
    assert.deepEqual(post?.json, { model: 'dall-e-3', prompt: 'a paper crane at dawn', n: 1, size: '1024x1024', quality: 'standard', style: 'natural', response_format: 'b64_json' });
    await wb.screenshot('openai generated');
  });
});
