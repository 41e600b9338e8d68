// The panel with the keyboard alone and with a screen reader's eyes: the tab order,
// visible focus, the gallery's keys, the live region, and axe-core's checks in the light,
// dark and both high-contrast themes (no serious or critical violation). With
// IMAGESMITH_UPDATE_SCREENSHOTS=1 the high-contrast pictures replace the README's and a
// Markdown link's picture replaces the walkthrough's.

import * as assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { formatInfotext } from '../../src/core/infotext';
import { makePng } from '../fixtures/images';
import { axe } from './support/axe';
import { assetNames, heard, label, listenToLiveRegion, panel, setFault } from './support/panel';
import { useWorkbench, type Workbench } from './support/workbench';

const PROMPTS = ['a lighthouse on a cliff at dusk', 'a red fox in fresh snow', 'a tea house in the rain'];
const NAMES = PROMPTS.map((prompt, index) => `2025010${index + 1}-120000-${prompt.replace(/\s+/g, '-')}.png`);

function earlierImages(): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = { 'notes.md': '# Notes\n\nThe lighthouse:\n' };
  PROMPTS.forEach((prompt, index) => {
    const infotext = formatInfotext({ prompt, fields: [['Size', '512x512'], ['Model', 'flux'], ['Provider', 'popcord']] });
    files[`assets/${NAMES[index]}`] = makePng(96, 96, { seed: index * 7 + 1, text: { parameters: infotext } });
  });
  return files;
}

const UPDATE = process.env.IMAGESMITH_UPDATE_SCREENSHOTS === '1';
const MEDIA = path.join(__dirname, '..', '..', 'media');

const THEMES = [
  ['Default Light Modern', 'vs', 'light'],
  ['Default Dark Modern', 'vs-dark', 'dark'],
  ['Default High Contrast', 'hc-black', 'high-contrast'],
  ['Default High Contrast Light', 'hc-light', 'high-contrast-light'],
] as const;

async function setTheme(wb: Workbench, theme: string, kind: string): Promise<void> {
  const file = path.join(wb.workspace, '.vscode', 'settings.json');
  const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...settings, 'workbench.colorTheme': theme }, null, 2));
  await wb.page.waitForFunction((wanted) => document.querySelector('.monaco-workbench')?.classList.contains(wanted) === true, kind, { timeout: 15_000 });
}

/** The focused element: its tag, its accessible name as the page gives it, and whether its focus can be seen. */
async function focused(frame: Frame): Promise<{ name: string; visible: boolean }> {
  return frame.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { name: '(body)', visible: false };
    const labelled = element.getAttribute('aria-labelledby');
    const byLabel = element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : undefined;
    const name = (element.getAttribute('aria-label') ?? (labelled ? document.getElementById(labelled.split(' ')[0] ?? '')?.textContent : undefined) ?? byLabel ?? element.textContent ?? '').trim();
    const style = getComputedStyle(element);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return { name: `${element.tagName.toLowerCase()} ${name}`.slice(0, 80), visible: outlined || style.boxShadow !== 'none' };
  });
}

