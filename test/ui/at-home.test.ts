// Imagesmith where VS Code's own conventions put things: the status bar while generations
// run, the image commands in the Explorer and the image preview's title bar, the
// Generate Image keybinding and the walkthrough.

import * as assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { formatInfotext } from '../../src/core/infotext';
import { makePng } from '../fixtures/images';
import { label, panel, setFault, galleryTile } from './support/panel';
import { useWorkbench, type Workbench } from './support/workbench';

const image = (prompt: string, provider: string) =>
  makePng(24, 16, { text: { parameters: formatInfotext({ prompt, fields: [['Steps', 20], ['Seed', 7], ['Provider', provider]] }) } });

const FOX = '00000000-000001-fox.png';
const OWL = '00000000-000002-owl.png';
const IMAGE_COMMANDS = ['Use These Settings', 'Copy Markdown Link', 'Show in Imagesmith Gallery'];

const FILES = {
  'notes.md': '# Notes\n',
  [`assets/${FOX}`]: image('a watercolor fox in the snow', 'aithriving'),
  [`assets/${OWL}`]: image('a snowy owl on a branch', 'popcord'),
  'art/plain.jpg': makePng(8, 8),
};

const tile = galleryTile;

async function closeMenu(wb: Workbench): Promise<void> {
  await wb.page.keyboard.press('Escape');
  await wb.contextMenu.waitFor({ state: 'hidden' });
}

async function openWalkthrough(wb: Workbench): Promise<void> {
  await wb.runCommand('Welcome: Open Walkthrough...');
  await wb.pickItem('Get Started with Imagesmith', { expect: /walkthrough/i });
  await wb.page.locator('.gettingStartedContainer .getting-started-step', { hasText: 'Choose a provider' }).waitFor();
}

/** The status-bar item of the running generations. */
function statusItem(wb: Workbench): Locator {
  return wb.page.locator('.part.statusbar .statusbar-item').filter({ hasText: /generations?\s·/ });
}

