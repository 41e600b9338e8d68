import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { readIco } from '../../src/core/export/ico';
import { formatInfotext } from '../../src/core/infotext';
import { makePng } from '../fixtures/images';
import { makeRgbaPng } from '../fixtures/rgbaPng';
import { assetNames, panel, tileAction, galleryTile } from './support/panel';
import { useWorkbench } from './support/workbench';

const INFOTEXT = formatInfotext({ prompt: 'a harbour at night', fields: [['Seed', 5], ['Size', '1024x1024'], ['Provider', 'popcord']] });
const OPAQUE = '20260101-100000-a-harbour-at-night.png';
const CUTOUT = '20260101-090000-a-cutout.png';

const FILES = {
  [`assets/${OPAQUE}`]: makePng(1024, 1024, { text: { parameters: INFOTEXT } }),
  [`assets/${CUTOUT}`]: makeRgbaPng(400, 400, 60),
  'art/boat.png': makePng(800, 600),
};

const tile = galleryTile;

async function readBack(file: string) {
  const meta = await sharp(readFileSync(file)).metadata();
  return { width: meta.width, height: meta.height, format: meta.format };
}

describe('Export and the gallery at real sizes', function () {
  this.timeout(120_000);
  const workbench = useWorkbench({ name: 'export', files: FILES, workspaceSettings: { 'imagesmith.openAfterGeneration': false } });

  it('shows thumbnails from the cache outside the workspace, transparent images on a checkerboard', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Open Image Generator');
    const frame = await panel(wb, { shownByCommand: true });
    // The first thumbnails wait for the image worker to start: a longer limit on a busy machine.
    for (const name of [OPAQUE, CUTOUT]) await tile(frame, name).locator('img[src]').waitFor({ timeout: 60_000 });
    const images = await frame.locator('ul.gallery img').evaluateAll((nodes) =>
      (nodes as HTMLImageElement[]).map((img) => ({ src: decodeURIComponent(img.src), complete: img.complete, width: img.naturalWidth })),
    );
    for (const image of images) {
      assert.match(image.src, /\/thumbnails\/[0-9a-f]{32}-[ao]\.webp/, 'the webview loads the cached thumbnail');
      assert.ok(!image.src.includes(wb.workspace), `${image.src} is outside the workspace`);
    }
    await frame.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('ul.gallery img')).every((img) => img.complete && img.naturalWidth > 0));
    const widths = await frame.locator('ul.gallery img').evaluateAll((nodes) => (nodes as HTMLImageElement[]).map((img) => img.naturalWidth));
    assert.ok(widths.every((width) => width <= 256), `thumbnails are at most 256 wide: ${widths.join(', ')}`);
    assert.equal(await tile(frame, CUTOUT).getAttribute('class'), 'tile alpha');
    assert.equal(await tile(frame, OPAQUE).getAttribute('class'), 'tile');
    assert.deepEqual(readdirSync(path.join(wb.workspace, 'assets')).sort(), [CUTOUT, OPAQUE].sort(), 'nothing was written into the workspace');
    await wb.screenshot('thumbnails and checkerboard');
  });

  it('exports from a gallery tile: the favicon set beside the image, and the snippet copied', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await tileAction(tile(frame, OPAQUE), 'Export… (sizes, formats, icon sets)');
    await wb.pickItem('favicon', { expect: 'Pick a recipe' });
    const done = await wb.shownNotification(/Imagesmith exported assets\/20260101-100000-a-harbour-at-night-favicon/, 60_000);
    const folder = path.join(wb.workspace, 'assets', '20260101-100000-a-harbour-at-night-favicon');
    const ico = readIco(readFileSync(path.join(folder, 'favicon.ico')));
    assert.deepEqual(ico.map((entry) => entry.width), [16, 32, 48]);
    assert.deepEqual(await readBack(path.join(folder, 'apple-touch-icon.png')), { width: 180, height: 180, format: 'png' });
    await done.getByRole('button', { name: 'Copy Snippet' }).click();
    await frame.locator('.gallery-status', { hasText: 'Exported 3 files.' }).waitFor();
  });

  it('exports from a tile’s right-click menu: Export… asks for the recipe, and the og image reads back', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await tile(frame, OPAQUE).locator('button.thumb').click({ button: 'right', position: { x: 6, y: 6 } });
    await wb.contextMenu.waitFor({ state: 'visible' });
    const items = await wb.contextMenuItems();
    assert.equal(items[items.indexOf('Insert Markdown Link') + 1], 'Export…', items.join(', '));
    await wb.clickContextMenuItem('Export…');
    await wb.pickItem('og webp', { expect: 'Pick a recipe' });
    await wb.waitForNotification(/Imagesmith exported assets\/20260101-100000-a-harbour-at-night-og/, 60_000);
    const og = path.join(wb.workspace, 'assets', '20260101-100000-a-harbour-at-night-og', 'og-image.webp');
    assert.deepEqual(await readBack(og), { width: 1200, height: 630, format: 'webp' });
  });

  it('offers Export… in the notification after a generation: the app icon from the new image', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Generate Image');
    await wb.answerInput('a paper lantern', { expect: 'Describe the image' });
    await wb.pickItem('PopCord', { expect: 'Pick a provider' });
    const saved = await wb.shownNotification(/Imagesmith saved assets\/\d{8}-\d{6}-a-paper-lantern/, 60_000);
    await saved.hover();
    await saved.getByRole('button', { name: 'Export…' }).click();
    await wb.pickItem('app-icon', { expect: 'Pick a recipe' });
    await wb.waitForNotification(/Imagesmith exported assets\/\d{8}-\d{6}-a-paper-lantern-app-icon/, 60_000);
    const source = assetNames(wb).find((name) => /-a-paper-lantern\.png$/.test(name));
    assert.ok(source);
    const icon = path.join(wb.workspace, 'assets', source.replace(/\.png$/, '-app-icon'), 'icon-1024.png');
    assert.deepEqual(await readBack(icon), { width: 1024, height: 1024, format: 'png' });
  });

  it('exports from the Explorer context menu, with a recipe typed in', async () => {
    const wb = workbench();
    assert.ok((await wb.explorerMenu('art/boat.png')).includes('Export Image…'));
    await wb.clickContextMenuItem('Export Image…');
    await wb.typeInInput('300x200 stretch webp', { expect: 'Pick a recipe' });
    await wb.pickItem('300x200 stretch webp', { expect: 'Pick a recipe' });
    await wb.waitForNotification(/Imagesmith exported art\/boat-300x200\.webp/, 60_000);
    assert.deepEqual(await readBack(path.join(wb.workspace, 'art', 'boat-300x200.webp')), { width: 300, height: 200, format: 'webp' });
  });

  it('generates from the palette with the provider’s export button, then the pwa set', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Generate Image');
    await wb.answerInput('a compass rose', { expect: 'Describe the image' });
    const row = wb.quickInput.locator('.monaco-list-row').filter({ hasText: 'PopCord' }).first();
    await row.hover();
    await row.getByRole('button', { name: 'Generate, then export (sizes, formats, icon sets)…' }).click();
    await wb.pickItem('pwa', { expect: 'Pick a recipe' });
    await wb.waitForNotification(/Imagesmith exported assets\/\d{8}-\d{6}-a-compass-rose-pwa/, 60_000);
    const source = assetNames(wb).find((name) => /-a-compass-rose\.png$/.test(name));
    assert.ok(source);
    const folder = path.join(wb.workspace, 'assets', source.replace(/\.png$/, '-pwa'));
    assert.deepEqual(await readBack(path.join(folder, 'icon-maskable-512.png')), { width: 512, height: 512, format: 'png' });
  });

  it('generates from the panel with an export: the og image made from the new file, said on the job card', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await frame.getByLabel('Provider', { exact: true }).selectOption('popcord');
    await frame.getByLabel('Export after generating', { exact: true }).fill('og webp');
    await frame.getByLabel('Prompt', { exact: true }).fill('a hero banner');
    await frame.getByLabel('Prompt', { exact: true }).press('Control+Enter');
    const card = frame.locator('li.job.saved').filter({ hasText: 'a hero banner' }).first();
    await card.locator('.job-exported').waitFor({ timeout: 60_000 });
    assert.match((await card.locator('.job-exported').textContent()) ?? '', /→ og-image\.webp 1200×630 WEBP/);
    const source = assetNames(wb).find((name) => /-a-hero-banner\.png$/.test(name));
    assert.ok(source);
    const og = path.join(wb.workspace, 'assets', `${source.replace(/\.png$/, '')}-og`, 'og-image.webp');
    assert.ok(existsSync(og));
    assert.deepEqual(await readBack(og), { width: 1200, height: 630, format: 'webp' });
  });
  it('Use These Settings on a derived file: the source’s prompt and recipe, and a generation that makes the whole set again', async () => {
    const wb = workbench();
    // Made by the favicon export from the tile above: it carries the source's infotext and the recipe.
    assert.ok((await wb.explorerMenu('assets/20260101-100000-a-harbour-at-night-favicon/apple-touch-icon.png')).includes('Use These Settings'));
    await wb.clickContextMenuItem('Use These Settings');
    const frame = await panel(wb, { shownByCommand: true });
    const prompt = frame.getByLabel('Prompt', { exact: true });
    await frame.waitForFunction((element) => (element as HTMLTextAreaElement).value === 'a harbour at night', await prompt.elementHandle());
    assert.equal(await frame.getByLabel('Export after generating', { exact: true }).inputValue(), 'favicon');
    assert.equal(await frame.getByLabel('Provider', { exact: true }).inputValue(), 'popcord');
    await prompt.press('Control+Enter');
    const card = frame.locator('li.job.saved').filter({ hasText: 'a harbour at night' }).first();
    await card.locator('.job-exported').waitFor({ timeout: 60_000 });
    assert.match((await card.locator('.job-exported').textContent()) ?? '', /favicon\.ico/);
    const source = assetNames(wb).find((name) => /^\d{8}-\d{6}-a-harbour-at-night\.png$/.test(name) && name !== OPAQUE);
    assert.ok(source, `a new image of the prompt: ${assetNames(wb).join(', ')}`);
    const folder = path.join(wb.workspace, 'assets', source.replace(/\.png$/, '-favicon'));
    assert.deepEqual(readIco(readFileSync(path.join(folder, 'favicon.ico'))).map((entry) => entry.width), [16, 32, 48]);
    assert.deepEqual(await readBack(path.join(folder, 'apple-touch-icon.png')), { width: 180, height: 180, format: 'png' });
  });
});
