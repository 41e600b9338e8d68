// The panel's Source image slot and mask painter: an image chosen in the workspace, a mask
// painted with the mouse, an inpainting with AUTOMATIC1111's stand-in (what it received and
// what was saved), "Use these settings" bringing back the source and the strength, and a
// gallery image taken as the source.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { readMask } from '../../src/core/mask';
import { makePng } from '../fixtures/images';
import { axe } from './support/axe';
import { assetNames, fixtureRequests, galleryTile, infotextFields, label, panel, submitPrompt, tileAction } from './support/panel';
import { useWorkbench, type Workbench } from './support/workbench';

const SOURCE = makePng(96, 64, { seed: 11 });
const HARBOUR = '20260101-100000-a-harbour.png';
const FILES = { 'art/boat.png': SOURCE, [`assets/${HARBOUR}`]: makePng(80, 80, { seed: 5 }) };

const slot = (frame: Frame) => frame.locator('fieldset.source-slot');
const canvas = (frame: Frame) => frame.getByRole('application', { name: 'Mask over the source image' });

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
    const frame = await panel(wb, { shownByCommand: true });
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
    await wb.screenshot('a mask painted over the source');

    // The strength from the keyboard: 0.75 (the web UI's default) down to 0.4.
    const strength = label(frame, 'Strength');
    assert.equal(await strength.inputValue(), '0.75');
    await strength.focus();
    for (let step = 0; step < 7; step++) await wb.page.keyboard.press('ArrowLeft');
    await frame.waitForFunction(() => document.querySelector<HTMLInputElement>('input.strength')?.value === '0.4');

    const before = (await fixtureRequests(wb.fixtureUrls.automatic1111)).length;
    await submitPrompt(frame, 'a red sail');
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
    await tileAction(galleryTile(frame, saved), 'Use these settings');
    await slot(frame).getByText('art/boat.png · 96×64 pixels').waitFor();
    assert.equal(await label(frame, 'Provider').inputValue(), 'automatic1111');
    assert.equal(await label(frame, 'Prompt').inputValue(), 'a red sail');
    assert.equal(await label(frame, 'Strength').inputValue(), '0.4');
  });

  it('takes a gallery image as the source from its tile; the mask is painted from the keyboard too, with nothing axe-core calls serious', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await label(frame, 'Provider').selectOption('openai');
    await tileAction(galleryTile(frame, HARBOUR), 'Use as source image');
    await slot(frame).getByText(`assets/${HARBOUR} · 80×80 pixels`).waitFor();
    await frame.locator('[data-announcer]', { hasText: `Source image: assets/${HARBOUR}.` }).waitFor();

    await label(frame, 'Paint a mask: repaint only the painted part').check();
    const painted = () => canvas(frame).evaluate((c) => {
      const data = (c as HTMLCanvasElement).getContext('2d')?.getImageData(0, 0, 80, 80).data ?? [];
      return Array.from(data).filter((value, index) => index % 4 === 3 && value > 0).length;
    });
    await canvas(frame).focus();
    assert.equal(await painted(), 0);
    await wb.page.keyboard.press('Space');
    await wb.page.keyboard.press('Shift+ArrowRight');
    const dab = await painted();
    assert.ok(dab > 0, 'Space and Shift with an arrow key paint');
    await wb.page.keyboard.press('Control+z');
    await frame.waitForFunction((before) => {
      const c = document.querySelector<HTMLCanvasElement>('canvas.mask-paint');
      const data = c?.getContext('2d')?.getImageData(0, 0, 80, 80).data ?? [];
      return Array.from(data).filter((value, index) => index % 4 === 3 && value > 0).length < before;
    }, dab);
    await frame.getByRole('button', { name: 'Invert', exact: true }).click();
    await frame.locator('[data-announcer]', { hasText: 'Mask inverted.' }).waitFor();
    await frame.getByRole('button', { name: 'Clear mask', exact: true }).click();
    await frame.locator('[data-announcer]', { hasText: 'Mask cleared.' }).waitFor();
    // The second did not replace the first: each is a line of its own, which a screen reader reads once.
    assert.deepEqual((await frame.locator('[data-announcer] > p').allTextContents()).slice(-2), ['Mask inverted.', 'Mask cleared.']);
    assert.equal(await painted(), 0);

    const serious = (await axe(frame)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(serious.map((v) => `${v.id}: ${v.help} ${v.nodes.join(' | ')}`), []);

    // Kept while the view is hidden: the Explorer shown, then the panel again.
    await wb.showExplorer();
    const again = await panel(wb);
    await slot(again).getByText(`assets/${HARBOUR} · 80×80 pixels`).waitFor();
  });

  it('takes an image dragged from the Explorer and dropped with Shift held', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await label(frame, 'Provider').selectOption('openai');
    await slot(frame).waitFor({ state: 'visible' });
    const row = await wb.revealInExplorer('art/boat.png');
    const from = await row.boundingBox();
    const icon = await wb.page.locator('.part.activitybar .action-item a[aria-label^="Imagesmith"]').boundingBox();
    assert.ok(from && icon);
    await wb.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await wb.page.mouse.down();
    // Held over the activity bar's icon, the drag opens the Imagesmith view, as it does for a person.
    for (let step = 1; step <= 6; step++) {
      await wb.page.mouse.move(from.x + ((icon.x + icon.width / 2 - from.x) * step) / 6, from.y + ((icon.y + icon.height / 2 - from.y) * step) / 6);
    }
    // Dragover events only come with movement: the pointer stirs on the icon until the view opens.
    const title = wb.page.locator('.part.sidebar .composite.title', { hasText: /Imagesmith/i });
    for (let stir = 0; !(await title.isVisible()); stir++) {
      if (stir > 400) assert.fail('the drag over the activity bar did not open the Imagesmith view');
      await wb.page.mouse.move(icon.x + icon.width / 2 + (stir % 2), icon.y + icon.height / 2);
    }
    const shown = await panel(wb);
    await slot(shown).waitFor({ state: 'visible' });
    const to = await slot(shown).boundingBox();
    assert.ok(to);
    await wb.page.keyboard.down('Shift');
    for (let step = 1; step <= 6; step++) {
      await wb.page.mouse.move(icon.x + ((to.x + to.width / 2 - icon.x) * step) / 6, icon.y + ((to.y + to.height / 2 - icon.y) * step) / 6);
    }
    await wb.page.mouse.up();
    await wb.page.keyboard.up('Shift');
    await slot(shown).getByText('art/boat.png · 96×64 pixels').waitFor();

    // OpenAI's GPT image models take references beside the source, picked several at once.
    await slot(shown).getByRole('button', { name: 'Add References…' }).click();
    await wb.pickItem(`assets/${HARBOUR}`, { expect: 'Pick images for the provider to follow' });
    await wb.page.keyboard.press('Enter');
    await slot(shown).getByRole('listitem').filter({ hasText: `assets/${HARBOUR}` }).waitFor();
    await slot(shown).getByRole('button', { name: `Remove reference assets/${HARBOUR}` }).click();
    await slot(shown).getByRole('listitem').first().waitFor({ state: 'detached' });
  });
});
