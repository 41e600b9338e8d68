// The light bulb on an image reference whose file does not exist yet: Ctrl+. offers
// "Generate image with Imagesmith…", a short confirmation shows the prompt from the alt
// text, the provider and the size, and the image is written at exactly the path the page
// names. With IMAGESMITH_UPDATE_SCREENSHOTS=1 the picture of the quick fix replaces
// media/screenshot-quick-fix.png, which the README shows.

import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatInfotext, parseInfotext } from '../../src/core/infotext';
import { readPngText } from '../../src/core/pngText';
import { makePng } from '../fixtures/images';
import { useWorkbench, type Workbench } from './support/workbench';

const QUICK_FIX = 'Generate image with Imagesmith…';

/**
 * The generated file, once the summary says it was made: the notification comes after the
 * file is saved (through a temporary name and a rename, so it is whole).
 */
async function madeFile(wb: Workbench, relative: string, summary: RegExp): Promise<Buffer> {
  await wb.waitForNotification(summary, 30_000);
  const file = path.join(wb.workspace, relative);
  assert.ok(existsSync(file), `${relative} is in the workspace`);
  return readFileSync(file);
}

/**
 * Puts the cursor on `text` and opens the code actions with Ctrl+. (the light bulb's
 * menu), as a person does. A Ctrl+. that lands while the editor is still starting the
 * language's own features (Markdown's, on the first Markdown file) answers "No code actions
 * available"; the person, and the test, press it again.
 */
async function lightBulb(wb: Workbench, text: string): Promise<void> {
  await wb.selectText(text);
  // The Find widget selectText used must be closed, or Ctrl+. goes to it rather than to the editor.
  const find = wb.page.locator('.find-widget.visible');
  if (await find.isVisible()) await wb.page.locator('.find-widget.visible textarea, .find-widget.visible input').first().press('Escape');
  await find.waitFor({ state: 'hidden' });
  await wb.page.keyboard.press('ArrowLeft');
  const item = wb.page.locator('.action-widget').getByText(QUICK_FIX, { exact: true });
  const nothing = wb.page.locator('.monaco-editor-overlaymessage').filter({ hasText: 'No code actions available' });
  for (let attempt = 1; ; attempt++) {
    await wb.page.keyboard.press('Control+.');
    await item.or(nothing).first().waitFor({ state: 'visible' });
    if (await item.isVisible()) return;
    if (attempt === 15) assert.fail('Ctrl+. showed no code actions 15 times');
    // The message leaves when the cursor moves.
    await wb.page.keyboard.press('ArrowRight');
    await wb.page.keyboard.press('ArrowLeft');
    await nothing.waitFor({ state: 'hidden' });
  }
}

describe('Quick fix: generate the images a page refers to', function () {
  this.timeout(120_000);
  const workbench = useWorkbench({
    name: 'code-references',
    files: {
      'docs/harbour.md': '# The harbour\n\nThe lighthouse keeps the boats safe.\n\n![A lighthouse on a cliff at dusk](img/lighthouse.png)\n',
      'site/index.html': '<!doctype html>\n<h1>Boats</h1>\n<img src="img/boats.png" alt="Fishing boats at dawn" width="1024" height="576">\n',
      'site/about.html': '<h1>About</h1>\n<p>Us.</p>\n<img src="../assets/20250101-120000-a-red-fox.png" alt="A red fox">\n',
      'assets/20250101-120000-a-red-fox.png': makePng(64, 64, { seed: 3, text: { parameters: formatInfotext({ prompt: 'a red fox', fields: [['Provider', 'popcord']] }) } }),
      'assets/20250102-120000-a-tea-house.png': makePng(64, 64, { seed: 5, text: { parameters: formatInfotext({ prompt: 'a tea house', fields: [['Provider', 'popcord']] }) } }),
    },
    workspaceSettings: { 'imagesmith.openAfterGeneration': false },
  });

  it('generates a Markdown image at its path from the light bulb, with the alt text as the prompt', async () => {
    const wb = workbench();
    await wb.openFile('docs/harbour.md');
    await lightBulb(wb, 'img/lighthouse.png');
    await wb.screenshot('quick fix on a Markdown image');
    if (process.env.IMAGESMITH_UPDATE_SCREENSHOTS === '1') {
      const file = path.join(wb.resultsDir, 'quick-fix.png');
      const editor = await wb.page.locator('.part.editor').boundingBox();
      assert.ok(editor);
      await wb.page.screenshot({ path: file, clip: { x: editor.x, y: editor.y, width: Math.min(editor.width, 760), height: 240 } });
      copyFileSync(file, path.join(__dirname, '..', '..', 'media', 'screenshot-quick-fix.png'));
    }
    // The first quick fix is the focused row of the menu.
    await wb.page.keyboard.press('Enter');
    await wb.answerInput('A lighthouse on a cliff at dusk, watercolour', { expect: /from the alt\. Provider: PopCord[\s\S]*saves to docs\/img\/lighthouse\.png/ });
    const bytes = await madeFile(wb, 'docs/img/lighthouse.png', /Imagesmith made the image: docs\/img\/lighthouse\.png/);
    const info = parseInfotext((await readPngText(bytes)).get('parameters') ?? '');
    assert.equal(info.prompt, 'A lighthouse on a cliff at dusk, watercolour');
    assert.equal(info.fields.get('Provider'), 'popcord');
  });

  it('generates an HTML image at its path and size from the light bulb', async () => {
    const wb = workbench();
    await wb.openFile('site/index.html');
    await lightBulb(wb, 'img/boats.png');
    await wb.page.keyboard.press('Enter');
    await wb.answerInput('Fishing boats at dawn', { expect: /size: 1024×576[\s\S]*saves to site\/img\/boats\.png/ });
    const bytes = await madeFile(wb, 'site/img/boats.png', /Imagesmith made the image: site\/img\/boats\.png, 1024x576/);
    const info = parseInfotext((await readPngText(bytes)).get('parameters') ?? '');
    assert.equal(info.fields.get('Size'), '1024x576');
  });

  it('says in the gallery where an image is used, and that an image nothing refers to is not', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Open Image Generator');
    const frame = await wb.webviewFrame('section.generator', 30_000);
    const fox = frame.locator('li.tile[title*="a red fox"]');
    await fox.waitFor({ state: 'attached' });
    await frame.waitForFunction(() => document.querySelector('li.tile[title*="a red fox"]')?.getAttribute('title')?.includes('Used in') === true);
    assert.match((await fox.getAttribute('title')) ?? '', /Used in site\/about\.html:3/);
    await frame.waitForFunction(() => document.querySelector('li.tile[title*="a tea house"]')?.getAttribute('title')?.includes('Not referenced') === true);
  });
});
