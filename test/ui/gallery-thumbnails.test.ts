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
