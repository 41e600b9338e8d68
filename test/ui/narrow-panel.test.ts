// The panel in German, the language whose words run longest, in a side bar 300 px wide:
// every label, button and hint fits or wraps, nothing is cut off and nothing scrolls
// sideways (but the tiles' action row, which scrolls by design). The side bar's pictures
// stay with the test's results.

import * as assert from 'node:assert/strict';
import { formatInfotext } from '../../src/core/infotext';
import { makePng } from '../fixtures/images';
import { label, panel } from './support/panel';
import { clippedText, setSidebarWidth, sidebarScreenshot } from './support/narrowPanel';
import { useWorkbench } from './support/workbench';

const image = (prompt: string, provider: string) =>
  makePng(24, 16, { text: { parameters: formatInfotext({ prompt, fields: [['Steps', 20], ['Seed', 7], ['Provider', provider]] }) } });

const FILES = {
  'notes.md': '# Notes\n',
  'assets/00000000-000001-fox.png': image('ein Aquarell-Fuchs im Schnee', 'aithriving'),
  'assets/00000000-000002-owl.png': image('eine Schneeeule auf einem Ast', 'popcord'),
};

describe('The panel in German in a 300 px side bar', function () {
  this.timeout(180_000);
  const workbench = useWorkbench({ name: 'narrow-panel-de', files: FILES, displayLanguage: 'de', workspaceSettings: { 'imagesmith.openAfterGeneration': false } });

  it('fits the form, a keyed provider’s parameters, a failed job’s buttons and the selection bar without cutting a word', async () => {
    const wb = workbench();
    await wb.page.setViewportSize({ width: 1280, height: 1000 });
    const frame = await panel(wb);
    await setSidebarWidth(wb, 300);
    assert.ok((await frame.evaluate(() => document.documentElement.clientWidth)) <= 300, 'the page is as narrow as the side bar');

    // PopCord, the first provider: the form with its parameters open.
    await frame.locator('.controls .field').first().waitFor();
    await frame.getByRole('button', { name: 'Generieren', exact: true }).waitFor();
    await frame.locator('summary', { hasText: 'Parameter' }).waitFor();
    assert.deepEqual(await clippedText(frame), [], 'PopCord’s form');
    await sidebarScreenshot(wb, 'de-300-popcord');

    // AIThriving without a key: the key's state and button, the seed and the size pair.
    await label(frame, 'Anbieter').selectOption('aithriving');
    await frame.getByRole('button', { name: 'API-Schlüssel festlegen…' }).waitFor();
    await label(frame, 'Seed-Wert').waitFor();
    assert.deepEqual(await clippedText(frame), [], 'AIThriving’s form');
    await sidebarScreenshot(wb, 'de-300-aithriving');

    // A generation that fails for the missing key: its card and the buttons that fix it.
    await label(frame, 'Prompt').fill('ein Papierboot auf einem stillen See');
    await frame.getByRole('button', { name: 'Generieren', exact: true }).click();
    // Asked for the key it lacks, the person gives none.
    await wb.cancelQuickInput();
    const failed = frame.locator('li.job.failed');
    await failed.waitFor({ timeout: 30_000 });
    await failed.getByRole('button', { name: 'Protokoll anzeigen' }).waitFor();
    assert.deepEqual(await clippedText(frame), [], 'the failed job’s card');
    await sidebarScreenshot(wb, 'de-300-failed-job');

    // Two images selected: the selection bar under the gallery's filter.
    const tiles = frame.locator('li.tile button.thumb');
    await tiles.nth(1).waitFor();
    await tiles.nth(0).click({ modifiers: ['Control'], position: { x: 6, y: 6 } });
    await tiles.nth(1).click({ modifiers: ['Control'], position: { x: 6, y: 6 } });
    await frame.locator('.selection-count', { hasText: '2 ausgewählt' }).waitFor();
    await frame.locator('.gallery-section').scrollIntoViewIfNeeded();
    assert.deepEqual(await clippedText(frame), [], 'the gallery with a selection');
    await sidebarScreenshot(wb, 'de-300-gallery-selection');
  });
});
