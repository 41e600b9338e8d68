// The panel's Source image slot and mask painter: an image chosen in the workspace, a mask
// painted with the mouse, an inpainting with AUTOMATIC1111's stand-in (what it received and
// what was saved), "Use these settings" bringing back the source and the strength, and a
// gallery image taken as the source.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { readMask } from '../../src/core/mask';
import { makePng } from '../fixtures/images';
import { assetNames, fixtureRequests, infotextFields, label, panel } from './support/panel';
import { useWorkbench, type Workbench } from './support/workbench';

const SOURCE = makePng(96, 64, { seed: 11 });
const HARBOUR = '20260101-100000-a-harbour.png';
const FILES = { 'art/boat.png': SOURCE, [`assets/${HARBOUR}`]: makePng(80, 80, { seed: 5 }) };

const slot = (frame: Frame) => frame.locator('fieldset.source-slot');
const canvas = (frame: Frame) => frame.getByRole('application', { name: 'Mask over the source image' });

async function tileAction(tile: Locator, name: string): Promise<void> {
  await tile.locator('button.thumb').focus();
  await tile.getByRole('button', { name, exact: true }).click();
}

/** A drag with the left button across the canvas, between two points given as fractions of its size. */
async function paint(wb: Workbench, frame: Frame, from: [number, number], to: [number, number]): Promise<void> {
  const box = await canvas(frame).boundingBox();
  assert.ok(box, 'the mask canvas is on screen');
  const at = ([x, y]: [number, number]) => [box.x + box.width * x, box.y + box.height * y] as const;
  await wb.page.mouse.move(...at(from));
  await wb.page.mouse.down();
  for (let step = 1; step <= 8; step++) {
    const fraction = step / 8;
    await wb.page.mouse.move(...at([from[0] + (to[0] - from[0]) * fraction, from[1] + (to[1] - from[1]) * fraction]));
  }
  await wb.page.mouse.up();
}

describe('Starting from an image in the panel', function () {
  this.timeout(150_000);
  const workbench = useWorkbench({ name: 'panel-edit', files: FILES, workspaceSettings: { 'imagesmith.openAfterGeneration': false } });

  it('inpaints a painted part of a workspace image with AUTOMATIC1111, and “Use these settings” brings the source and strength back', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Open Image Generator');
    const frame = await panel(wb);
    await label(frame, 'Provider').selectOption('popcord');
    assert.equal(await slot(frame).isVisible(), false, 'PopCord cannot edit: no source slot');
    await label(frame, 'Provider').selectOption('automatic1111');
    await slot(frame).waitFor({ state: 'visible' });

    await slot(frame).getByRole('button', { name: 'Choose Image…' }).click();
    await wb.pickItem('art/boat.png', { expect: 'Pick the image to start from' });
    await slot(frame).getByText('art/boat.png · 96×64 pixels').waitFor();
    // The preview is the host's thumbnail, loaded.
    await frame.waitForFunction(() => {
      const picture = document.querySelector<HTMLImageElement>('img.source-picture');
      return picture !== null && picture.complete && picture.naturalWidth > 0 && /^https?:|^vscode-/.test(picture.src);
    });

    await label(frame, 'Paint a mask: repaint only the painted part').check();
    await canvas(frame).waitFor({ state: 'visible' });
    assert.deepEqual(await canvas(frame).evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]), [96, 64]);
    // A stroke along the top, another painted and then undone at the bottom.
    await paint(wb, frame, [0.1, 0.2], [0.45, 0.2]);
    await paint(wb, frame, [0.1, 0.85], [0.9, 0.85]);
    await frame.getByRole('button', { name: 'Undo', exact: true }).click();

    // The strength from the keyboard: 0.75 (the web UI's default) down to 0.4.
    const strength = label(frame, 'Strength');
    assert.equal(await strength.inputValue(), '0.75');
    await strength.focus();
    for (let step = 0; step < 7; step++) await wb.page.keyboard.press('ArrowLeft');
    await frame.waitForFunction(() => document.querySelector<HTMLInputElement>('input.strength')?.value === '0.4');

    const before = (await fixtureRequests(wb.fixtureUrls.automatic1111)).length;
    await label(frame, 'Prompt').fill('a red sail');
    await label(frame, 'Prompt').press('Control+Enter');
    await frame.locator('li.job.saved').filter({ hasText: 'a red sail' }).waitFor({ timeout: 60_000 });

    const sent = (await fixtureRequests(wb.fixtureUrls.automatic1111)).slice(before).find((request) => request.path === '/sdapi/v1/img2img');
    assert.ok(sent, 'an img2img request');
    const body = sent.json as { init_images: string[]; mask: string; denoising_strength: number; prompt: string };
    assert.equal(body.prompt, 'a red sail');
    assert.equal(body.denoising_strength, 0.4);
    assert.deepEqual(Buffer.from(body.init_images[0] ?? '', 'base64'), Buffer.from(SOURCE));
    const mask = readMask(Buffer.from(body.mask, 'base64'));
    assert.deepEqual([mask.width, mask.height], [96, 64]);
    const coverage = (x: number, y: number) => mask.coverage[y * mask.width + x] ?? -1;
    // White along the painted stroke, black where nothing was painted and where the undone stroke was.
    for (const [x, y] of [[12, 13], [24, 13], [40, 13]] as const) assert.equal(coverage(x, y), 255, `painted at ${x},${y}`);
    for (const [x, y] of [[80, 13], [48, 40], [24, 54], [80, 54], [2, 2]] as const) assert.equal(coverage(x, y), 0, `not painted at ${x},${y}`);

    const saved = assetNames(wb).find((name) => name.endsWith('-a-red-sail.png'));
    assert.ok(saved, 'the result is saved in assets/');
    const fields = infotextFields(path.join(wb.workspace, 'assets', saved));
    assert.equal(fields.get('Source'), 'art/boat.png');
    assert.equal(fields.get('Denoising strength'), '0.4');
    assert.equal(fields.get('Mask'), 'painted');
    assert.ok(readFileSync(path.join(wb.workspace, 'art', 'boat.png')).equals(Buffer.from(SOURCE)), 'the source is not overwritten');

    // Cleared, then brought back by the result's "Use these settings".
    await slot(frame).getByRole('button', { name: 'Clear source image' }).click();
    await slot(frame).getByRole('button', { name: 'Choose Image…' }).waitFor();
    await label(frame, 'Provider').selectOption('popcord');
    await tileAction(frame.locator(`li.tile[data-key="0/${saved}"]`), 'Use these settings');
    await slot(frame).getByText('art/boat.png · 96×64 pixels').waitFor();
    assert.equal(await label(frame, 'Provider').inputValue(), 'automatic1111');
    assert.equal(await label(frame, 'Prompt').inputValue(), 'a red sail');
    assert.equal(await label(frame, 'Strength').inputValue(), '0.4');
  });

  it('takes a gallery image as the source from its tile', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await label(frame, 'Provider').selectOption('automatic1111');
    await tileAction(frame.locator(`li.tile[data-key="0/${HARBOUR}"]`), 'Use as source image');
    await slot(frame).getByText(`assets/${HARBOUR} · 80×80 pixels`).waitFor();
    await frame.locator('[data-announcer]', { hasText: `Source image: assets/${HARBOUR}.` }).waitFor();
  });
});
