import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatInfotext } from '../../src/core/infotext';
import { makePng } from '../fixtures/images';
import { label, panel, setFault } from './support/panel';
import { useWorkbench } from './support/workbench';

const PROMPT = 'a lighthouse keeper at night';

/** Polls a condition outside the page (a file on disk) until it holds, or fails naming it. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
const IMAGE = 'assets/20260101-120000-a-lighthouse-keeper.png';

describe('The panel, polished', function () {
  this.timeout(90_000);
  const workbench = useWorkbench({
    name: 'panel-polish',
    workspaceSettings: { 'imagesmith.openAfterGeneration': false },
    files: {
      'notes.md': '# Notes\n\nThe keeper:\nwatches the sea.\n',
      [IMAGE]: makePng(64, 64, { text: { parameters: formatInfotext({ prompt: PROMPT, fields: [['Provider', 'popcord']] }) } }),
    },
  });

  it('does what the first click was aimed at, with the focus in an editor, and moves nothing', async () => {
    const wb = workbench();
    // Short enough that the gallery is below the generator and the panel has to be scrolled to it.
    await wb.page.setViewportSize({ width: 1280, height: 520 });
    await wb.openFile('notes.md');
    await wb.selectText('keeper');
    await wb.runCommand('Imagesmith: Open Image Generator');
    const frame = await panel(wb, { shownByCommand: true });
    // The command puts the caret in the prompt.
    await frame.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
    // As when the window restores the panel beside the editor: nothing in the panel has the focus, the editor has it.
    await frame.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await wb.runCommand('View: Focus First Editor Group');
    await wb.activeEditor.locator('.cursors-layer .cursor').first().waitFor({ state: 'attached' });

    const tile = frame.locator(`li.tile[data-key="0/${path.basename(IMAGE)}"]`);
    // The tile as a person sees it before clicking: its picture shown, scrolled to, the pointer over it
    // (hover() scrolls too, when the tile is not wholly in view).
    await tile.locator('img[src]').waitFor();
    await tile.scrollIntoViewIfNeeded();
    await tile.hover();
    const scrolled = await frame.evaluate(() => window.scrollY);
    assert.ok(scrolled > 0, 'the gallery is below the fold');

    // A click into the panel from an editor gives its page the focus; a desktop window says so with a focus event,
    // which headless Chromium leaves out, so the test sends the one a person's click brings, then clicks.
    await frame.evaluate(() => window.dispatchEvent(new FocusEvent('focus')));
    assert.notEqual(await frame.evaluate(() => document.activeElement?.tagName), 'TEXTAREA', 'the prompt did not take the focus');
    assert.equal(await frame.evaluate(() => window.scrollY), scrolled, 'the panel did not jump to the prompt');
    await tile.getByRole('button', { name: 'Insert Markdown link into the editor', exact: true }).click();
    await frame.locator('.gallery-status', { hasText: /Link inserted into notes\.md/ }).waitFor();
    assert.equal(await frame.evaluate(() => window.scrollY), scrolled, 'the panel did not jump');
    assert.notEqual(await frame.evaluate(() => document.activeElement?.tagName), 'TEXTAREA', 'the prompt did not take the focus');
    await wb.screenshot('link inserted from a first click');

    // Back in the editor the cursor is after the link, and the selected word is still there.
    await wb.runCommand('View: Focus First Editor Group');
    await wb.page.keyboard.type(' (see above)');
    await wb.page.keyboard.press('Control+S');
    const notes = path.join(wb.workspace, 'notes.md');
    await wb.page.waitForFunction(() => !document.querySelector('.tabs-container .tab.active.dirty'));
    await waitFor(() => readFileSync(notes, 'utf8').includes('(see above)'), 'notes.md saved');
    assert.equal(readFileSync(notes, 'utf8'), `# Notes\n\nThe keeper:\n\n![${PROMPT}](${IMAGE}) (see above)\n\nwatches the sea.\n`);
  });

  it('shows a panel generation in the status bar, and folds finished cards into one line each with Clear finished', async () => {
    const wb = workbench();
    await wb.page.setViewportSize({ width: 1280, height: 900 });
    const frame = await panel(wb);
    await label(frame, 'Provider').selectOption('popcord');
    assert.equal(await label(frame, 'Prompt').getAttribute('placeholder'), 'Describe the image…');
    await setFault(wb.fixtureUrls.popcord, { fault: 'slow', ms: 3_000, times: 1 });
    await label(frame, 'Prompt').fill('a slow lighthouse');
    await label(frame, 'Prompt').press('Control+Enter');
    // The status bar's item for running generations, seen with the panel or without it.
    await wb.page.locator('.part.statusbar .statusbar-item', { hasText: /1 generation · PopCord: / }).waitFor();
    await frame.locator('li.job.saved').filter({ hasText: 'a slow lighthouse' }).waitFor({ timeout: 30_000 });

    for (const prompt of ['a second lighthouse', 'a third lighthouse']) {
      await label(frame, 'Prompt').fill(prompt);
      await label(frame, 'Prompt').press('Control+Enter');
      await frame.locator('li.job.saved').filter({ hasText: prompt }).waitFor({ timeout: 30_000 });
    }
    // The newest finished card is whole; the two before it are one line each.
    await frame.locator('li.job.compact').nth(1).waitFor();
    assert.equal(await frame.locator('li.job.saved:not(.compact)').count(), 1);
    assert.match((await frame.locator('li.job:not(.compact)').textContent()) ?? '', /a third lighthouse/);
    await wb.screenshot('finished cards folded');
    await frame.getByRole('button', { name: 'Clear finished' }).click();
    await frame.locator('li.job').first().waitFor({ state: 'detached' });
    assert.equal(await frame.locator('li.job').count(), 0);
  });
});