describe('Imagesmith at home in VS Code', function () {
  this.timeout(120_000);
  const workbench = useWorkbench({ name: 'at-home', files: FILES, workspaceSettings: { 'imagesmith.openAfterGeneration': false } });

  before(async () => {
    await workbench().page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  });

  it('the walkthrough shows each step with its command and picture', async () => {
    const wb = workbench();
    await openWalkthrough(wb);
    const page = wb.page.locator('.gettingStartedContainer');
    const titles = await page.locator('.getting-started-step .step-title').allTextContents();
    for (const title of ['Choose a provider', 'Set a key or point at a local server', 'Generate your first image', 'Find it in the gallery and reuse its settings', 'Use it from Markdown and from chat']) {
      assert.ok(titles.some((text) => text.includes(title)), `the walkthrough lacks "${title}": ${titles.join(' | ')}`);
    }
    assert.ok(!titles.some((text) => text.includes('Open a folder')), 'the folder step shows only while none is open');
    await page.locator('.getting-started-step', { hasText: 'Find it in the gallery' }).click();
    await page.locator('.getting-started-step.expanded', { hasText: 'Find it in the gallery' }).getByRole('button', { name: 'Open the Gallery' }).waitFor();
    await page.locator('.getting-started-media img[alt="The gallery: image tiles with their actions, the filter above them."]').waitFor();
    assert.equal(await page.locator('.getting-started-step[aria-checked="true"]', { hasText: 'Generate your first image' }).count(), 0);
    await wb.screenshot('walkthrough');
  });

  it('Ctrl+Alt+G runs Generate Image', async () => {
    const wb = workbench();
    await wb.openFile('notes.md');
    await wb.activeEditor.locator('.view-lines').click();
    await wb.page.keyboard.press('Control+Alt+KeyG');
    await wb.quickInput.waitFor({ state: 'visible' });
    assert.match(await wb.quickInput.innerText(), /Describe the image to generate/);
    await wb.cancelQuickInput();
  });

  it('the status bar shows the running generations, their count and stage; a click opens the panel; it is gone when idle', async () => {
    const wb = workbench();
    assert.equal(await statusItem(wb).count(), 0, 'nothing runs yet');
    await setFault(wb.fixtureUrls.popcord, { fault: 'slow', ms: 6_000, times: 2 });
    const frame = await panel(wb);
    await label(frame, 'Provider').selectOption('popcord');
    await label(frame, 'Prompt').fill('a kite over the dunes');
    await label(frame, 'Prompt').press('Control+Enter');
    await label(frame, 'Prompt').press('Control+Enter');
    const item = statusItem(wb);
    await item.waitFor({ state: 'visible' });
    await wb.page.locator('.part.statusbar .statusbar-item', { hasText: /2 generations · PopCord: / }).waitFor();
    assert.match(await item.innerText(), /PopCord: (Starting|Checking the parameters|Sending the prompt|Waiting for a free slot)/);
    assert.equal(await item.locator('[role="button"], a').first().getAttribute('aria-label').then((text) => /^Imagesmith: 2 generations/.test(text ?? '')), true);
    await wb.screenshot('status bar while two generations run');
    // Closed side bar; the item brings the panel back.
    await wb.runCommand('View: Close Primary Side Bar');
    await wb.page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    await item.click();
    await wb.page.locator('.part.sidebar .composite.title', { hasText: /Imagesmith/i }).waitFor({ state: 'visible' });
    // The view's page is made anew when the side bar comes back.
    await (await panel(wb)).locator('li.job.saved').nth(1).waitFor({ timeout: 30_000 });
    await item.waitFor({ state: 'detached' });
  });

  it('the Explorer offers the image commands on PNG, JPEG and WebP files only', async () => {
    const wb = workbench();
    const onImage = await wb.explorerMenu(`assets/${OWL}`);
    for (const command of IMAGE_COMMANDS) assert.ok(onImage.includes(command), `"${command}" is missing from ${onImage.join(', ')}`);
    await closeMenu(wb);
    const onJpeg = await wb.explorerMenu('art/plain.jpg');
    for (const command of IMAGE_COMMANDS) assert.ok(onJpeg.includes(command), `"${command}" is missing on a JPEG`);
    await closeMenu(wb);
    const onText = await wb.explorerMenu('notes.md');
    for (const command of IMAGE_COMMANDS) assert.ok(!onText.includes(command), `"${command}" is offered on a Markdown file`);
    await closeMenu(wb);
  });

  it('Copy Markdown Link copies the image link with its prompt, relative to the workspace folder', async () => {
    const wb = workbench();
    await wb.explorerMenu(`assets/${OWL}`);
    await wb.clickContextMenuItem('Copy Markdown Link');
    await wb.page.waitForFunction(async (expected) => (await navigator.clipboard.readText()) === expected, `![a snowy owl on a branch](assets/${OWL})`);
  });

  it('Use These Settings from the Explorer loads the prompt and provider into the panel', async () => {
    const wb = workbench();
    await wb.explorerMenu(`assets/${FOX}`);
    await wb.clickContextMenuItem('Use These Settings');
    const frame = await panel(wb, { shownByCommand: true });
    const prompt = label(frame, 'Prompt');
    await frame.waitForFunction((element) => (element as HTMLTextAreaElement).value === 'a watercolor fox in the snow', await prompt.elementHandle());
    assert.equal(await label(frame, 'Provider').inputValue(), 'aithriving');
  });

  it('the image preview’s title bar offers the image commands; Show in Imagesmith Gallery focuses its tile', async () => {
    const wb = workbench();
    // Opened from Quick Open, so that the panel stays in the side bar: Use These Settings above
    // already covers a command that brings the hidden panel back.
    await wb.runCommand('Go to File...');
    await wb.pickItem(OWL);
    const preview = wb.page.locator('.editor-group-container.active');
    await preview.locator('.tab.active', { hasText: OWL }).waitFor();
    // The image preview's own status-bar item ("Whole Image") shows once its editor is active, and with it its title bar's menu.
    await wb.page.locator('.part.statusbar .statusbar-item', { hasText: 'Whole Image' }).waitFor({ timeout: 30_000 });
    await preview.locator('.editor-actions .action-label[aria-label^="More Actions"]').click();
    await wb.contextMenu.waitFor({ state: 'visible' });
    const items = await wb.contextMenuItems();
    for (const command of IMAGE_COMMANDS) assert.ok(items.includes(command), `"${command}" is missing from the title bar's menu: ${items.join(', ')}`);
    await wb.clickContextMenuItem('Show in Imagesmith Gallery');
    const frame = await panel(wb, { shownByCommand: true });
    await frame.waitForFunction((key) => document.activeElement?.closest('li.tile')?.getAttribute('data-key') === key, `0/${OWL}`);
    assert.equal(await tile(frame, OWL).locator('button.thumb').getAttribute('tabindex'), '0');
    await wb.screenshot('the image shown in the gallery');
  });

  it('the walkthrough has checked off the steps done above', async () => {
    const wb = workbench();
    await openWalkthrough(wb);
    const page = wb.page.locator('.gettingStartedContainer');
    // Generated, settings used and a link copied in the tests above.
    for (const title of ['Choose a provider', 'Generate your first image', 'Find it in the gallery and reuse its settings', 'Use it from Markdown and from chat']) {
      await page.locator('.getting-started-step[aria-checked="true"]', { hasText: title }).waitFor();
    }
    await wb.screenshot('walkthrough with steps done');
  });
});
