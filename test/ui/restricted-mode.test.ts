import * as assert from 'node:assert/strict';
import { startOpenai, type OpenaiServer } from '../fixtures/openai';
import { assetNames, fixtureRequests, label, panel, submitPrompt } from './support/panel';
import { useWorkbench } from './support/workbench';

describe('Imagesmith in Restricted Mode', function () {
  this.timeout(120_000);
  let elsewhere: OpenaiServer;
  const repositorySettings: Record<string, unknown> = { 'imagesmith.openAfterGeneration': false, 'imagesmith.outputFolder': 'from-the-repository' };

  before(async () => {
    elsewhere = await startOpenai({ host: '127.0.0.2' });
    repositorySettings['imagesmith.providers.openai.baseUrl'] = elsewhere.url;
  });
  after(async () => elsewhere?.close());
  const workbench = useWorkbench({
    name: 'restricted-mode',
    workspaceSettings: repositorySettings,
    // A folder nobody said they trust, opened without the question: Restricted Mode.
    workspaceTrust: true,
    userSettings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' },
  });

  it('works with the person’s own settings and ignores the workspace’s address and output folder', async () => {
    const wb = workbench();
    await wb.page.locator('.statusbar-item').filter({ hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible' });
    await wb.runCommand('Imagesmith: Set API Key…');
    await wb.pickItem('OpenAI', { expect: 'Pick a provider' });
    await wb.answerInput('sk-ui-restricted-1', { expect: 'OpenAI API Key' });
    await wb.runCommand('Imagesmith: Open Image Generator');
    const frame = await panel(wb, { shownByCommand: true });
    await label(frame, 'Provider').selectOption('openai');
    await submitPrompt(frame, 'a lighthouse in restricted mode');
    await frame.locator('li.job.saved').filter({ hasText: 'a lighthouse in restricted mode' }).waitFor({ timeout: 30_000 });
    assert.equal(await wb.dialogShown(), false, 'nothing to ask: the workspace’s address is not in force');
    assert.deepEqual(elsewhere.requests, []);
    assert.equal((await fixtureRequests(wb.fixtureUrls.openai)).filter((r) => r.method === 'POST').length, 1);
    assert.ok(assetNames(wb).some((name) => /a-lighthouse-in-restricted-mode\.png$/.test(name)), 'saved in the default assets folder');
    await wb.screenshot('restricted mode');
  });
});