describe('The panel with the keyboard and a screen reader', function () {
  this.timeout(180_000);
  const workbench = useWorkbench({ name: 'accessibility', files: earlierImages(), workspaceSettings: { 'imagesmith.openAfterGeneration': false } });

  // First in this window: PopCord's lists are read once a session, when the panel first opens.
  it('keeps the focus on a parameter when the server’s lists arrive and redraw it', async () => {
    const wb = workbench();
    // The model list comes late, so that the Model field is still free text when focused.
    await setFault(wb.fixtureUrls.popcord, { fault: 'slow', ms: 15_000, target: 'models', times: 1 });
    const frame = await panel(wb);
    await label(frame, 'Provider').selectOption('popcord');
    const tagOfModel = () => label(frame, 'Model').evaluate((element) => element.tagName);
    assert.equal(await tagOfModel(), 'INPUT', 'the model list arrived before the test could focus the field');
    await label(frame, 'Model').focus();
    await frame.waitForFunction(() => document.activeElement?.tagName !== 'INPUT', undefined, { timeout: 45_000 });
    assert.equal(await tagOfModel(), 'SELECT');
    assert.deepEqual((await focused(frame)).name.split(' ')[0], 'select');
    assert.equal(await frame.evaluate(() => document.querySelector(`label[for="${document.activeElement?.id}"]`)?.textContent), 'Model');
  });

  it('has a sensible tab order with a visible focus on every stop', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    await label(frame, 'Provider').selectOption('popcord');
    await label(frame, 'Provider').focus();
    const stops: string[] = [];
    for (let index = 0; index < 40; index++) {
      const stop = await focused(frame);
      assert.ok(stop.visible, `no visible focus on ${stop.name}`);
      stops.push(stop.name);
      // The grid's one stop: the newest image.
      if (/^button .*tea.house/.test(stop.name)) break;
      await frame.page().keyboard.press('Tab');
    }
    const at = (pattern: RegExp) => stops.findIndex((stop) => pattern.test(stop));
    const order = [/^select Provider/, /^textarea Prompt/, /^button\s*Generate/, /^input Filter by prompt/, /^select All providers|^select Filter by provider/, /^button .*tea.house/];
    const positions = order.map(at);
    assert.ok(positions.every((position) => position >= 0), `missing stops in ${stops.join(' → ')}`);
    assert.deepEqual([...positions].sort((a, b) => a - b), positions, `out of order: ${stops.join(' → ')}`);
  });

  it('moves through the gallery with the arrow keys; Enter opens, Space previews, Escape closes, Delete asks first', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    const first = frame.locator(`li.tile[data-key="0/${NAMES[2]}"] button.thumb`);
    await first.focus();
    // Described by its prompt once the image's metadata is read.
    await frame.waitForFunction((name) => /^a tea house in the rain \(/.test(document.querySelector(`li.tile[data-key="0/${name}"] button.thumb`)?.getAttribute('aria-label') ?? ''), NAMES[2]);
    await frame.page().keyboard.press('ArrowRight');
    await frame.waitForFunction((name) => document.activeElement?.closest('li.tile')?.getAttribute('data-key') === `0/${name}`, NAMES[1]);
    await frame.page().keyboard.press('Space');
    const preview = frame.locator('.preview[role="dialog"]');
    await preview.waitFor({ state: 'visible' });
    await frame.page().keyboard.press('Escape');
    await preview.waitFor({ state: 'hidden' });
    await frame.waitForFunction((name) => document.activeElement?.closest('li.tile')?.getAttribute('data-key') === `0/${name}`, NAMES[1]);
    await frame.page().keyboard.press('Delete');
    const dialog = await wb.dialog();
    assert.match(dialog.message, /^Delete .*red-fox/);
    await wb.answerDialog('Cancel');
    assert.ok(assetNames(wb).includes(NAMES[1] ?? ''), 'nothing is deleted without a yes');
    // The focus is back on the image the dialog was about.
    await frame.waitForFunction((name) => document.activeElement?.closest('li.tile')?.getAttribute('data-key') === `0/${name}`, NAMES[1]);
    await frame.page().keyboard.press('Enter');
    await wb.page.locator('.tabs-container .tab.active', { hasText: NAMES[1] ?? '' }).waitFor();
    // The image preview takes the keyboard focus as its page loads: waited for here, so that
    // what the next test types goes where it means it to.
    await wb.webviewFrame('body.image.ready', 30_000);
  });

  it('announces a generation’s progress and its end in the live region', async () => {
    const wb = workbench();
    await setFault(wb.fixtureUrls.popcord, { fault: 'slow', ms: 2_000, times: 1 });
    const frame = await panel(wb);
    await listenToLiveRegion(frame);
    await label(frame, 'Prompt').fill('a paper boat on a quiet lake');
    await label(frame, 'Prompt').press('Control+Enter');
    await heard(frame, /PopCord: generating “a paper boat on a quiet lake”/);
    await heard(frame, /PopCord saved the image\./);
    await setFault(wb.fixtureUrls.popcord, { fault: 'status', status: 500, times: 1 });
    await label(frame, 'Prompt').press('Control+Enter');
    await heard(frame, /PopCord failed: /);
  });

  it('inserts a Markdown link from the keyboard', async () => {
    const wb = workbench();
    await wb.openFile('notes.md');
    await wb.activeEditor.locator('.view-lines').click();
    await wb.page.keyboard.press('Control+End');
    const frame = await panel(wb);
    await frame.locator(`li.tile[data-key="0/${NAMES[0]}"] button.thumb`).focus();
    // Tab reaches the focused image's own actions.
    for (let index = 0; index < 4; index++) {
      await frame.page().keyboard.press('Tab');
      if ((await focused(frame)).name.includes('Insert Markdown link')) break;
    }
    assert.match((await focused(frame)).name, /Insert Markdown link/);
    await frame.page().keyboard.press('Enter');
    await wb.activeEditor.locator('.view-lines', { hasText: `![a lighthouse on a cliff at dusk]` }).waitFor();
    if (UPDATE) {
      await wb.page.setViewportSize({ width: 1200, height: 700 });
      await wb.page.screenshot({ path: path.join(MEDIA, 'walkthrough', 'markdown.png') });
      await wb.page.setViewportSize({ width: 1440, height: 900 });
    }
  });

  it('has no serious or critical axe-core violation in the light, dark and high-contrast themes', async () => {
    const wb = workbench();
    await wb.page.setViewportSize({ width: 1280, height: 1120 });
    const frame = await panel(wb);
    // A saved card, a failed one open with its message, a field's error, a focused tile with its
    // actions, a selection: what the panel shows at its fullest.
    await label(frame, 'Prompt').fill('a kite over the dunes');
    await label(frame, 'Prompt').press('Control+Enter');
    await frame.locator('li.job.saved').first().waitFor({ timeout: 30_000 });
    await setFault(wb.fixtureUrls.popcord, { fault: 'status', status: 500, times: 1 });
    await label(frame, 'Prompt').press('Control+Enter');
    await frame.locator('li.job.failed:not(.compact) .job-status').waitFor({ timeout: 30_000 });
    await label(frame, 'Prompt').fill('');
    await label(frame, 'Prompt').press('Control+Enter');
    await frame.locator('.field-error:not([hidden])').first().waitFor();
    const tile = frame.locator(`li.tile[data-key="0/${NAMES[0]}"] button.thumb`);
    await tile.focus();
    await frame.page().keyboard.press('Control+Space');
    await frame.locator('.selection-bar').waitFor({ state: 'visible' });
    await frame.waitForFunction(() => document.querySelectorAll('li.tile[title*="\\n"]').length >= 3);

    // The pictures show the panel from its top.
    await frame.evaluate(() => window.scrollTo({ top: 0 }));
    const report: string[] = [];
    // From a theme outside the list: the workbench may open in the first one, whose colours would then never change.
    await setTheme(wb, 'Default Dark+', 'vs-dark');
    await frame.waitForFunction(() => document.body.classList.contains('vscode-dark'));
    for (const [theme, kind, name] of THEMES) {
      // The theme's colours, not only its kind: a light theme after another light one changes no class.
      const colours = await frame.evaluate(() => document.documentElement.style.cssText);
      await setTheme(wb, theme, kind);
      await frame.waitForFunction((wanted) => document.body.classList.contains(wanted === 'vs' ? 'vscode-light' : wanted === 'vs-dark' ? 'vscode-dark' : wanted === 'hc-black' ? 'vscode-high-contrast' : 'vscode-high-contrast-light'), kind);
      await frame.waitForFunction((before) => document.documentElement.style.cssText !== before, colours);
      const violations = await axe(frame);
      for (const v of violations) report.push(`${name}: ${v.impact ?? '?'} ${v.id} (${v.help})\n    ${v.nodes.join('\n    ')}`);
      const file = path.join(wb.resultsDir, `panel-${name}.png`);
      await wb.page.locator('.part.sidebar').screenshot({ path: file });
      if (UPDATE && name.startsWith('high-contrast')) copyFileSync(file, path.join(MEDIA, `screenshot-panel-${name}.png`));
    }
    if (report.length > 0) console.log(`      axe-core found:\n      ${report.join('\n      ')}`);
    const serious = report.filter((line) => /^[\w-]+: (serious|critical) /.test(line));
    assert.deepEqual(serious, [], 'serious or critical violations');
  });
});
