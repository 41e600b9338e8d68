// Imagesmith in VS Code with Japanese as its display language: the commands and menus from
// package.nls.ja.json, the notifications, the status bar and the panel's page from
// l10n/bundle.l10n.ja.json (the page gets the bundle from the host with its HTML), and a
// provider's failure worded by the core through @vscode/l10n from the same bundle.
// VS Code's own texts stay English: the language pack installed for the test carries no
// translations of VS Code itself (see test/fixtures/display-language).

import * as assert from 'node:assert/strict';
import { makePng } from '../fixtures/images';
import { clippedText, setSidebarWidth, sidebarScreenshot } from './support/narrowPanel';
import { heard, label, listenToLiveRegion, panel, setFault } from './support/panel';
import { useWorkbench, type Workbench } from './support/workbench';

const FILES = { 'art/plain.png': makePng(8, 8), 'notes.md': '# Notes\n' };

/** The palette's rows for a filter, by their labels. */
async function paletteLabels(wb: Workbench, filter: string): Promise<string[]> {
  await wb.page.keyboard.press('F1');
  const box = wb.quickInput.locator('.quick-input-filter input');
  await box.waitFor({ state: 'visible' });
  await box.fill(`>${filter}`);
  await wb.quickInput.locator('.quick-input-list .monaco-list-row').first().waitFor();
  const labels = await wb.quickInput.locator('.quick-input-list .monaco-list-row .label-name').allTextContents();
  await box.press('Escape');
  await wb.quickInput.waitFor({ state: 'hidden' });
  return labels.map((label) => label.trim());
}


