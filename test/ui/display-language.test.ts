// Imagesmith in VS Code with Japanese as its display language: the commands and menus from
// package.nls.ja.json, the notifications and the status bar from l10n/bundle.l10n.ja.json.
// VS Code's own texts stay English: the language pack installed for the test carries no
// translations of VS Code itself (see test/fixtures/display-language).

import * as assert from 'node:assert/strict';
import { makePng } from '../fixtures/images';
import { setFault } from './support/panel';
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
    const labels = await paletteLabels(wb, 'Imagesmith');
    for (const title of ['Imagesmith: 画像を生成', 'Imagesmith: 画像ジェネレーターを開く', 'Imagesmith: API キーを設定…', 'Imagesmith: ログを表示']) {
      assert.ok(labels.includes(title), `"${title}" is not in the palette: ${labels.join(' | ')}`);
    }
    await wb.screenshot('palette in Japanese');
  });

  it('says in Japanese, in the Explorer’s menu and a notification, that an image is not in the gallery', async () => {
    const wb = workbench();
    const row = await wb.revealInExplorer('art/plain.png');
    await row.click({ button: 'right' });
    await wb.contextMenu.waitFor({ state: 'visible' });
    const items = await wb.contextMenuItems();
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
});
