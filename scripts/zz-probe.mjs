import { launchChromium, projectRoot, startSession } from './code-server.mjs';
const s = await startSession({ name: 'probe', files: { 'notes.md': '# Notes\n\nA red fox jumping over a lazy dog.\n\nSecond paragraph.\n', 'docs/readme.txt': 'hello\n' } });
const b = await launchChromium();
const page = b.page;
try {
  await page.goto(s.codeServer.workbenchUrl({ folder: s.dirs.workspace, extensionDevelopmentPath: projectRoot }));
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  console.log('explorer rows', await page.$$eval('.explorer-folders-view .monaco-list-row', (rows) => rows.map((r) => [r.getAttribute('aria-label'), r.getAttribute('aria-level'), r.getAttribute('aria-expanded'), r.textContent])));
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'docs' }).click();
  await page.waitForTimeout(500);
  console.log('explorer rows', await page.$$eval('.explorer-folders-view .monaco-list-row', (rows) => rows.map((r) => [r.getAttribute('aria-label'), r.getAttribute('aria-level'), r.getAttribute('aria-expanded'), r.textContent])));
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'notes.md' }).dblclick();
  await page.waitForSelector('.editor-instance .monaco-editor');
  console.log('tabs', await page.$$eval('.tabs-container .tab', (t) => t.map((x) => [x.getAttribute('aria-label'), x.getAttribute('data-resource-name'), x.className])));
  await page.locator('.editor-instance .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+F');
  await page.waitForSelector('.find-widget.visible', { timeout: 5000 });
  await page.keyboard.type('red fox jumping');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  console.log('status', await page.$$eval('.statusbar-item', (t) => t.map((x) => x.textContent).filter(Boolean)));
  await page.locator('.editor-instance .monaco-editor .selected-text').first().click({ button: 'right' }).catch((e) => console.log('no sel', e.message));
  await page.waitForTimeout(800);
  console.log('menu', await page.evaluate(() => {
    const items = [...document.querySelectorAll('.context-view .monaco-menu .action-item, .monaco-menu-container .action-item')].map((e) => [e.className, e.querySelector('.action-label')?.getAttribute('aria-label'), e.textContent]);
    const shadow = [...document.querySelectorAll('*')].filter((e) => e.shadowRoot).map((e) => e.className);
    return { items: items.slice(0, 30), shadow };
  }));
  await page.screenshot({ path: '/tmp/probe2.png' });
} finally {
  await b.close(); await s.stop();
}