describe('Imagesmith in Japanese', function () {
  this.timeout(120_000);
  const workbench = useWorkbench({ name: 'display-language', files: FILES, displayLanguage: 'ja', workspaceSettings: { 'imagesmith.openAfterGeneration': false } });

  it('lists its commands in Japanese', async () => {
    const wb = workbench();
    assert.equal(await wb.page.evaluate(() => (globalThis as { _VSCODE_NLS_LANGUAGE?: string })._VSCODE_NLS_LANGUAGE), 'ja', 'VS Code runs in Japanese');
    // One filter a title: the palette draws only the rows in view, and Imagesmith has more commands than fit.
    for (const title of ['Imagesmith: 画像を生成', 'Imagesmith: 画像ジェネレーターを開く', 'Imagesmith: API キーを設定…', 'Imagesmith: ログを表示']) {
      const labels = await paletteLabels(wb, title);
      assert.ok(labels.includes(title), `"${title}" is not in the palette: ${labels.join(' | ')}`);
    }
    await wb.screenshot('palette in Japanese');
  });

  it('says in Japanese, in the Explorer’s menu and a notification, that an image is not in the gallery', async () => {
    const wb = workbench();
    const items = await wb.explorerMenu('art/plain.png');
    for (const item of ['この設定を使用', 'Markdown リンクをコピー', 'Imagesmith ギャラリーで表示']) assert.ok(items.includes(item), `"${item}" is not in ${items.join(', ')}`);
    await wb.clickContextMenuItem('Imagesmith ギャラリーで表示');
    const notification = wb.notification(/ギャラリーには出力フォルダー \(assets\) の画像が表示されますが、art\/plain\.png はそこにありません。/);
    await notification.waitFor();
    assert.ok(await notification.getByRole('button', { name: '設定を開く' }).isVisible());
    await wb.screenshot('notification in Japanese');
  });

  it('shows a running generation in the status bar in Japanese', async () => {
    const wb = workbench();
    await setFault(wb.fixtureUrls.popcord, { fault: 'slow', ms: 5_000, times: 1 });
    await wb.runCommand('Imagesmith: 画像を生成');
    await wb.answerInput('a paper lantern');
    await wb.pickItem('PopCord');
    const item = wb.page.locator('.part.statusbar .statusbar-item', { hasText: /生成 1 件 · PopCord: / });
    await item.waitFor();
    assert.match(await item.innerText(), /PopCord: (開始しています|パラメーターを確認しています|プロンプトを送信しています)…/);
    await wb.screenshot('status bar in Japanese');
    await item.waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('asks, says what it saved and words a provider’s failure in Japanese', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: 画像を生成');
    await wb.answerInput('a paper crane', { expect: '生成する画像を説明してください' });
    await wb.quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'キー不要 · 既定' }).first().waitFor();
    await wb.pickItem('PopCord', { expect: 'プロバイダーを選択してください' });
    // A toast, or only a row of the notification centre when it came on the heels of others.
    const saved = await wb.shownNotification(/Imagesmith が assets\/\d{8}-\d{6}-a-paper-crane\.png を保存しました/, 30_000);
    for (const button of ['開く', 'エクスプローラーで表示', 'Markdown リンクをコピー']) assert.ok(await saved.getByRole('button', { name: button }).isVisible(), button);

    await setFault(wb.fixtureUrls.popcord, { fault: 'error-field' });
    try {
      await wb.runCommand('Imagesmith: 画像を生成');
      await wb.answerInput('a paper boat', { expect: '生成する画像を説明してください' });
      await wb.pickItem('PopCord', { expect: 'プロバイダーを選択してください' });
      const failed = await wb.shownNotification('PopCord でサーバー エラーが発生しました (HTTP 500: Internal generation error)。後でもう一度お試しください。', 30_000);
      for (const button of ['再試行', 'ログを表示']) assert.ok(await failed.getByRole('button', { name: button }).isVisible(), button);
      await wb.screenshot('provider failure in Japanese');
    } finally {
      await setFault(wb.fixtureUrls.popcord, null);
    }
  });

  it('shows the panel in Japanese: its labels, its buttons, an aria-label and what the live region says', async () => {
    const wb = workbench();
    const frame = await panel(wb);
    // The host's state has come (the kept draft with it) once the parameters are drawn.
    await frame.locator('.controls .field').first().waitFor();
    assert.equal(await frame.evaluate(() => document.documentElement.lang), 'ja');
    await label(frame, 'プロバイダー').waitFor();
    const prompt = label(frame, 'プロンプト');
    assert.equal(await prompt.getAttribute('placeholder'), '画像の内容を記述…');
    await frame.locator('summary', { hasText: 'パラメーター' }).waitFor();
    await frame.locator('h2.gallery-title', { hasText: /^ギャラリー/ }).waitFor();
    assert.equal(await frame.locator('section.generator').getAttribute('aria-label'), '画像の生成');
    assert.equal(await frame.locator('input.gallery-search').getAttribute('aria-label'), 'プロンプトで絞り込み');
    assert.equal(await frame.getByRole('button', { name: 'プロバイダーの設定を開く' }).count(), 1);
    const generate = frame.getByRole('button', { name: '生成', exact: true });

    // Generate with nothing to generate: the field says it, and so does the live region.
    await listenToLiveRegion(frame);
    await prompt.fill('');
    await generate.click();
    await heard(frame, /先にプロンプトを入力してください。/);
    await frame.locator('.field-error', { hasText: '画像に描く内容を入力してください。' }).waitFor();

    await label(frame, 'プロバイダー').selectOption('popcord');
    await prompt.fill('a paper lantern');
    await generate.click();
    await heard(frame, /PopCord が画像を保存しました。/);
    await frame.locator('li.job.saved .job-status', { hasText: /^保存しました: / }).waitFor();
    await wb.screenshot('panel in Japanese');
  });

  it('fits the panel in Japanese into a 300 px side bar', async () => {
    const wb = workbench();
    await wb.page.setViewportSize({ width: 1280, height: 1000 });
    const frame = await panel(wb);
    await frame.locator('.controls .field').first().waitFor();
    await setSidebarWidth(wb, 300);
    await label(frame, 'プロバイダー').selectOption('aithriving');
    await frame.getByRole('button', { name: 'API キーを設定…' }).waitFor();
    assert.deepEqual(await clippedText(frame), []);
    await sidebarScreenshot(wb, 'ja-300-aithriving');
  });
});
