import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frame, Locator } from 'playwright-core';
import { formatInfotext } from '../../src/core/infotext';
import { makePng } from '../fixtures/images';
import { assetNames, panel, galleryTile } from './support/panel';
import { useWorkbench, type Workbench } from './support/workbench';

const image = (prompt: string, provider: string) =>
  makePng(24, 16, { text: { parameters: formatInfotext({ prompt, fields: [['Steps', 20], ['Seed', 7], ['Provider', provider]] }) } });

const FOX = '00000000-000001-fox.png';
const OWL = '00000000-000002-owl.png';
const LIGHTHOUSE = '00000000-000003-lighthouse.png';

const FILES = {
  'notes.md': '# Notes\n',
  'links.md': '# Links\n',
  [`assets/${FOX}`]: image('a watercolor fox in the snow', 'aithriving'),
  [`assets/${OWL}`]: image('a snowy owl on a branch', 'popcord'),
  [`assets/${LIGHTHOUSE}`]: image('a lighthouse at dusk', 'popcord'),
};

const MENU = ['Open', 'Preview', 'Use These Settings', 'Insert Markdown Link', 'Export…', 'Edit Image…', 'Make Variations', 'Remove Background', 'Use as Source Image', 'Copy Path', 'Copy Relative Path', 'Reveal in Explorer', 'Delete'];

const tile = galleryTile;
const shownKeys = (frame: Frame) => frame.locator('ul.gallery > li.tile:not([hidden])').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-key')));
const status = (frame: Frame, text: string | RegExp) => frame.locator('.gallery-status', { hasText: text }).waitFor();

/** A click on the image's top corner: the hover bar covers its lower half. */
const clickImage = (target: Locator, options: { button?: 'right'; modifiers?: Array<'Control' | 'Shift'> } = {}) =>
  target.locator('button.thumb').click({ ...options, position: { x: 6, y: 6 } });

async function rightClick(wb: Workbench, target: Locator): Promise<string[]> {
  await clickImage(target, { button: 'right' });
  await wb.contextMenu.waitFor({ state: 'visible' });
  return wb.contextMenuItems();
}

async function clipboard(wb: Workbench): Promise<string> {
  return wb.page.evaluate(() => navigator.clipboard.readText());
}

/** Confirms VS Code's delete dialog; a file system without a trash asks again before deleting for good. */
async function confirmDelete(wb: Workbench, gone: Locator): Promise<void> {
  // Not answerDialog: the second question may take the first one's place at once.
  await wb.page.locator('.monaco-dialog-box').getByRole('button', { name: 'Move to Trash' }).click();
  const again = wb.page.locator('.monaco-dialog-box').getByRole('button', { name: 'Delete Permanently' });
  const outcome = await Promise.race([
    gone.waitFor({ state: 'detached', timeout: 15_000 }).then(() => 'gone' as const),
    again.waitFor({ timeout: 15_000 }).then(() => 'asked' as const),
  ]);
  if (outcome === 'asked') await again.click();
  await gone.waitFor({ state: 'detached', timeout: 15_000 });
}

