// Pictures of the generator panel in the default light and dark themes, for a person to
// look at (test-results/ui/panel-screenshots/). With IMAGESMITH_UPDATE_SCREENSHOTS=1 they
// also replace media/screenshot-panel-{light,dark}.png, which the README shows.

import * as assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatInfotext } from '../../src/core/infotext';
import { makePng } from '../fixtures/images';
import { useWorkbench, type Workbench } from './support/workbench';

const PROMPTS = ['a lighthouse on a cliff at dusk', 'a red fox in fresh snow', 'a tea house in the rain', 'a brass robot reading'];

/** A few images made "earlier", so the gallery has something to show. */
function earlierImages(): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  PROMPTS.forEach((prompt, index) => {
    const infotext = formatInfotext({ prompt, fields: [['Size', '512x512'], ['Model', 'flux'], ['Provider', 'popcord']] });
    files[`assets/2025010${index + 1}-120000-${prompt.replace(/\s+/g, '-')}.png`] = makePng(96, 96, { seed: index * 7 + 1, text: { parameters: infotext } });
  });
  return files;
}

async function setTheme(wb: Workbench, theme: string): Promise<void> {
  const file = path.join(wb.workspace, '.vscode', 'settings.json');
  const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...settings, 'workbench.colorTheme': theme }, null, 2));
  const kind = theme.includes('High Contrast') ? 'hc-black' : theme.includes('Dark') ? 'vs-dark' : 'vs';
  await wb.page.waitForFunction((wanted) => document.querySelector('.monaco-workbench')?.classList.contains(wanted) === true, kind, { timeout: 15_000 });
}

describe('Generator panel screenshots', function () {
  this.timeout(120_000);
  const workbench = useWorkbench({
    name: 'panel-screenshots',
    files: earlierImages(),
    workspaceSettings: { 'imagesmith.openAfterGeneration': false },
  });

  it('shows the panel in the light, dark and high-contrast themes', async () => {
    const wb = workbench();
    // Tall enough for the form, a job and the gallery at once.
    await wb.page.setViewportSize({ width: 1280, height: 1120 });
    await wb.runCommand('Imagesmith: Open Image Generator');
    // A wider side bar, as people who work in the panel set it.
    const box = await wb.page.locator('.part.sidebar').boundingBox();
    assert.ok(box);
    await wb.page.mouse.move(box.x + box.width + 1, box.y + 300);
    await wb.page.mouse.down();
    await wb.page.mouse.move(box.x + box.width + 140, box.y + 300, { steps: 8 });
    await wb.page.mouse.up();

    const frame = await wb.webviewFrame('section.generator', 30_000);
    await frame.getByLabel('Provider', { exact: true }).selectOption('popcord');
    await frame.getByLabel('Prompt', { exact: true }).fill('a paper boat on a quiet lake, morning mist');
    await frame.getByLabel('Prompt', { exact: true }).press('Control+Enter');
    await frame.locator('li.job.saved').first().waitFor({ timeout: 30_000 });
    await frame.getByLabel('Provider', { exact: true }).selectOption('aithriving');
    await frame.getByLabel('Prompt', { exact: true }).fill('an origami crane on a desk, soft light');
    await frame.locator('li.tile').nth(4).waitFor();
    await frame.waitForFunction(() => document.querySelectorAll('li.tile[title*="\\n"]').length >= 4);

    // From a theme outside the list, so that the first one's colours change too.
    await setTheme(wb, 'Default Dark+');
    await frame.waitForFunction(() => document.body.classList.contains('vscode-dark'));
    for (const [theme, name] of [
      ['Default Light Modern', 'light'],
      ['Default Dark Modern', 'dark'],
      ['Default High Contrast', 'high-contrast'],
    ] as const) {
      // The picture waits for the theme's colours to reach the page (a light theme after the first one changes no class).
      const colours = await frame.evaluate(() => document.documentElement.style.cssText);
      await setTheme(wb, theme);
      await frame.waitForFunction((before) => document.documentElement.style.cssText !== before, colours);
      const file = path.join(wb.resultsDir, `panel-${name}.png`);
      await wb.page.locator('.part.sidebar').screenshot({ path: file });
      if (process.env.IMAGESMITH_UPDATE_SCREENSHOTS === '1' && name !== 'high-contrast') {
        copyFileSync(file, path.join(__dirname, '..', '..', 'media', `screenshot-panel-${name}.png`));
      }
    }
  });
});
