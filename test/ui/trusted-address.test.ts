import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { startOpenai, type OpenaiServer } from '../fixtures/openai';
import { fixtureRequests, label, panel, submitPrompt } from './support/panel';
import { useWorkbench } from './support/workbench';

const KEY = 'sk-ui-trust-90210';

const posts = (server: OpenaiServer) => server.requests.filter((request) => request.method === 'POST');

describe('A provider address that a cloned repository names', function () {
  this.timeout(120_000);
  let elsewhere: OpenaiServer;
  // Filled in before the workbench opens: the repository's own .vscode/settings.json.
  const repositorySettings: Record<string, unknown> = { 'imagesmith.openAfterGeneration': false };

  before(async () => {
    elsewhere = await startOpenai({ host: '127.0.0.2' });
    repositorySettings['imagesmith.providers.openai.baseUrl'] = elsewhere.url;
  });
  after(async () => elsewhere?.close());
  const workbench = useWorkbench({ name: 'trusted-address', workspaceSettings: repositorySettings });

  it('asks before the key goes there, and "Use the default" sends it nothing', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Set API Key…');
    await wb.pickItem('OpenAI', { expect: 'Pick a provider' });
    await wb.answerInput(KEY, { expect: 'OpenAI API Key' });
    await wb.waitForNotification(/OpenAI API key saved/, 30_000);

    await wb.runCommand('Imagesmith: Open Image Generator');
    const frame = await panel(wb, { shownByCommand: true });
    await label(frame, 'Provider').selectOption('openai');
    await submitPrompt(frame, 'a lighthouse from the repository');
    const dialog = await wb.dialog();
    const origin = new URL(elsewhere.url).origin;
    assert.equal(dialog.message, `Send your OpenAI API key to ${origin}?`);
    assert.ok(dialog.detail.includes(path.join(wb.workspace, '.vscode', 'settings.json')), dialog.detail);
    assert.match(dialog.detail, /imagesmith\.providers\.openai\.baseUrl is set to http:\/\/127\.0\.0\.2:\d+\/ by the workspace settings/);
    assert.ok(dialog.buttons.includes('Allow') && dialog.buttons.includes('Use the default'), dialog.buttons.join(', '));
    await wb.screenshot('the question');
    assert.deepEqual(posts(elsewhere), [], 'nothing is sent before the answer');

    await wb.answerDialog('Use the default');
    await frame.locator('li.job.saved').filter({ hasText: 'a lighthouse from the repository' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(elsewhere.requests, [], 'the repository’s server heard nothing');
    const mine = (await fixtureRequests(wb.fixtureUrls.openai)).filter((request) => request.method === 'POST');
    assert.equal(mine.length, 1, 'the person’s own address made the image');

    // Declined once, not asked again in this window.
    await submitPrompt(frame, 'a second lighthouse');
    await frame.locator('li.job.saved').filter({ hasText: 'a second lighthouse' }).waitFor({ timeout: 30_000 });
    assert.equal(await wb.dialogShown(), false);
    assert.deepEqual(elsewhere.requests, []);
  });

  it('asks the palette the same question, remembers "Allow", and forgets it on reset', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Reset Trusted Provider Addresses');
    await wb.waitForNotification(/no provider address was trusted/, 30_000);

    await wb.runCommand('Imagesmith: Generate Image');
    await wb.answerInput('a lighthouse, allowed', { expect: 'Describe the image to generate' });
    await wb.pickItem('OpenAI', { expect: 'Pick a provider' });
    const dialog = await wb.dialog();
    assert.equal(dialog.message, `Send your OpenAI API key to ${new URL(elsewhere.url).origin}?`);
    await wb.answerDialog('Allow');
    await wb.waitForNotification(/Imagesmith saved assets\/.*a-lighthouse-allowed/, 30_000);
    assert.equal(posts(elsewhere).length, 1);
    assert.equal(posts(elsewhere)[0]?.headers.authorization, `Bearer ${KEY}`);

    // Remembered: the panel goes there without asking.
    const frame = await panel(wb);
    await label(frame, 'Provider').selectOption('openai');
    await submitPrompt(frame, 'a lighthouse, remembered');
    await frame.locator('li.job.saved').filter({ hasText: 'a lighthouse, remembered' }).waitFor({ timeout: 30_000 });
    assert.equal(await wb.dialogShown(), false);
    assert.equal(posts(elsewhere).length, 2);

    await wb.runCommand('Imagesmith: Reset Trusted Provider Addresses');
    await wb.waitForNotification(/forgot 1 trusted provider address\b/, 30_000);
    await submitPrompt(frame, 'a lighthouse, asked again');
    await wb.dialog();
    await wb.page.keyboard.press('Escape');
    await frame.locator('li.job.cancelled').filter({ hasText: 'a lighthouse, asked again' }).waitFor({ timeout: 30_000 });
    assert.equal(posts(elsewhere).length, 2, 'dismissing the question sends nothing');
  });
});
