import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { extensionHostLogLines, useWorkbench, type Workbench } from './support/workbench';

type Provider = 'popcord' | 'aithriving' | 'imagepipeline';

async function control(wb: Workbench, provider: Provider, action: string, body?: unknown): Promise<unknown> {
  const response = await fetch(new URL(`__control/${action}`, wb.fixtureUrls[provider]), {
    method: body === undefined && action === 'requests' ? 'GET' : 'POST',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  assert.ok(response.ok, `${action} on the ${provider} fixture answered ${response.status}`);
  const text = await response.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}

function assets(wb: Workbench): string[] {
  try {
    return readdirSync(path.join(wb.workspace, 'assets')).sort();
  } catch {
    return [];
  }
}

/** Waits until the assets folder holds a file it did not hold before, and returns its name. */
async function newAsset(wb: Workbench, before: readonly string[], pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const added = assets(wb).filter((name) => !before.includes(name) && pattern.test(name));
    if (added[0]) return added[0];
    if (Date.now() > deadline) throw new Error(`no new file matching ${pattern} in assets/ (has: ${assets(wb).join(', ')})`);
    await wb.page.waitForTimeout(200);
  }
}

describe('Generate Image from the command palette', function () {
  const workbench = useWorkbench({
    name: 'palette',
    files: { 'notes.md': '# Notes\n\nA red fox jumping over a lazy dog.\n' },
    workspaceSettings: { 'imagesmith.openAfterGeneration': true },
  });

  beforeEach(async () => {
    const wb = workbench();
    await Promise.all((['popcord', 'aithriving', 'imagepipeline'] as const).map((p) => control(wb, p, 'reset')));
    // Toasts of the test before stay on screen in a browser without focus and hide new ones.
    await wb.runCommand('Notifications: Clear All Notifications');
  });

  it('asks for the prompt and the provider, then shows the new file in the Explorer', async () => {
    const wb = workbench();
    const before = assets(wb);
    await wb.runCommand('Imagesmith: Generate Image');
    await wb.answerInput('A lighthouse on a cliff at dusk', { expect: 'Describe the image to generate' });
    await wb.quickInput.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible' });
    const names = ['PopCord', 'AIThriving', 'ImagePipeline'];
    const providers = (await wb.quickPickItems()).filter((label) => names.includes(label));
    assert.deepEqual(providers, ['PopCord', 'AIThriving', 'ImagePipeline'], 'the default provider comes first');
    await wb.pickItem('PopCord', { expect: 'Pick a provider' });
    const name = await newAsset(wb, before, /-a-lighthouse-on-a-cliff-at-dusk\.png$/);
    await wb.waitForNotification(/Imagesmith saved assets\//, 30_000);
    // Reading its settings, the generation made VS Code log nothing about them (it warns for each window-scoped setting read for a folder).
    assert.ok(extensionHostLogLines(wb.userDataDir, /ExtensionService#_doActivateExtension imagesmith\.imagesmith/).length > 0, 'the extension host log is where it is looked for');
    assert.deepEqual(extensionHostLogLines(wb.userDataDir, /\[imagesmith\.imagesmith\].*scoped configuration/), []);
    const row = await wb.revealInExplorer(`assets/${name}`);
    assert.ok(await row.isVisible());
    // The image opens in VS Code's own image preview.
    await wb.page.locator(`.tabs-container .tab[data-resource-name="${name}"]`).waitFor({ state: 'visible' });
    await wb.screenshot('generated from the palette');
  });

  it('prefills the last prompt and shows which providers need a key', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Generate Image');
    await wb.quickInput.waitFor({ state: 'visible' });
    const value = await wb.quickInput.locator('.quick-input-filter input').inputValue();
    assert.equal(value, 'A lighthouse on a cliff at dusk');
    await wb.page.keyboard.press('Enter');
    await wb.quickInput.locator('.monaco-list-row').first().waitFor({ state: 'visible' });
    const text = await wb.quickInput.innerText();
    assert.match(text, /PopCord[\s\S]*no key needed/);
    assert.match(text, /AIThriving[\s\S]*needs an API key \(not set\)/);
    await wb.cancelQuickInput();
  });

  it('asks for a missing key, stores it and carries on with the same prompt', async () => {
    const wb = workbench();
    const before = assets(wb);
    await wb.runCommand('Imagesmith: Generate Image');
    await wb.answerInput('An owl at night', { expect: 'Describe the image to generate' });
    await wb.pickItem('AIThriving', { expect: 'Pick a provider' });
    await wb.typeInInput('has a space', { expect: 'AIThriving API Key' });
    await wb.waitForQuickInputMessage('An API key has no spaces or line breaks.');
    assert.equal(await wb.quickInput.locator('.quick-input-filter input').getAttribute('type'), 'password');
    await wb.answerInput('ui-aithriving-key-31337', { expect: 'AIThriving API Key' });
    await newAsset(wb, before, /-an-owl-at-night\.png$/);
    const recorded = (await control(wb, 'aithriving', 'requests')) as { headers: Record<string, string>; json: { prompt: string } }[];
    assert.equal(recorded[0]?.headers['authorization'], 'ui-aithriving-key-31337');
    assert.equal(recorded[0]?.json.prompt, 'An owl at night');
  });

  it('cancels from the progress notification and leaves no file', async () => {
    const wb = workbench();
    await control(wb, 'popcord', 'fault', { fault: 'slow', ms: 30_000 });
    const before = assets(wb);
    await wb.runCommand('Imagesmith: Generate Image');
    await wb.answerInput('A very slow painting', { expect: 'Describe the image to generate' });
    await wb.pickItem('PopCord', { expect: 'Pick a provider' });
    // The progress shows as a toast, or only in the notification center when VS Code holds toasts back.
    const item = wb.page.locator('.notification-list-item').filter({ hasText: /Imagesmith: PopCord/ }).filter({ visible: true }).first();
    try {
      await item.waitFor({ state: 'visible', timeout: 5_000 });
    } catch {
      await wb.runCommand('Notifications: Show Notifications');
      await item.waitFor({ state: 'visible' });
    }
    await item.getByRole('button', { name: 'Cancel' }).click();
    await item.waitFor({ state: 'hidden' });
    // Logged once the generation has settled, its partial file (if any) removed.
    await wb.waitForLogLine(/popcord: cancelled/);
    assert.deepEqual(assets(wb), [...before], 'no image and no temporary file');
    const recorded = (await control(wb, 'popcord', 'requests')) as { path: string; clientAborted: boolean }[];
    assert.ok(recorded.some((r) => r.path === '/image/generate' && r.clientAborted), 'the request was really dropped');
  });

  it('generates from the editor context menu and inserts the link when asked', async () => {
    const wb = workbench();
    const before = assets(wb);
    await wb.openFile('notes.md');
    await wb.selectText('A red fox jumping over a lazy dog.');
    await wb.openEditorContextMenu();
    await wb.clickContextMenuItem('Generate Image from Selection');
    const name = await newAsset(wb, before, /-a-red-fox-jumping-over-a-lazy-dog\.png$/);
    // The person goes on writing before answering: a line above the selection moves its text down.
    await wb.page.locator('.tabs-container .tab[data-resource-name="notes.md"]').click();
    await wb.activeEditor.locator('.view-lines').click();
    await wb.page.keyboard.press('Control+Home');
    await wb.page.keyboard.type('Intro');
    await wb.page.keyboard.press('Enter');
    // One notification says what was saved and offers the link; no second one asks.
    const saved = await wb.shownNotification(new RegExp(`Imagesmith saved assets/${name.replace(/[.]/g, '\\.')}`));
    assert.deepEqual(await saved.locator('.notification-list-item-buttons-container .monaco-button').allTextContents(), ['Insert Link', 'Open', 'Reveal in Explorer', 'Export…']);
    await saved.getByRole('button', { name: 'Insert Link' }).click();
    const link = `![A red fox jumping over a lazy dog.](assets/${name})`;
    // Read across the editor's lines: a narrow editor wraps the link, and each piece is a line of its own on screen.
    await wb.page.waitForFunction(
      (text) => Array.from(document.querySelectorAll('.editor-instance .view-lines')).some((lines) => (lines.textContent ?? '').replace(/\u00a0/g, ' ').includes(text)),
      link,
    );
    await wb.screenshot('link inserted below the selection');
    // The document is only edited, not saved behind the person's back.
    assert.equal(readFileSync(path.join(wb.workspace, 'notes.md'), 'utf8'), '# Notes\n\nA red fox jumping over a lazy dog.\n');
    // Saved by the person: the link is on the line after the selection's text, where that text is now.
    await wb.page.locator('.tabs-container .tab[data-resource-name="notes.md"]').click();
    await wb.page.keyboard.press('Control+S');
    const file = path.join(wb.workspace, 'notes.md');
    for (const deadline = Date.now() + 10_000; !readFileSync(file, 'utf8').startsWith('Intro'); ) {
      if (Date.now() > deadline) throw new Error(`notes.md was not saved: ${readFileSync(file, 'utf8')}`);
      await wb.page.waitForTimeout(100);
    }
    assert.equal(readFileSync(file, 'utf8'), `Intro\n# Notes\n\nA red fox jumping over a lazy dog.\n${link}\n`);
  });
});
