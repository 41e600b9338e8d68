import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { formatInfotext } from '../../src/core/infotext';
import { makePng } from '../fixtures/images';
import { panel } from './support/panel';
import { useWorkbench } from './support/workbench';

const COUNT = 300;
/** Three images near the end of the list (the oldest), the only ones the filter lets through. */
const RARE = new Set([3, 2, 1]);

const name = (i: number) => `20250101-${String(100000 + i).padStart(6, '0')}-image-${i}.png`;
const FILES = Object.fromEntries(
  Array.from({ length: COUNT }, (_, i) => [
    `assets/${name(i)}`,
    makePng(48, 32, { seed: i + 1, text: { parameters: formatInfotext({ prompt: RARE.has(i) ? `a rare heron ${i}` : `a common sparrow ${i}`, fields: [['Seed', i], ['Provider', 'popcord']] }) } }),
  ]),
);

/** The extension's thumbnail cache: `<global storage>/imagesmith.imagesmith/thumbnails`, wherever code-server keeps global storage. */
function thumbnailFolder(root: string): string | undefined {
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (entry.isDirectory() && entry.name === 'thumbnails' && path.basename(entry.parentPath) === 'imagesmith.imagesmith') return path.join(entry.parentPath, entry.name);
  }
  return undefined;
}

describe('Gallery thumbnails of a large folder', function () {
  this.timeout(180_000);
  const workbench = useWorkbench({ name: 'gallery-thumbnails', files: FILES, workspaceSettings: { 'imagesmith.openAfterGeneration': false } });

  it('makes the thumbnails of the tiles near the view, not the whole folder’s, even when the filter reads every prompt', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Open Image Generator');
    const frame = await panel(wb, { shownByCommand: true });
    const first = frame.locator(`li.tile[data-key="0/${name(COUNT - 1)}"]`);
    // The first thumbnail waits for the image worker's start-up.
    await first.locator('img[src]').waitFor({ timeout: 90_000 });

    await frame.getByLabel('Filter by prompt', { exact: true }).fill('heron');
    await frame.locator('h2.gallery-title', { hasText: `Gallery (${RARE.size} of ${COUNT})` }).waitFor({ timeout: 60_000 });
    for (const i of RARE) await frame.locator(`li.tile[data-key="0/${name(i)}"] img[src]`).waitFor({ timeout: 60_000 });
    // Every picture asked for has come.
    await frame.waitForFunction(() => Array.from(document.querySelectorAll('li.tile[data-thumbnail="asked"]')).every((tile) => tile.querySelector('img[src]') !== null), undefined, { timeout: 90_000 });

    const asked = await frame.locator('li.tile[data-thumbnail="asked"]').count();
    assert.ok(asked < COUNT / 2, `${asked} of ${COUNT} tiles asked for a thumbnail`);
    const folder = thumbnailFolder(wb.userDataDir);
    assert.ok(folder, `a thumbnail cache under ${wb.userDataDir}`);
    const thumbnails = readdirSync(folder).filter((file) => file.endsWith('.webp'));
    // Besides those asked, the host starts the 48 newest as the panel opens.
    assert.ok(thumbnails.length <= asked + 48, `${thumbnails.length} thumbnails made for ${asked} tiles asked`);
    assert.ok(thumbnails.length < COUNT / 2, `${thumbnails.length} thumbnails made of ${COUNT} images`);
    assert.equal(await frame.locator('li.tile:not([hidden])').count(), RARE.size);
  });
});

/** A gallery whose tiles near the top include some whose files are not images: their pictures never come. */
const PROMOTED_COUNT = 120;
const BROKEN = new Set(Array.from({ length: 8 }, (_, k) => PROMOTED_COUNT - 1 - (8 + 4 * k)));
const PROMOTED_FILES = Object.fromEntries(
  Array.from({ length: PROMOTED_COUNT }, (_, i) => [`assets/${name(i)}`, BROKEN.has(i) ? new TextEncoder().encode(`not an image ${i}`) : makePng(48, 32, { seed: i + 1 })]),
);

describe('Gallery thumbnails: tiles that come into view', function () {
  this.timeout(180_000);
  const workbench = useWorkbench({ name: 'gallery-promoted', files: PROMOTED_FILES, workspaceSettings: { 'imagesmith.openAfterGeneration': false } });

  it('asks again, as in view, for a tile asked for as near the view whose picture has not come', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Open Image Generator');
    const frame = await panel(wb, { shownByCommand: true });
    await frame.locator(`li.tile[data-key="0/${name(PROMOTED_COUNT - 1)}"] img[src]`).waitFor({ timeout: 90_000 });
    const keys = [...BROKEN].map((i) => `0/${name(i)}`);
    // A tile whose file is no image, asked for while it was only near the view: it stays without a picture.
    const handle = await frame.waitForFunction(
      (wanted: string[]) =>
        wanted.find((key) => {
          const tile = document.querySelector<HTMLElement>(`li.tile[data-key="${key}"]`);
          const box = tile?.getBoundingClientRect();
          return tile?.dataset.thumbnail === 'asked' && box !== undefined && box.top >= window.innerHeight;
        }) ?? false,
      keys,
      { timeout: 60_000 },
    );
    const key = (await handle.jsonValue()) as string;
    const tile = frame.locator(`li.tile[data-key="${key}"]`);
    assert.equal(await tile.locator('img[src]').count(), 0, 'a file that is no image has no picture');
    await tile.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await frame.locator(`li.tile[data-key="${key}"][data-thumbnail="asked-in-view"]`).waitFor({ timeout: 30_000 });
  });
});
