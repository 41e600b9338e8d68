// Drives a real VS Code workbench (code-server in headless Chromium) for UI tests: the
// extension is loaded as under development, the providers point at the local fixture
// servers, and every step a person would take has a helper here.
//
// The selectors are VS Code's own class names (1.100); they are kept in this one file so
// that a VS Code upgrade that renames one is fixed once.

import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import type { ChromiumSession, FixtureUrls, Session, SessionOptions } from '../../../scripts/code-server.mjs' with { 'resolution-mode': 'import' };

export interface WorkbenchOptions {
  /** names the temp folders and test-results/ui/<name>/ */
  readonly name: string;
  /** files to create in the workspace before VS Code opens it, by relative path */
  readonly files?: Record<string, string | Uint8Array>;
  /** start the provider fixture servers and point the settings at them (default true) */
  readonly fixtures?: boolean;
  readonly workspaceSettings?: Record<string, unknown>;
  readonly userSettings?: Record<string, unknown>;
  /** extra environment for code-server and so for the extension host */
  readonly env?: Record<string, string>;
  /** open the workspace folder (default true); false opens an empty window */
  readonly openFolder?: boolean;
  /** keep VS Code's Workspace Trust on, so that a folder can open in Restricted Mode (default off) */
  readonly workspaceTrust?: boolean;
  /** VS Code's display language (de, ja, zh-cn) for the extension's translations; English when omitted */
  readonly displayLanguage?: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;
/** The status bar's bell, which opens and closes the notification centre. */
const NOTIFICATION_BELL = '.part.statusbar [id="status.notifications"] a, .part.statusbar [id="status.notifications"]';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An exact, whole-text match that tolerates surrounding whitespace. */
function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'step';
}

/** Runs in the workbench page: whether its workspace storage holds `text` in the value under `key`. */
async function storedValueHolds({ key, text }: { key: string; text: string }): Promise<boolean> {
  const name = (await indexedDB.databases()).map((db) => db.name).find((db) => db?.startsWith('vscode-web-state-db-') && db !== 'vscode-web-state-db-global');
  if (!name) return false;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const opening = indexedDB.open(name);
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(new Error(`cannot open ${name}: ${String(opening.error)}`));
  });
  try {
    const value = await new Promise<unknown>((resolve, reject) => {
      const reading = db.transaction('ItemTable').objectStore('ItemTable').get(key);
      reading.onsuccess = () => resolve(reading.result);
      reading.onerror = () => reject(new Error(`cannot read ${key}: ${String(reading.error)}`));
    });
    return typeof value === 'string' && value.includes(text);
  } finally {
    db.close();
  }
}

export class Workbench {
  private screenshotCount = 0;

  private constructor(
    readonly page: Page,
    private readonly session: Session,
    private readonly chromium: ChromiumSession,
    /** test-results/ui/<name>/: screenshots and the logs of code-server and the fixtures */
    readonly resultsDir: string,
    /** The display language the workbench was opened in; its palette shows the extension's titles in it. */
    readonly displayLanguage?: string,
  ) {}

  /** Starts fixture servers, code-server and Chromium, and opens the Extension Development Host. */
  static async open(options: WorkbenchOptions): Promise<Workbench> {
    const harness = await import('../../../scripts/code-server.mjs');
    const resultsDir = path.join(harness.resultsDir, 'ui', options.name);
    mkdirSync(resultsDir, { recursive: true });
    const sessionOptions: SessionOptions = { ...options, name: `ui-${options.name}`, logDir: resultsDir };
    const session = await harness.startSession(sessionOptions);
    let chromium: ChromiumSession | undefined;
    try {
      chromium = await harness.launchChromium();
      const workbench = new Workbench(chromium.page, session, chromium, resultsDir, options.displayLanguage);
      chromium.page.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
      await chromium.page.goto(
        session.codeServer.workbenchUrl({
          folder: options.openFolder === false ? undefined : session.dirs.workspace,
          extensionDevelopmentPath: harness.projectRoot,
        }),
        // The first load of the workbench is the slowest step of all; it gets the workbench's own limit.
        { timeout: 60_000 },
      );
      await workbench.waitForWorkbench();
      return workbench;
    } catch (error) {
      if (chromium) await chromium.page.screenshot({ path: path.join(resultsDir, 'open-failed.png') }).catch(() => undefined);
      session.keepVsCodeLogs();
      await chromium?.close();
      await session.stop();
      throw error;
    }
  }

