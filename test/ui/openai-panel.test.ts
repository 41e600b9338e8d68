import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { assetNames, fixtureRequests, label, panel } from './support/panel';
import { useWorkbench } from './support/workbench';

async function generate(frame: Frame, text: string): Promise<void> {
  await label(frame, 'Prompt').fill(text);
  await label(frame, 'Prompt').press('Control+Enter');
}

describe('Generator panel with OpenAI', function () {
  this.timeout(90_000);
  const workbench = useWorkbench({ name: 'openai-panel', workspaceSettings: { 'imagesmith.openAfterGeneration': false } });

  it('shows the OpenAI parameters as controls with their choices', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Open Image Generator');
    const frame = await panel(wb);
    await label(frame, 'Provider').selectOption('openai');
    await label(frame, 'Model').waitFor();
    const options = async (name: string) => label(frame, name).locator('option').allTextContents();
    assert.deepEqual(await options('Model'), ['gpt-image-1', 'gpt-image-1.5', 'gpt-image-1-mini', 'dall-e-3', 'dall-e-2']);
    assert.deepEqual(await options('Size'), ['auto', '1024x1024', '1536x1024', '1024x1536', '1792x1024', '1024x1792', '512x512', '256x256']);
    assert.deepEqual(await options('Background'), ['auto', 'opaque', 'transparent']);
    assert.deepEqual(await options('Format'), ['png', 'jpeg', 'webp']);
    assert.deepEqual(await options('Style'), ['none', 'vivid', 'natural']);
    assert.equal(await label(frame, 'Images').inputValue(), '1');
    assert.equal(await label(frame, 'Compression').inputValue(), '100');
    assert.equal(await frame.getByLabel('Negative prompt', { exact: true }).isVisible(), false, 'OpenAI takes no negative prompt');
    await wb.screenshot('openai controls');
  });

  it('sets the key, refuses a combination dall-e-3 does not take, then generates', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await label(frame, 'Provider').selectOption('openai');
    await frame.getByText('OpenAI needs an API key.').waitFor();
    await frame.locator('.key-status').getByRole('button', { name: 'Set API Key…' }).click();
    await wb.answerInput('sk-ui-openai-key', { expect: 'API key' });
    await frame.getByText('API key set.').waitFor();

    await label(frame, 'Model').selectOption('dall-e-3');
    await label(frame, 'Images').fill('2');
    await generate(frame, 'a paper crane on a desk');
    const failed = frame.locator('li.job.failed').filter({ hasText: 'a paper crane on a desk' });
    await failed.getByText(/dall-e-3 makes one image per request/).waitFor({ timeout: 30_000 });
    assert.deepEqual(await fixtureRequests(wb.fixtureUrls.openai), [], 'nothing was sent');

    await label(frame, 'Images').fill('1');
    await label(frame, 'Style').selectOption('natural');
    await generate(frame, 'a paper crane at dawn');
    await frame.locator('li.job.saved').filter({ hasText: 'a paper crane at dawn' }).waitFor({ timeout: 30_000 });
    assert.ok(assetNames(wb).some((name) => /-a-paper-crane-at-dawn\.png$/.test(name)), assetNames(wb).join(', '));
    const [post] = (await fixtureRequests(wb.fixtureUrls.openai)).filter((r) => r.method === 'POST');
    assert.deepEqual(post?.json, { model: 'dall-e-3', prompt: 'a paper crane at dawn', n: 1, size: '1024x1024', style: 'natural', response_format: 'b64_json' });
    await wb.screenshot('openai generated');
  });
});