describe('Gallery', function () {
  this.timeout(90_000);
  const workbench = useWorkbench({ name: 'gallery', files: FILES, workspaceSettings: { 'imagesmith.openAfterGeneration': false } });

  before(async () => {
    await workbench().page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  });

  it('a right-click on a tile offers the hover bar’s actions; Copy Relative Path copies the workspace-relative path', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await tile(frame, OWL).waitFor();
    assert.deepEqual(await rightClick(wb, tile(frame, OWL)), MENU);
    await wb.screenshot('tile menu');
    await wb.clickContextMenuItem('Copy Relative Path');
    await status(frame, 'Relative path copied.');
    assert.equal(await clipboard(wb), `assets/${OWL}`);
  });

  it('Copy path copies the absolute path, and every hover-bar button says what it does', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    const owl = tile(frame, OWL);
    await owl.locator('button.thumb').focus();
    const titles = await owl.locator('.tile-actions button').evaluateAll((buttons) => buttons.map((b) => `${b.getAttribute('aria-label')}: ${b.getAttribute('title')}`));
    assert.equal(titles.length, 10);
    assert.ok(titles.some((t) => /^Use as source image: .*start the next generation from this image/.test(t)), titles.join('\n'));
    assert.ok(titles.some((t) => /^Export… \(sizes, formats, icon sets\): .*sized copies/.test(t)), titles.join('\n'));
    assert.ok(titles.some((t) => /^Copy path: .*full path/.test(t)), titles.join('\n'));
    assert.ok(titles.some((t) => /^Copy relative path: .*workspace folder/.test(t)), titles.join('\n'));
    assert.ok(titles.some((t) => /^Reveal in Explorer: .*Explorer view/.test(t)), titles.join('\n'));
    await owl.getByRole('button', { name: 'Copy path', exact: true }).click();
    // Exactly: the earlier test's "Relative path copied." holds "path copied." too.
    await status(frame, /^\s*Path copied\.\s*$/);
    assert.equal(await clipboard(wb), path.join(wb.workspace, 'assets', OWL));
  });

  it('Reveal in Explorer from the menu selects the file in the Explorer', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await rightClick(wb, tile(frame, FOX));
    await wb.clickContextMenuItem('Reveal in Explorer');
    await wb.page.locator('.explorer-folders-view .monaco-list-row.selected .label-name', { hasText: FOX }).waitFor();
  });

  it('filters by prompt text and by provider', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    const search = frame.getByLabel('Filter by prompt', { exact: true });
    await search.fill('snow');
    await frame.waitForFunction(() => document.querySelectorAll('ul.gallery > li.tile:not([hidden])').length === 2);
    assert.deepEqual((await shownKeys(frame)).sort(), [`0/${FOX}`, `0/${OWL}`]);
    await frame.locator('.gallery-title', { hasText: 'Gallery (2 of 3)' }).waitFor();
    const provider = frame.getByLabel('Filter by provider', { exact: true });
    await provider.locator('option[value="popcord"]').waitFor({ state: 'attached' });
    await provider.selectOption('popcord');
    await frame.waitForFunction(() => document.querySelectorAll('ul.gallery > li.tile:not([hidden])').length === 1);
    assert.deepEqual(await shownKeys(frame), [`0/${OWL}`]);
    await wb.screenshot('filtered');
    await search.fill('');
    await frame.waitForFunction(() => document.querySelectorAll('ul.gallery > li.tile:not([hidden])').length === 2);
    assert.deepEqual(await shownKeys(frame), [`0/${LIGHTHOUSE}`, `0/${OWL}`]);
    await provider.selectOption('');
    await frame.waitForFunction(() => document.querySelectorAll('ul.gallery > li.tile:not([hidden])').length === 3);
  });

  it('Space previews the focused image in the panel; Escape closes it and the focus goes back to the tile', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    const thumb = tile(frame, FOX).locator('button.thumb');
    await thumb.focus();
    await thumb.press(' ');
    const preview = frame.getByRole('dialog');
    await preview.waitFor();
    await preview.getByText('a watercolor fox in the snow').waitFor();
    assert.ok(((await preview.locator('img').boundingBox())?.width ?? 0) > 150, 'the image takes the panel’s width');
    await wb.screenshot('preview');
    await wb.page.keyboard.press('Escape');
    await preview.waitFor({ state: 'hidden' });
    assert.equal(await frame.evaluate(() => document.activeElement?.closest('li.tile')?.getAttribute('data-key')), `0/${FOX}`);
    // No editor opened for the Space.
    assert.equal(await wb.page.locator('.tabs-container .tab', { hasText: FOX }).count(), 0);
  });

  it('a dragged tile carries its file’s URI (text/uri-list) and a text/plain fallback', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await tile(frame, OWL).waitFor();
    const data = await frame.evaluate((key) => {
      const element = document.querySelector(`li.tile[data-key="${key}"] button.thumb`);
      const transfer = new DataTransfer();
      element?.dispatchEvent(new DragEvent('dragstart', { bubbles: true, cancelable: true, dataTransfer: transfer }));
      return { uris: transfer.getData('text/uri-list'), text: transfer.getData('text/plain'), draggable: element?.closest('li')?.getAttribute('draggable') };
    }, `0/${OWL}`);
    assert.equal(data.draggable, 'true');
    assert.equal(fileURLToPath(data.uris), path.join(wb.workspace, 'assets', OWL));
    assert.equal(data.text, data.uris);
  });

  it('selects with the keyboard: Ctrl+A, Escape, Ctrl+Space, Shift+arrows', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    const count = frame.locator('.selection-count');
    const thumb = tile(frame, LIGHTHOUSE).locator('button.thumb');
    await thumb.focus();
    await thumb.press('Home');
    await wb.page.keyboard.press('Control+A');
    await frame.locator('.selection-count', { hasText: '3 selected' }).waitFor();
    await wb.page.keyboard.press('Escape');
    await count.waitFor({ state: 'hidden' });
    await wb.page.keyboard.press('Control+Space');
    await frame.locator('.selection-count', { hasText: '1 selected' }).waitFor();
    await wb.page.keyboard.press('Shift+ArrowRight');
    await frame.locator('.selection-count', { hasText: '2 selected' }).waitFor();
    assert.deepEqual(await frame.locator('li.tile.selected').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-key'))), [`0/${LIGHTHOUSE}`, `0/${OWL}`]);
    await wb.page.keyboard.press('Escape');
    await count.waitFor({ state: 'hidden' });
  });

  it('inserts links to several selected images at once, each its own paragraph', async () => {
    const wb = workbench();
    await wb.openFile('links.md');
    await wb.page.keyboard.press('Control+End');
    const frame = await panel(wb);
    await clickImage(tile(frame, FOX), { modifiers: ['Control'] });
    await clickImage(tile(frame, LIGHTHOUSE), { modifiers: ['Shift'] });
    // Ctrl+click the fox, Shift+click the lighthouse: the range between them, the owl included.
    await frame.locator('.selection-count', { hasText: '3 selected' }).waitFor();
    await clickImage(tile(frame, OWL), { modifiers: ['Control'] });
    await frame.locator('.selection-count', { hasText: '2 selected' }).waitFor();
    await frame.getByRole('toolbar', { name: 'Selected images' }).getByRole('button', { name: 'Insert links' }).click();
    await status(frame, '2 links inserted into links.md.');
    await wb.activeEditor.locator('.view-lines').click();
    await wb.page.keyboard.press('Control+S');
    const file = path.join(wb.workspace, 'links.md');
    const deadline = Date.now() + 15_000;
    while (!readFileSync(file, 'utf8').includes('lighthouse') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(
      readFileSync(file, 'utf8'),
      `# Links\n\n![a lighthouse at dusk](assets/${LIGHTHOUSE})\n\n![a watercolor fox in the snow](assets/${FOX})`,
    );
  });

  it('deletes several selected images after one confirmation that counts them', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    writeFileSync(path.join(wb.workspace, 'assets', 'zz-one.png'), makePng(8, 8));
    writeFileSync(path.join(wb.workspace, 'assets', 'zz-two.png'), makePng(8, 8));
    await tile(frame, 'zz-one.png').waitFor({ timeout: 15_000 });
    await tile(frame, 'zz-two.png').waitFor({ timeout: 15_000 });
    const bar = frame.getByRole('toolbar', { name: 'Selected images' });
    if (await bar.isVisible()) await bar.getByRole('button', { name: 'Clear' }).click();
    await clickImage(tile(frame, 'zz-one.png'), { modifiers: ['Control'] });
    await clickImage(tile(frame, 'zz-two.png'), { modifiers: ['Control'] });
    await frame.locator('.selection-count', { hasText: '2 selected' }).waitFor();
    // The right-click menu's Delete acts on the selection the tile is part of.
    await rightClick(wb, tile(frame, 'zz-two.png'));
    await wb.clickContextMenuItem('Delete');
    const dialog = await wb.dialog();
    assert.equal(dialog.message, 'Delete 2 images?');
    await confirmDelete(wb, tile(frame, 'zz-one.png'));
    await tile(frame, 'zz-two.png').waitFor({ state: 'detached', timeout: 15_000 });
    assert.ok(!assetNames(wb).some((name) => name.startsWith('zz-')), assetNames(wb).join(', '));
    await status(frame, '2 images deleted.');
  });
});