  /** The workspace folder on disk. */
  get workspace(): string {
    return this.session.dirs.workspace;
  }

  /** code-server's user data folder: where the extension's global storage lives. */
  get userDataDir(): string {
    return this.session.dirs.userDataDir;
  }

  /** The fixture servers' base URLs, for their /__control/ endpoints. */
  get fixtureUrls(): FixtureUrls {
    if (!this.session.fixtureUrls) throw new Error('this workbench was opened with fixtures: false');
    return this.session.fixtureUrls;
  }

  /** Closes the browser and stops everything; keeps VS Code's logs when asked (after a failure). */
  async close({ keepLogs = false }: { keepLogs?: boolean } = {}): Promise<void> {
    if (keepLogs) this.session.keepVsCodeLogs();
    await this.chromium.close();
    await this.session.stop();
  }

  /** Waits until the workbench is laid out and the extension host is up. */
  async waitForWorkbench(timeoutMs = 60_000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    // The status bar's remote indicator appears once the remote connection (and so the
    // extension host) is established; commands run before that can go missing.
    await this.page.locator('.statusbar-item[id="status.host"], #status\\.host').first().waitFor({ state: 'attached', timeout: timeoutMs }).catch(() => undefined);
    await this.page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.waitForExtension(timeoutMs);
  }

  /**
   * The extension under development is loaded a moment after the workbench appears; its
   * menus and commands are missing until then. Its commands showing in the palette says
   * it is there.
   */
  private async waitForExtension(timeoutMs: number): Promise<void> {
    await this.runCommandRow(this.commandTitle('showLog'), timeoutMs);
    await this.quickInputBox.press('Escape');
    await this.quickInput.waitFor({ state: 'hidden' });
  }

  /** A command's palette title ("Imagesmith: Show Log") in the display language, from the extension's package.nls files. */
  commandTitle(command: string): string {
    const root = path.join(__dirname, '..', '..', '..');
    const file = this.displayLanguage ? `package.nls.${this.displayLanguage}.json` : 'package.nls.json';
    const nls = JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;
    return `${nls['command.category'] ?? 'Imagesmith'}: ${nls[`command.${command}.title`] ?? command}`;
  }

