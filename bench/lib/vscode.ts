/**
 * One code-server and one headless Chromium for the sections that need a real VS Code.
 * Each measurement loads the workbench afresh (a new window, so a new extension host);
 * the server, the browser and the user profile stay.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { harness } from './harness';

export interface WorkbenchTarget {
  readonly folder: string;
  readonly extensionDevelopmentPath: string;
  readonly extensionTestsPath?: string;
}

export interface VsCode {
  /** The current window's page; replaced by freshBrowserContext(). */
  readonly page: Page;
  readonly browserVersion: string;
  /** The profile every window of this session shares (global storage among it). */
  readonly userDataDir: string;
  /**
   * A new browser context (no cache, storage or service workers from earlier windows)
   * with a blank page; the next open() loads the workbench in it.
   */
  freshBrowserContext(): Promise<void>;
  /** Adds a script run in every frame of every page from now on, before the frame's own scripts. */
  addInitScript(content: string): Promise<void>;
  /** Makes a workspace folder under the session's temp folder, removed with it. */
  workspace(name: string, files?: Record<string, string | Uint8Array>): string;
  /**
   * Loads the workbench for `target` in the page, replacing the window before it, whose
   * extension host is stopped first.
   */
  open(target: WorkbenchTarget): Promise<void>;
  /** Waits until the workbench is laid out and a command with this palette title is listed. */
  waitForCommand(title: string, timeoutMs?: number): Promise<void>;
  /**
   * Opens the palette on `title` and runs it; resolves to the time (Date.now() in the
   * page) at which the workbench received the key press or click.
   */
  runCommandTimed(title: string): Promise<number>;
  screenshot(file: string): Promise<void>;
  stop(): Promise<void>;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Stops the extension hosts of code-server's closed windows. The server keeps a closed
 * window's extension host for hours, awaiting a reconnection, and it goes on with its work
 * (a gallery's thumbnails still queued, say) while the next window is measured. Linux's
 * /proc only: elsewhere they are left.
 */
async function stopExtensionHosts(serverPid: number): Promise<void> {
  if (!existsSync('/proc/self/stat')) return;
  const fields = (pid: string): string[] | undefined => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    } catch {
      return undefined;
    }
  };
  // State is field 3 of stat, the process group field 5 (counted from 1, the name being 2).
  const alive = (pid: string): boolean => {
    const state = fields(pid)?.[0];
    return state !== undefined && state !== 'Z' && state !== 'X';
  };
  const hosts = readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid) || Number(fields(pid)?.[2]) !== serverPid) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=extensionHost');
    } catch {
      return false;
    }
  });
  for (const pid of hosts) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  const deadline = Date.now() + 10_000;
  while (hosts.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

export async function startVsCode(name: string, logDir: string): Promise<VsCode> {
  const h = await harness();
  await h.provision({ quietWhenCached: true });
  const dirs = h.createSessionDirs({ name });
  const undo: (() => Promise<void> | void)[] = [() => dirs.remove()];
  const stop = async () => {
    for (const action of undo.splice(0).reverse()) await Promise.resolve(action()).catch(() => undefined);
  };
  try {
    mkdirSync(logDir, { recursive: true });
    const codeServer = await h.startCodeServer({ ...dirs, logFile: path.join(logDir, `${name}-code-server.log`) });
    undo.push(() => codeServer.stop());
    const chromium = await h.launchChromium();
    undo.push(() => chromium.close());
    const viewport = chromium.page.viewportSize() ?? { width: 1440, height: 900 };
    const initScripts: string[] = [];
    let context: BrowserContext = chromium.context;
    let page: Page = chromium.page;
    page.setDefaultTimeout(30_000);

    const quickInput = () => page.locator('.quick-input-widget').filter({ visible: true });
    const quickInputBox = () => quickInput().locator('.quick-input-filter input');
    const rowFor = (title: string) =>
      quickInput()
        .locator('.quick-input-list .monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) }) })
        .first();

    /** Opens the palette on `title` until its row shows (an extension registers a moment after the workbench appears). */
    const paletteOn = async (title: string, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await page.keyboard.press('F1');
        await quickInputBox().waitFor({ state: 'visible' });
        await quickInputBox().fill(`>${title}`);
        try {
          await rowFor(title).waitFor({ state: 'visible', timeout: 2_000 });
          return;
        } catch (error) {
          if (Date.now() > deadline) throw new Error(`no command "${title}" in the palette after ${timeoutMs / 1000} s`, { cause: error });
          await quickInputBox().press('Escape');
          await quickInput().waitFor({ state: 'hidden' });
          await page.waitForTimeout(500);
        }
      }
    };

    return {
      get page() {
        return page;
      },
      browserVersion: chromium.browser.version(),
      userDataDir: dirs.userDataDir,
      async freshBrowserContext() {
        const previous = context;
        context = await chromium.browser.newContext({ viewport });
        for (const content of initScripts) await context.addInitScript({ content });
        page = await context.newPage();
        page.setDefaultTimeout(30_000);
        await previous.close().catch(() => undefined);
      },
      async addInitScript(content) {
        initScripts.push(content);
        await context.addInitScript({ content });
      },
      workspace(folderName, files = {}) {
        const folder = path.join(dirs.root, 'workspaces', folderName);
        mkdirSync(folder, { recursive: true });
        for (const [relative, content] of Object.entries(files)) {
          mkdirSync(path.dirname(path.join(folder, relative)), { recursive: true });
          writeFileSync(path.join(folder, relative), content);
        }
        return folder;
      },
      async open(target) {
        await page.goto('about:blank');
        if (codeServer.pid !== undefined) await stopExtensionHosts(codeServer.pid);
        await page.goto(codeServer.workbenchUrl(target), { waitUntil: 'domcontentloaded' });
      },
      async waitForCommand(title, timeoutMs = 60_000) {
        await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
        await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: timeoutMs });
        await paletteOn(title, timeoutMs);
        await quickInputBox().press('Escape');
        await quickInput().waitFor({ state: 'hidden' });
      },
      async runCommandTimed(title) {
        await paletteOn(title, 30_000);
        // Enter runs the focused row; when a near match sits above this command, click it instead.
        const focused = quickInput().locator('.quick-input-list .monaco-list-row.focused .label-name').first();
        const label = ((await focused.textContent().catch(() => '')) ?? '').trim();
        await page.evaluate(`(() => {
          window.__benchKeyAt = 0;
          const mark = () => { if (!window.__benchKeyAt) window.__benchKeyAt = Date.now(); };
          window.addEventListener('keydown', (e) => { if (e.key === 'Enter') mark(); }, { capture: true });
          window.addEventListener('mousedown', mark, { capture: true });
        })()`);
        if (label === title) await page.keyboard.press('Enter');
        else await rowFor(title).click();
        const at = Number(await page.evaluate('window.__benchKeyAt'));
        if (!at) throw new Error('the workbench saw neither the Enter key nor the click');
        return at;
      },
      async screenshot(file) {
        await page.screenshot({ path: file }).catch(() => undefined);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
