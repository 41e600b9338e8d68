import * as assert from 'node:assert/strict';
import { unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { formatInfotext } from '../../src/core/infotext';
import { makePng } from '../fixtures/images';
import { assetNames, panel, setFault, submitPrompt, tileAction } from './support/panel';
import { useWorkbench } from './support/workbench';

/** An image made elsewhere, with A1111's tEXt chunk, already in the output folder when VS Code opens. */
const A1111_PROMPT = 'a watercolor fox under a red umbrella';
const A1111_INFOTEXT = formatInfotext({
  prompt: A1111_PROMPT,
  fields: [
    ['Steps', 24],
    ['Sampler', 'K_EULER'],
    ['CFG scale', 9],
    ['Seed', 31337],
    ['Size', '768x512'],
    ['Model', 'SD 1.6'],
    ['Provider', 'aithriving'],
  ],
});

const FILES = {
  'notes.md': '# Notes\n\nThe fox:\n\n',
  'assets/00000000-000000-elsewhere.png': makePng(48, 32, { text: { parameters: A1111_INFOTEXT } }),
};

const providerSelect = (frame: Frame) => frame.getByLabel('Provider', { exact: true });
const prompt = (frame: Frame) => frame.getByLabel('Prompt', { exact: true });
const jobCard = (frame: Frame, status: string) => frame.locator(`li.job.${status}`);
const tiles = (frame: Frame) => frame.locator('ul.gallery > li.tile');

/** An image's action, reached as a keyboard user does: focus on the image shows its toolbar whatever the mouse does. */
describe('Generator panel', function () {
  this.timeout(90_000);
  const workbench = useWorkbench({
    name: 'generator-panel',
    files: FILES,
    workspaceSettings: { 'imagesmith.openAfterGeneration': false },
  });

  it('opens from the palette and lists the images already in the output folder, with their prompt on hover', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Open Image Generator');
    const frame = await panel(wb, { shownByCommand: true });
    // Focusing the view puts the caret in the prompt.
    await frame.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
    await tiles(frame).first().waitFor();
    assert.equal(await tiles(frame).count(), 1);
    const tile = tiles(frame).first();
    await assert.doesNotReject(async () => {
      await frame.waitForFunction(() => document.querySelector('li.tile')?.getAttribute('title')?.includes('watercolor fox'));
    });
    assert.match((await tile.getAttribute('title')) ?? '', /a watercolor fox under a red umbrella/);
    await wb.screenshot('gallery with an image made elsewhere');
  });

  it('generates with PopCord from the prompt box (Ctrl+Enter) and shows the image in the gallery', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await providerSelect(frame).selectOption('popcord');
    await frame.getByLabel('Model', { exact: true }).selectOption('flux');
    await submitPrompt(frame, 'a lighthouse on a cliff at dusk');
    await jobCard(frame, 'saved').first().waitFor({ timeout: 30_000 });
    await frame.locator('li.tile').nth(1).waitFor();
    assert.equal(await tiles(frame).count(), 2);
    assert.ok(assetNames(wb).some((name) => /-a-lighthouse-on-a-cliff-at-dusk\.png$/.test(name)), assetNames(wb).join(', '));
    await wb.screenshot('popcord generated');
  });

  it('marks an invalid value at its control and sends nothing (poli takes only 1024x1024)', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await providerSelect(frame).selectOption('popcord');
    await frame.getByLabel('Size', { exact: true }).selectOption('1024x576');
    await frame.getByLabel('Model', { exact: true }).selectOption('poli');
    const size = frame.getByLabel('Size', { exact: true });
    assert.equal(await size.getAttribute('aria-invalid'), 'true');
    const before = assetNames(wb).length;
    const jobs = await frame.locator('li.job').count();
    await submitPrompt(frame, 'a poli image');
    await frame.getByText('The poli model accepts only 1024x1024.').waitFor();
    assert.equal(await frame.locator('li.job').count(), jobs);
    assert.equal(assetNames(wb).length, before);
    await size.selectOption('1024x1024');
    assert.equal(await size.getAttribute('aria-invalid'), null);
    await frame.getByLabel('Model', { exact: true }).selectOption('flux');
  });

  it('AIThriving: a missing key is asked for; dismissed, the card offers Set API Key, then says the key is set, and Retry generates', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await providerSelect(frame).selectOption('aithriving');
    await frame.getByText('AIThriving needs an API key.').waitFor();
    await submitPrompt(frame, 'a castle in the clouds');
    await wb.waitForQuickInputMessage(/AIThriving needs an API key to generate/);
    await wb.cancelQuickInput();
    const failed = jobCard(frame, 'failed').first();
    await failed.waitFor({ timeout: 30_000 });
    await failed.getByText(/needs an API key/).waitFor();
    await wb.screenshot('missing key');
    await failed.getByRole('button', { name: 'Set API Key…' }).click();
    await wb.answerInput('ai-thriving-test-key', { expect: 'API key' });
    await frame.getByText('API key set.').waitFor();
    // The card follows: it no longer says the key is missing, nor offers to set it.
    await failed.getByText('The AIThriving API key is set now. Retry to generate with it.').waitFor();
    assert.equal(await failed.getByRole('button', { name: 'Set API Key…' }).count(), 0);
    await failed.getByRole('button', { name: 'Retry' }).click();
    await frame.locator('li.job.saved').filter({ hasText: 'AIThriving' }).first().waitFor({ timeout: 30_000 });
    assert.ok(assetNames(wb).some((name) => /-a-castle-in-the-clouds\.png$/.test(name)));
    // The provider reported the seed it used: one click reuses it.
    const reuse = frame.getByRole('button', { name: /^Use the last seed \(\d+\)$/ });
    await reuse.waitFor();
    const seed = /\((\d+)\)/.exec((await reuse.getAttribute('aria-label')) ?? '')?.[1];
    await reuse.click();
    assert.equal(await frame.getByLabel('Seed value').inputValue(), seed);
    assert.equal(await frame.getByLabel('Random', { exact: true }).isChecked(), false);
    await frame.getByLabel('Random', { exact: true }).check();
  });

  it('ImagePipeline: shows the status checks while the job is pending, then saves', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await providerSelect(frame).selectOption('imagepipeline');
    if (await frame.getByText('ImagePipeline needs an API key.').isVisible()) {
      await frame.locator('.key-status').getByRole('button', { name: 'Set API Key…' }).click();
      await wb.answerInput('image-pipeline-test-key', { expect: 'API key' });
      await frame.getByText('API key set.').waitFor();
    }
    await frame.getByLabel('Negative prompt', { exact: true }).fill('blurry');
    await setFault(wb.fixtureUrls.imagepipeline, { fault: 'pending', polls: 2 });
    await submitPrompt(frame, 'a robot reading a book');
    await frame.locator('li.job').getByText(/Waiting on ImagePipeline \(1 status check\)/).waitFor({ timeout: 30_000 });
    await frame.locator('li.job.saved').filter({ hasText: 'a robot reading a book' }).waitFor({ timeout: 30_000 });
    assert.ok(assetNames(wb).some((name) => /-a-robot-reading-a-book\.png$/.test(name)));
  });

  it('ImagePipeline: Cancel stops a slow job and leaves no file', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await providerSelect(frame).selectOption('imagepipeline');
    await setFault(wb.fixtureUrls.imagepipeline, { fault: 'pending-forever' });
    const before = assetNames(wb);
    await submitPrompt(frame, 'a very slow painting');
    const running = frame.locator('li.job.running').filter({ hasText: 'a very slow painting' });
    await running.getByText(/status check/).waitFor({ timeout: 30_000 });
    await running.getByRole('button', { name: 'Cancel' }).click();
    await frame.locator('li.job.cancelled').filter({ hasText: 'a very slow painting' }).waitFor();
    await setFault(wb.fixtureUrls.imagepipeline, null);
    assert.deepEqual(assetNames(wb), before);
  });

  it('runs two generations at once, each with its own progress', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await providerSelect(frame).selectOption('imagepipeline');
    await setFault(wb.fixtureUrls.imagepipeline, { fault: 'pending', polls: 3, times: 2 });
    await submitPrompt(frame, 'first of two');
    await submitPrompt(frame, 'second of two');
    await frame.locator('li.job.running').nth(1).waitFor();
    for (const text of ['first of two', 'second of two']) {
      await frame.locator('li.job.saved').filter({ hasText: text }).waitFor({ timeout: 30_000 });
    }
  });

  it('"Use these settings" fills the generator from an image’s infotext, seed included', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await providerSelect(frame).selectOption('popcord');
    const tile = frame.locator('li.tile[data-key="0/00000000-000000-elsewhere.png"]');
    await tileAction(tile, 'Use these settings');
    await frame.locator('.gallery-status', { hasText: 'Settings loaded into the generator.' }).waitFor();
    assert.equal(await providerSelect(frame).inputValue(), 'aithriving');
    assert.equal(await prompt(frame).inputValue(), A1111_PROMPT);
    assert.equal(await frame.getByLabel('Steps', { exact: true }).inputValue(), '24');
    assert.equal(await frame.getByLabel('Sampler', { exact: true }).inputValue(), 'K_EULER');
    assert.equal(await frame.getByLabel('Seed value').inputValue(), '31337');
    assert.equal(await frame.getByLabel('Width in pixels').inputValue(), '768');
    await wb.screenshot('settings used');
  });

  it('inserts a Markdown link to an image into the active editor, relative to the document', async () => {
    const wb = workbench();
    await wb.openFile('notes.md');
    await wb.page.keyboard.press('Control+End');
    const frame = await panel(wb);
    const tile = frame.locator('li.tile[data-key="0/00000000-000000-elsewhere.png"]');
    await tileAction(tile, 'Insert Markdown link into the editor');
    await frame.locator('.gallery-status', { hasText: /Link inserted into notes\.md/ }).waitFor();
    const text = await wb.page.locator('.monaco-editor .view-lines').first().innerText();
    assert.match(text.replace(/\u00a0/g, ' '), /!\[a watercolor fox under a red umbrella\]\(assets\/00000000-000000-elsewhere\.png\)/);
  });

  it('an image added on disk appears in the gallery; deleted on disk, it leaves', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await tiles(frame).first().waitFor();
    const count = await tiles(frame).count();
    const file = path.join(wb.workspace, 'assets', '99999999-000000-made-on-disk.png');
    writeFileSync(file, makePng(16, 16, { text: { parameters: 'made on disk\nSteps: 5, Size: 16x16' } }));
    const tile = frame.locator('li.tile[data-key="0/99999999-000000-made-on-disk.png"]');
    await tile.waitFor({ timeout: 15_000 });
    assert.equal(await tiles(frame).count(), count + 1);
    assert.equal(await tiles(frame).first().getAttribute('data-key'), '0/99999999-000000-made-on-disk.png', 'the newest comes first');
    unlinkSync(file);
    await tile.waitFor({ state: 'detached', timeout: 15_000 });
    assert.equal(await tiles(frame).count(), count);
  });

  it('deletes an image from the gallery after a confirm', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    writeFileSync(path.join(wb.workspace, 'assets', 'zz-added.png'), makePng(16, 16));
    const tile = frame.locator('li.tile[data-key="0/zz-added.png"]');
    await tile.waitFor({ timeout: 15_000 });
    await tileAction(tile, 'Delete');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Move to Trash' }).click();
    // A file system without a trash (code-server's, on a machine without one) asks again before deleting for good.
    const again = wb.page.locator('.monaco-dialog-box').getByRole('button', { name: 'Delete Permanently' });
    const gone = tile.waitFor({ state: 'detached', timeout: 15_000 }).then(
      () => 'gone' as const,
      () => 'timeout' as const,
    );
    const asked = again.waitFor({ timeout: 15_000 }).then(
      () => 'asked' as const,
      () => 'timeout' as const,
    );
    if ((await Promise.race([gone, asked])) === 'asked') await again.click();
    await tile.waitFor({ state: 'detached', timeout: 15_000 });
    assert.ok(!assetNames(wb).includes('zz-added.png'));
  });

  it('works with the keyboard alone: arrows move through the gallery, Tab reaches an image’s actions, Enter opens it', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    writeFileSync(path.join(wb.workspace, 'assets', '00000000-000001-second.png'), makePng(24, 24));
    await frame.locator('li.tile[data-key="0/00000000-000001-second.png"]').waitFor();
    await tiles(frame).nth(1).waitFor();
    const activeKey = () => frame.evaluate(() => document.activeElement?.closest('li.tile')?.getAttribute('data-key') ?? null);
    const activeName = () => frame.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
    const first = await tiles(frame).nth(0).getAttribute('data-key');
    const second = await tiles(frame).nth(1).getAttribute('data-key');
    await frame.locator('li.tile button.thumb[tabindex="0"]').focus();
    await frame.locator('li.tile button.thumb[tabindex="0"]').press('Home');
    assert.equal(await activeKey(), first);
    await wb.page.keyboard.press('ArrowRight');
    assert.equal(await activeKey(), second);
    assert.equal(await frame.locator('li.tile button.thumb[tabindex="0"]').count(), 1, 'one tab stop in the grid');
    await wb.page.keyboard.press('Tab');
    assert.equal(await activeName(), 'Open');
    assert.equal(await activeKey(), second);
    await wb.page.keyboard.press('Shift+Tab');
    await wb.page.keyboard.press('Enter');
    const name = (second ?? '').split('/')[1] ?? '';
    await wb.page.locator('.tabs-container .tab', { hasText: name }).waitFor();
  });

  it('keeps the prompt draft when the view is hidden and shown again', async () => {
    const wb = workbench();
    let frame = await panel(wb);
    await prompt(frame).fill('a draft that must survive');
    assert.equal(await prompt(frame).inputValue(), 'a draft that must survive');
    // The page keeps its draft as VS Code's state of the view, which a page made anew reads back,
    // and the host keeps it a moment after the last keystroke: a person pausing after typing has both.
    await wb.waitForWorkspaceState('memento/webviewView.imagesmith.generator', 'a draft that must survive');
    await wb.waitForWorkspaceState('imagesmith.imagesmith', 'a draft that must survive');
    // Another view container in the side bar hides the generator (and, without retained context, unloads its page).
    await wb.page.locator('.part.activitybar .action-item a[aria-label^="Explorer"]').click();
    await wb.page.locator('.part.sidebar .composite.title', { hasText: /Explorer/i }).waitFor();
    const unloaded = frame;
    if (!unloaded.isDetached()) await wb.page.waitForEvent('framedetached', { predicate: (detached) => detached === unloaded, timeout: 15_000 });
    frame = await panel(wb);
    assert.equal(await prompt(frame).inputValue(), 'a draft that must survive');
  });

  it('keeps the prompt draft across a window reload', async () => {
    const wb = workbench();
    let frame = await panel(wb);
    await prompt(frame).fill('a draft across a reload');
    // The host keeps the draft a moment after the last keystroke, in the workspace's storage.
    await wb.waitForWorkspaceState('imagesmith.imagesmith', 'a draft across a reload');
    // In code-server the window is the page: reloading it restarts the workbench and the extension host.
    await wb.page.reload();
    await wb.waitForWorkbench();
    // The view container is where the window left it; its icon opens it as a person would.
    await wb.page.locator('.part.activitybar .action-item a[aria-label^="Imagesmith"]').waitFor({ timeout: 30_000 });
    frame = await panel(wb);
    await frame.waitForFunction(() => document.querySelector<HTMLTextAreaElement>('textarea')?.value === 'a draft across a reload');
  });
});