  /** Saves a PNG of the page in resultsDir, numbered in the order taken; returns its path. */
  async screenshot(name: string): Promise<string> {
    this.screenshotCount += 1;
    const file = path.join(this.resultsDir, `${String(this.screenshotCount).padStart(2, '0')}-${slug(name)}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  // ── Quick input: the command palette, input boxes and quick picks ─────────────────

  /** The quick input widget (palette, showInputBox, showQuickPick), when shown. */
  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget').filter({ visible: true });
  }

  private get quickInputBox(): Locator {
    return this.quickInput.locator('.quick-input-filter input');
  }

  /**
   * Runs a command by its palette title, for example `Imagesmith: Show Log`. The palette
   * lists what is known when it opens, and the extension under development registers
   * its contributions a moment after the workbench appears, so it is reopened until the
   * command shows up.
   */
  async runCommand(title: string, { timeoutMs = 30_000 }: { timeoutMs?: number } = {}): Promise<void> {
    await (await this.runCommandRow(title, timeoutMs)).click();
  }

  /** Opens the palette on `title` and returns its row once listed, reopening until it is. */
  private async runCommandRow(title: string, timeoutMs: number): Promise<Locator> {
    // Rows are labelled "<title>" or "<title>, <annotation>" (recently used, similar commands).
    const row = this.quickInput
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(title) }) })
      .first();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // A window still restoring its views can close the palette it has just opened, so
      // opening it is retried as well as the listing.
      try {
        await this.page.keyboard.press('F1');
        await this.quickInputBox.waitFor({ state: 'visible', timeout: 5_000 });
        await this.quickInputBox.fill(`>${title}`, { timeout: 5_000 });
        await row.waitFor({ state: 'visible', timeout: 2_000 });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`no command "${title}" in the palette after ${timeoutMs / 1000}s`, { cause: error });
        if (await this.quickInput.isVisible()) {
          await this.quickInputBox.press('Escape');
          await this.quickInput.waitFor({ state: 'hidden' });
        }
        await this.page.waitForTimeout(500);
      }
    }
    return row;
  }

  /** VS Code's modal dialog (its own, drawn in the page), once it shows. */
  async dialog(): Promise<{ message: string; detail: string; buttons: string[] }> {
    const box = this.page.locator('.monaco-dialog-box');
    await box.waitFor({ state: 'visible' });
    return {
      message: (await box.locator('.dialog-message-text').textContent()) ?? '',
      detail: (await box.locator('.dialog-message-detail').textContent()) ?? '',
      buttons: (await box.locator('.dialog-buttons .monaco-button').allTextContents()).map((text) => text.trim()),
    };
  }

  /** Presses a button of the modal dialog and waits for it to close. */
  async answerDialog(button: string): Promise<void> {
    const box = this.page.locator('.monaco-dialog-box');
    await box.locator('.dialog-buttons .monaco-button').filter({ hasText: exactly(button) }).click();
    await box.waitFor({ state: 'hidden' });
  }

  /** Whether a modal dialog is on screen now. */
  async dialogShown(): Promise<boolean> {
    return this.page.locator('.monaco-dialog-box').isVisible();
  }

  /**
   * Waits for an input box (not the palette) and answers it with Enter. `expect` is matched
   * against its title, prompt and placeholder, to be sure the right question is answered.
   */
  async answerInput(text: string, { expect }: { expect?: string | RegExp } = {}): Promise<void> {
    await this.waitForQuestion(expect);
    await this.quickInputBox.fill(text);
    await this.quickInputBox.press('Enter');
  }

  /** Types into an input box without accepting it, to see how it validates the text. */
  async typeInInput(text: string, { expect }: { expect?: string | RegExp } = {}): Promise<void> {
    await this.waitForQuestion(expect);
    await this.quickInputBox.fill(text);
  }

  /** Picks an item of a quick pick by its label (exact), typing it in the filter if needed. */
  async pickItem(label: string, { expect }: { expect?: string | RegExp } = {}): Promise<void> {
    await this.waitForQuestion(expect);
    const row = this.quickPickRow(label);
    if (!(await row.isVisible())) await this.quickInputBox.fill(label);
    await row.waitFor({ state: 'visible' });
    await row.click();
  }

  /** The labels of the quick pick's visible items. */
  async quickPickItems(): Promise<string[]> {
    await this.quickInput.waitFor({ state: 'visible' });
    const labels = await this.quickInput.locator('.quick-input-list .monaco-list-row .label-name').allTextContents();
    return labels.map((label) => label.trim());
  }

  /** The message under the input: the prompt, or the validation error once there is one. */
  async quickInputMessage(): Promise<string> {
    return ((await this.quickInput.locator('.quick-input-message').innerText()) ?? '').trim();
  }

  /** Waits until the message under the input matches, e.g. a validation error. */
  async waitForQuickInputMessage(expected: string | RegExp): Promise<void> {
    await this.quickInput.locator('.quick-input-message').filter({ hasText: expected }).waitFor({ state: 'visible' });
  }

  /** Closes the quick input as Escape does (the extension sees `undefined`). */
  async cancelQuickInput(): Promise<void> {
    await this.quickInputBox.press('Escape');
    await this.quickInput.waitFor({ state: 'hidden' });
  }

  private quickPickRow(label: string): Locator {
    return this.quickInput
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) })
      .first();
  }

  private async waitForQuestion(expect: string | RegExp | undefined): Promise<void> {
    await this.quickInputBox.waitFor({ state: 'visible' });
    // Right after a palette command runs, the palette itself may still be on screen.
    await this.page.waitForFunction(() => {
      const widget = Array.from(document.querySelectorAll<HTMLElement>('.quick-input-widget')).find((w) => w.style.display !== 'none');
      const input = widget?.querySelector<HTMLInputElement>('.quick-input-filter input');
      return input !== null && input !== undefined && !input.value.startsWith('>');
    });
    if (expect === undefined) return;
    // Title, prompt and placeholder: what the extension passed to showInputBox/showQuickPick.
    const pattern = typeof expect === 'string' ? { source: escapeRegExp(expect), flags: '' } : { source: expect.source, flags: expect.flags };
    await this.page.waitForFunction(({ source, flags }) => {
      const widget = Array.from(document.querySelectorAll<HTMLElement>('.quick-input-widget')).find((w) => w.style.display !== 'none');
      if (!widget) return false;
      const input = widget.querySelector<HTMLInputElement>('.quick-input-filter input');
      return new RegExp(source, flags).test(`${widget.innerText}\n${input?.placeholder ?? ''}\n${input?.getAttribute('aria-label') ?? ''}`);
    }, pattern);
  }

  // ── Explorer ──────────────────────────────────────────────────────────────────────

  /** Shows the Explorer view in the side bar. */
  async showExplorer(): Promise<void> {
    const view = this.page.locator('.explorer-folders-view');
    if (await view.isVisible()) return;
    await this.page.locator('.part.activitybar .action-item a[aria-label^="Explorer"]').click();
    await view.waitFor({ state: 'visible' });
  }

  /** Opens the Explorer's right-click menu on a workspace file; resolves to the menu's items. */
  async explorerMenu(relativePath: string): Promise<string[]> {
    const row = await this.revealInExplorer(relativePath);
    await row.click({ button: 'right' });
    await this.contextMenu.waitFor({ state: 'visible' });
    return this.contextMenuItems();
  }

  /**
   * The Explorer row of a workspace file or folder, given by its path relative to the
   * workspace ('docs/readme.txt'); folders on the way are expanded.
   */
  async revealInExplorer(relativePath: string): Promise<Locator> {
    await this.showExplorer();
    const segments = relativePath.split(/[\\/]/).filter(Boolean);
    let row: Locator | undefined;
    for (const [index, segment] of segments.entries()) {
      row = this.page
        .locator(`.explorer-folders-view .monaco-list-row[aria-level="${index + 1}"]`)
        .filter({ has: this.page.locator('.label-name', { hasText: exactly(segment) }) })
        .first();
      await row.waitFor({ state: 'visible' });
      if (index < segments.length - 1) await this.expand(row);
    }
    if (!row) throw new Error('revealInExplorer needs a path');
    return row;
  }

  /**
   * Expands a folder row. VS Code may expand it on its own at any moment (revealing a file
   * that was just opened), so a click could collapse it again: check, click, check again.
   */
  private async expand(row: Locator): Promise<void> {
    const deadline = Date.now() + DEFAULT_TIMEOUT_MS;
    while ((await row.getAttribute('aria-expanded')) !== 'true') {
      if (Date.now() > deadline) throw new Error(`the Explorer folder ${await row.getAttribute('aria-label')} does not expand`);
      await row.click();
      await this.page.waitForTimeout(300);
    }
  }

  // ── Editors ───────────────────────────────────────────────────────────────────────

  /** The text editor of the active editor group. */
  get activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /** Opens a workspace file from the Explorer and waits for its editor to be active. */
  async openFile(relativePath: string): Promise<void> {
    const name = path.basename(relativePath);
    const opened = this.page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`);
    const deadline = Date.now() + DEFAULT_TIMEOUT_MS;
    for (;;) {
      const row = await this.revealInExplorer(relativePath);
      await row.dblclick();
      try {
        await opened.waitFor({ state: 'visible', timeout: 5_000 });
        break;
      } catch (error) {
        // The Explorer can re-render between the two clicks (a file an earlier test made
        // appears): the second click then opens the row below. The row is found again.
        if (Date.now() > deadline) throw error;
      }
    }
    await this.activeEditor.locator('.view-lines').waitFor({ state: 'visible' });
  }

