import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatInfotext } from '../../src/core/infotext';
import { makePng } from '../fixtures/images';
import { assetNames, galleryTile, infotextFields, panel } from './support/panel';
import { useWorkbench } from './support/workbench';

const PRODUCT = '20260101-100000-a-teapot.png';
const FILES = {
  'art/boat.png': makePng(96, 64, { seed: 4 }),
  [`assets/${PRODUCT}`]: makePng(128, 128, { text: { parameters: formatInfotext({ prompt: 'a teapot', fields: [['Seed', 3], ['Provider', 'popcord']] }) } }),
};

describe('Starting from an image: the Explorer and the gallery', function () {
  this.timeout(120_000);
  const workbench = useWorkbench({ name: 'edit-image', files: FILES, workspaceSettings: { 'imagesmith.openAfterGeneration': false } });

  it('edits an image from the Explorer’s Edit Image…, with AUTOMATIC1111', async () => {
    const wb = workbench();
    const items = await wb.explorerMenu('art/boat.png');
    for (const item of ['Edit Image…', 'Make Variations', 'Remove Background']) assert.ok(items.includes(item), `the Explorer menu lacks ${item}`);
    await wb.clickContextMenuItem('Edit Image…');
    await wb.answerInput('the same boat at sunset', { expect: 'How should art/boat.png change?' });
    await wb.pickItem('AUTOMATIC1111', { expect: 'Edit Image with…' });
    await wb.waitForNotification(/Imagesmith saved assets\/\d{8}-\d{6}-the-same-boat-at-sunset\.png/, 60_000);
    const saved = assetNames(wb).find((name) => name.endsWith('-the-same-boat-at-sunset.png'));
    assert.ok(saved);
    const fields = infotextFields(path.join(wb.workspace, 'assets', saved));
    assert.equal(fields.get('Source'), 'art/boat.png');
    assert.equal(fields.get('Denoising strength'), '0.75');
    assert.equal(fields.get('Size'), '96x64');
  });

  it('removes the background of a gallery image from its tile’s menu, with Stability AI', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Set API Key…');
    await wb.pickItem('Stability AI', { expect: 'Pick a provider' });
    await wb.answerInput('sk-ui-edit-4471', { expect: 'Stability AI API Key' });
    await wb.waitForNotification(/Stability AI API key saved/, 30_000);
    await wb.runCommand('Imagesmith: Open Image Generator');
    const frame = await panel(wb, { shownByCommand: true });
    const image = galleryTile(frame, PRODUCT);
    await image.waitFor();
    await image.locator('button.thumb').click({ button: 'right', position: { x: 6, y: 6 } });
    await wb.contextMenu.waitFor({ state: 'visible' });
    assert.ok((await wb.contextMenuItems()).includes('Remove Background'));
    await wb.clickContextMenuItem('Remove Background');
    await wb.pickItem('Stability AI', { expect: 'Remove Background with…' });
    await wb.waitForNotification(/Imagesmith saved assets\/\d{8}-\d{6}-20260101-100000-a-teapot-no-background\.png/, 60_000);
    const saved = assetNames(wb).find((name) => name.endsWith('-a-teapot-no-background.png'));
    assert.ok(saved);
    const bytes = readFileSync(path.join(wb.workspace, 'assets', saved));
    assert.equal(bytes[25], 6, 'an RGBA PNG');
    const fields = infotextFields(path.join(wb.workspace, 'assets', saved));
    assert.equal(fields.get('Source'), `assets/${PRODUCT}`);
    assert.equal(fields.get('Operation'), 'removeBackground');
    // The gallery shows the new file with its source recorded.
    await galleryTile(frame, saved).waitFor({ timeout: 30_000 });
  });
});