  /**
   * Selects the given text (its `occurrence`-th match from the top) in the active editor,
   * through the Find widget, which leaves the match selected once closed.
   */
  async selectText(text: string, { occurrence = 1 }: { occurrence?: number } = {}): Promise<void> {
    await this.activeEditor.locator('.view-lines').click();
    await this.page.keyboard.press('Control+Home');
    await this.page.keyboard.press('Control+F');
    const findInput = this.page.locator('.find-widget.visible .monaco-findInput').locator('textarea, input').first();
    await findInput.waitFor({ state: 'visible' });
    await findInput.fill(text);
    await this.page.locator('.find-widget.visible .matchesCount').filter({ hasNotText: /No results/ }).waitFor();
    for (let i = 1; i < occurrence; i++) await findInput.press('Enter');
    await findInput.press('Escape');
    await this.activeEditor.locator('.selected-text').first().waitFor({ state: 'attached' });
  }

  /** The text of the status bar item that reports the selection, e.g. "Ln 3, Col 18 (15 selected)". */
  async cursorStatus(): Promise<string> {
    return ((await this.page.locator('#status\\.editor\\.selection').textContent()) ?? '').trim();
  }

  /** Opens the editor's context menu over the selection (or the cursor). */
  async openEditorContextMenu(): Promise<void> {
    const selection = this.activeEditor.locator('.selected-text').first();
    const target = (await selection.count()) > 0 ? selection : this.activeEditor.locator('.cursor').first();
    const box = await target.boundingBox();
    if (!box) throw new Error('nothing to right-click in the active editor');
    // A right-click through mouse coordinates: the selection layer lies under the text.
    await this.page.mouse.click(box.x + Math.min(box.width / 2, 20), box.y + box.height / 2, { button: 'right' });
    await this.contextMenu.waitFor({ state: 'visible' });
  }

  /** The open context menu (VS Code draws it in a shadow root; playwright's CSS pierces it). */
  get contextMenu(): Locator {
    return this.page.locator('.monaco-menu-container .monaco-menu').filter({ visible: true }).first();
  }

  /** The labels of the open context menu's items. */
  async contextMenuItems(): Promise<string[]> {
    const labels = await this.contextMenu.locator('.action-item .action-label:not(.separator)').allTextContents();
    return labels.map((label) => label.trim()).filter(Boolean);
  }

  /** Clicks an item of the open context menu by its label. */
  async clickContextMenuItem(label: string): Promise<void> {
    // Language features add items while the menu is open; a click during that re-layout is
    // lost, so click until the menu closes.
    for (let attempt = 1; ; attempt++) {
      await this.contextMenu.locator('.action-item .action-label', { hasText: exactly(label) }).first().click();
      try {
        await this.page.locator('.monaco-menu-container .monaco-menu').filter({ visible: true }).first().waitFor({ state: 'hidden', timeout: 2_000 });
        return;
      } catch (error) {
        if (attempt >= 3) throw new Error(`the context menu stays open after clicking "${label}"`, { cause: error });
      }
    }
  }

  // ── Panel, notifications ──────────────────────────────────────────────────────────

  /** The name of the output channel the Output view shows, or undefined when it is not shown. */
  async shownOutputChannel(): Promise<string | undefined> {
    const panel = this.page.locator('.part.panel');
    if (!(await panel.isVisible())) return undefined;
    const outputTab = panel.locator('.composite-bar .action-item.checked', { hasText: /^\s*Output\s*$/i });
    if ((await outputTab.count()) === 0) return undefined;
    const select = panel.locator('select.monaco-select-box').filter({ visible: true }).first();
    return (await select.inputValue()).trim();
  }

  /** Waits until the extension's own log (as VS Code writes it to disk) has a line matching `pattern`. */
  async waitForLogLine(pattern: RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = imagesmithLogTail(this.userDataDir, 200).find((text) => pattern.test(text));
      if (line) return line;
      if (Date.now() > deadline) throw new Error(`no line matching ${pattern} in Imagesmith's log after ${timeoutMs / 1000}s`);
      await this.page.waitForTimeout(200);
    }
  }

  /**
   * Waits until the window's workspace storage, where a reloaded window reads it back from
   * (code-server keeps it in the page's IndexedDB), holds `text` under `key`: the extension's
   * workspaceState is under its id, a webview view's own state under `memento/webviewView.<view id>`.
   */
  async waitForWorkspaceState(key: string, text: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // page.evaluate awaits the page's promise; waitForFunction would take the promise itself as truthy.
    while (!(await this.page.evaluate(storedValueHolds, { key, text }))) {
      if (Date.now() > deadline) throw new Error(`the workspace storage has no ${JSON.stringify(text)} under ${key} after ${timeoutMs / 1000}s`);
      await this.page.waitForTimeout(100);
    }
  }

  /** Waits until the Output view shows the named channel. */
  async waitForOutputChannel(name: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let shown: string | undefined;
    while (Date.now() < deadline) {
      shown = await this.shownOutputChannel();
      if (shown === name) return;
      await this.page.waitForTimeout(200);
    }
    throw new Error(`the Output view shows ${shown === undefined ? 'nothing' : `"${shown}"`}, not "${name}"`);
  }

  /**
   * The visible text of the Output view. The view draws its lines a moment after it is
   * shown, so with `until` this waits (up to the timeout) for text that matches it, and
   * returns what is there either way for the caller to judge.
   */
  async outputText(until?: RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lines = await this.page.locator('.part.panel .output-view .view-lines .view-line').allTextContents();
      const text = lines.map((line) => line.replace(/\u00a0/g, ' ')).join('\n');
      if (!until || until.test(text) || Date.now() >= deadline) return text;
      await this.page.waitForTimeout(200);
    }
  }

  /** Notification toasts on screen, by message text. */
  notification(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast').filter({ hasText: text });
  }

  /**
   * Waits until a notification matching `text` has been shown, as a toast or only in the
   * notification centre: VS Code shows no toast for a notification that comes within 800 ms
   * of three others (a generation's progress, "saved", an export's progress), and a test acts
   * far quicker than a person between them.
   */
  async waitForNotification(text: string | RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // The toast, as a rule; the centre is opened only when no toast came, as that takes the focus and Escape to close.
    const toasted = await this.notification(text)
      .first()
      .waitFor({ state: 'visible', timeout: Math.min(timeoutMs, 10_000) })
      .then(
        () => true,
        () => false,
      );
    if (toasted) return;
    const listed = this.centreRow(text);
    for (;;) {
      if (await this.notification(text).first().isVisible()) return;
      await this.page.locator(NOTIFICATION_BELL).first().click();
      const found = await listed.first().waitFor({ state: 'visible', timeout: 2_000 }).then(
        () => true,
        () => false,
      );
      await this.page.keyboard.press('Escape');
      await this.page.locator('.notifications-center.visible').waitFor({ state: 'hidden' });
      if (found) return;
      if (Date.now() > deadline) throw new Error(`no notification says ${String(text)}, as a toast or in the notification centre, after ${timeoutMs / 1000}s`);
      await this.notification(text).first().waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
    }
  }

  /**
   * The notification matching `text`, to click its buttons: its toast, or (when VS Code
   * showed no toast for it) its row in the notification centre, which is left open.
   */
  async shownNotification(text: string | RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Locator> {
    await this.waitForNotification(text, timeoutMs);
    const toast = this.notification(text).first();
    if (await toast.isVisible()) return toast;
    await this.page.locator(NOTIFICATION_BELL).first().click();
    const listed = this.centreRow(text).first();
    await listed.waitFor({ state: 'visible' });
    return listed;
  }

  /** The notification centre's rows matching `text`. */
  private centreRow(text: string | RegExp): Locator {
    return this.page.locator('.notifications-center .notification-list-item').filter({ hasText: text });
  }

  /** The messages of the notification toasts on screen. */
  async notificationMessages(): Promise<string[]> {
    const messages = await this.page.locator('.notifications-toasts .notification-list-item-message').allTextContents();
    return messages.map((message) => message.trim());
  }

  // ── Webviews ──────────────────────────────────────────────────────────────────────

  /**
   * The frame of a webview (an iframe inside the webview's iframe) that holds `selector`,
   * for example the sidebar's prompt box.
   */
  async webviewFrame(selector: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        const found = await frame.locator(selector).count().catch(() => 0);
        if (found > 0) return frame;
      }
      if (Date.now() > deadline) throw new Error(`no webview frame holds ${selector} after ${timeoutMs / 1000}s`);
      await this.page.waitForTimeout(250);
    }
  }
}

/** The lines of each log file VS Code wrote for the window whose path matches `file`; none before it has written any. */
function logFiles(userDataDir: string, file: RegExp): string[][] {
  const logs = path.join(userDataDir, 'logs');
  let names: string[];
  try {
    names = readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((name) => file.test(name));
  } catch {
    return [];
  }
  return names.map((name) => readFileSync(path.join(logs, name), 'utf8').trimEnd().split('\n').filter(Boolean));
}

/** The lines of the extension host's own log (VS Code's, not Imagesmith's) that match `pattern`. */
export function extensionHostLogLines(userDataDir: string, pattern: RegExp): string[] {
  return logFiles(userDataDir, /exthost\.log$/i).flatMap((lines) => lines.filter((line) => pattern.test(line)));
}

/** The last lines of the extension's own log (its output channel, as VS Code writes it to disk). */
function imagesmithLogTail(userDataDir: string, lines: number): string[] {
  return logFiles(userDataDir, /imagesmith[^/\\]*\.log$/i).flatMap((file) => file.slice(-lines));
}

/**
 * Opens one workbench for the enclosing mocha `describe` and closes it after; a failed
 * test leaves a screenshot (and VS Code's logs) in test-results/ui/<name>/.
 *
 *   describe('…', function () {
 *     const workbench = useWorkbench({ name: 'show-log' });
 *     it('…', async () => { await workbench().runCommand('Imagesmith: Show Log'); });
 *   });
 */
export function useWorkbench(options: WorkbenchOptions): () => Workbench {
  let current: Workbench | undefined;
  let failed = false;

  before(async function () {
    this.timeout(120_000);
    current = await Workbench.open(options);
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (current && test?.state === 'failed') {
      failed = true;
      const file = await current.screenshot(`failed-${test.title}`).catch(() => undefined);
      if (file) console.log(`      screenshot: ${path.relative(process.cwd(), file)}`);
      // What a person would have seen and what the extension did, where only the console output is kept.
      const toasts = await current.notificationMessages().catch(() => []);
      console.log(`      notifications on screen: ${toasts.length ? toasts.map((m) => JSON.stringify(m)).join(', ') : 'none'}`);
      for (const line of imagesmithLogTail(current.userDataDir, 25)) console.log(`      log | ${line}`);
    }
  });

  after(async function () {
    this.timeout(30_000);
    await current?.close({ keepLogs: failed });
    current = undefined;
  });

  return () => {
    if (!current) throw new Error('the workbench is not open (did its before hook fail?)');
    return current;
  };
}
