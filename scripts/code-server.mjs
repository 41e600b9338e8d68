// A real VS Code for tests: code-server (see provision-vscode.mjs) on a free loopback port,
// with throwaway user data, extensions and workspace folders, driven by Debian's Chromium.
// Shared by the integration runner, the desktop runner and the UI tests (typed in
// code-server.d.mts).

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killGroupNow, onEmergency, removeDirNow, stopGroup } from './lib/cleanup.mjs';
import { startFixtureServers } from './lib/fixtures.mjs';
import { HarnessError } from './lib/harness-error.mjs';
import { CHROMIUM_PATH, cacheDir, provision } from './provision-vscode.mjs';

export { startFixtureServers } from './lib/fixtures.mjs';
export { HarnessError, explain } from './lib/harness-error.mjs';
export { provision } from './provision-vscode.mjs';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const resultsDir = join(projectRoot, 'test-results');
const codeServerEntry = join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Settings that keep a fresh profile quiet: no welcome page, tips, prompts or phoning home. */
export const QUIET_USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'npm.autoDetect': 'off',
  'typescript.tsserver.experimental.enableProjectDiagnostics': false,
  'chat.commandCenter.enabled': false,
  'window.restoreWindows': 'none',
  'editor.stickyScroll.enabled': false,
  'editor.minimap.enabled': false,
  'editor.lightbulb.enabled': 'off',
  'files.hotExit': 'off',
};

/** @typedef {import('./lib/fixtures.mjs').FixtureUrls} FixtureUrls */

/**
 * The settings that send every provider to its local fixture server.
 * @param {FixtureUrls} urls
 */
export function providerSettings(urls) {
  return {
    'imagesmith.providers.popcord.baseUrl': urls.popcord,
    'imagesmith.providers.aithriving.baseUrl': urls.aithriving,
    'imagesmith.providers.imagepipeline.baseUrl': urls.imagepipeline,
    'imagesmith.providers.openai.baseUrl': urls.openai,
    'imagesmith.providers.stability.baseUrl': urls.stability,
    'imagesmith.providers.automatic1111.baseUrl': urls.automatic1111,
    'imagesmith.providers.comfyui.baseUrl': urls.comfyui,
  };
}

/**
 * @param {string} file
 * @param {Record<string, unknown>} settings
 */
function writeJson(file, settings) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}

/**
 * Fresh folders for one VS Code session under the system temp folder: workspace,
 * user data (with quiet user settings) and extensions. Removed by `remove()`, or at exit.
 * @param {{ name?: string, workspaceSettings?: Record<string, unknown>, userSettings?: Record<string, unknown>, files?: Record<string, string | Uint8Array> }} [options]
 */
export function createSessionDirs(options = {}) {
  const root = mkdtempSync(join(tmpdir(), `imagesmith-${options.name ?? 'test'}-`));
  const forget = onEmergency(() => removeDirNow(root));
  const workspace = join(root, 'workspace');
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  for (const dir of [workspace, userDataDir, extensionsDir]) mkdirSync(dir, { recursive: true });
  writeJson(join(userDataDir, 'User', 'settings.json'), { ...QUIET_USER_SETTINGS, ...options.userSettings });
  if (options.workspaceSettings) writeJson(join(workspace, '.vscode', 'settings.json'), options.workspaceSettings);
  for (const [relativePath, content] of Object.entries(options.files ?? {})) {
    const file = join(workspace, relativePath);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return {
    root,
    workspace,
    userDataDir,
    extensionsDir,
    remove() {
      removeDirNow(root);
      forget();
    },
  };
}

/** @returns {Promise<number>} */
export function findFreePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

/**
 * Variables a surrounding VS Code (an integrated terminal, a debug session) sets would make
 * code-server hand its folder to that VS Code instead of serving it.
 * @param {NodeJS.ProcessEnv} env
 */
function withoutOuterVsCode(env) {
  const clean = { ...env };
  for (const key of Object.keys(clean)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete clean[key];
  }
  return clean;
}

/**
 * Installs test/fixtures/display-language, a language pack with no translations of VS Code
 * itself, and records it where VS Code looks for language packs, so that `--locale` makes
 * the display language that language: VS Code's own texts stay English (real language
 * packs cannot be downloaded here) and extensions load their own translations for it.
 * @param {{ userDataDir: string, extensionsDir: string }} dirs
 * @param {string} language
 */
function installDisplayLanguage({ userDataDir, extensionsDir }, language) {
  const source = join(projectRoot, 'test', 'fixtures', 'display-language');
  const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}`;
  const target = join(extensionsDir, `${id}-${manifest.version}`);
  cpSync(source, target, { recursive: true });
  const translations = join(target, 'translations', 'main.i18n.json');
  writeJson(join(userDataDir, 'languagepacks.json'), {
    [language]: {
      hash: createHash('md5').update(`${id}@${manifest.version}/${language}`).digest('hex'),
      extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
      translations: { vscode: translations },
      label: language,
    },
  });
}

/**
 * Starts code-server and resolves once it answers HTTP.
 * `workspaceTrust` keeps VS Code's Workspace Trust on (it is off by default, so that tests open trusted folders).
 * @param {{ workspace: string, userDataDir: string, extensionsDir: string, env?: Record<string, string>, logFile?: string, timeoutMs?: number, port?: number, workspaceTrust?: boolean, displayLanguage?: string }} options
 */
export async function startCodeServer({ workspace, userDataDir, extensionsDir, env = {}, logFile, timeoutMs = 60_000, port: wanted, workspaceTrust = false, displayLanguage }) {
  const port = wanted ?? (await findFreePort());
  // An explicit config keeps code-server from writing a password into ~/.config.
  const configFile = join(dirname(userDataDir), 'code-server.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const args = [
    codeServerEntry,
    '--config', configFile,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...(displayLanguage ? ['--locale', displayLanguage] : []),
    workspace,
  ];
  if (displayLanguage) installDisplayLanguage({ userDataDir, extensionsDir }, displayLanguage);
  const child = spawn(process.execPath, args, {
    cwd: workspace,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...withoutOuterVsCode(process.env), XDG_DATA_HOME: join(dirname(userDataDir), 'xdg-data'), ...env },
  });
  const forget = onEmergency(() => killGroupNow(child.pid));
  const log = logFile ? createWriteStream(logFile) : undefined;
  /** @type {string[]} */
  const recent = [];
  /** @param {Buffer} chunk */
  const capture = (chunk) => {
    log?.write(chunk);
    recent.push(...chunk.toString().split('\n').filter(Boolean));
    recent.splice(0, Math.max(0, recent.length - 20));
  };
  child.stdout.on('data', capture);
  child.stderr.on('data', capture);

  const url = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    await stopGroup(child);
    forget();
    log?.end();
  };

  /** @type {string | undefined} */
  let exitedWith;
  child.once('exit', (code, signal) => {
    exitedWith = signal ?? `exit ${code}`;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitedWith !== undefined) {
      await stop();
      throw new HarnessError(`code-server exited (${exitedWith}) while starting:\n${recent.join('\n')}`);
    }
    try {
      const response = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new HarnessError(`code-server did not answer on ${url} within ${timeoutMs / 1000}s:\n${recent.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    url,
    port,
    pid: child.pid,
    /** @param {() => void} listener */
    onExit(listener) {
      if (exitedWith !== undefined) listener();
      else child.once('exit', listener);
    },
    /** @returns {string | undefined} */
    exitStatus: () => exitedWith,
    recentOutput: () => recent.join('\n'),
    /**
     * The workbench URL; with `extensionDevelopmentPath` it is an Extension Development
     * Host, and with `extensionTestsPath` too the extension host runs that test module.
     * @param {{ folder: string, extensionDevelopmentPath?: string, extensionTestsPath?: string }} target
     */
    workbenchUrl({ folder, extensionDevelopmentPath, extensionTestsPath }) {
      const remote = (/** @type {string} */ path) => `vscode-remote://127.0.0.1:${port}${path}`;
      /** @type {[string, string][]} */
      const payload = [];
      if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
      if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
      // No folder: an empty window, as VS Code opens when nothing was open.
      const query = folder ? `?folder=${encodeURI(folder)}` : '?ew=true';
      return `${url}${query}${payload.length > 0 ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
    },
    stop,
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Debian's Chromium, headless unless IMAGESMITH_HEADED=1 (for watching a UI test on a desktop).
 * @param {{ viewport?: { width: number, height: number } }} [options]
 */
export async function launchChromium(options = {}) {
  const { chromium } = await import('playwright-core');
  // Signals are left to lib/cleanup.mjs, which stops code-server too; playwright still
  // kills the browser on exit.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: process.env.IMAGESMITH_HEADED !== '1',
    args: CHROMIUM_ARGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 } });
  const page = await context.newPage();
  return {
    browser,
    context,
    page,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}

/**
 * Everything a test needs around VS Code, started in order and stopped in reverse:
 * fixture servers, folders with user settings pointing at them, code-server.
 * @param {{ name: string, fixtures?: boolean, env?: Record<string, string>, workspaceSettings?: Record<string, unknown>, userSettings?: Record<string, unknown>, files?: Record<string, string | Uint8Array>, logDir?: string, workspaceTrust?: boolean, displayLanguage?: string }} options
 */
export async function startSession(options) {
  /** @type {(() => Promise<void> | void)[]} */
  const undo = [];
  const stop = async () => {
    for (const action of undo.splice(0).reverse()) {
      try {
        await action();
      } catch (error) {
        console.error('cleanup failed:', error);
      }
    }
  };
  try {
    const logDir = options.logDir ?? join(resultsDir, options.name);
    mkdirSync(logDir, { recursive: true });
    await provision();

    /** @type {FixtureUrls | undefined} */
    let fixtureUrls;
    if (options.fixtures !== false) {
      const fixtures = await startFixtureServers({ projectRoot, logFile: join(logDir, 'fixtures.log') });
      undo.push(fixtures.stop);
      fixtureUrls = fixtures.urls;
    }
    const dirs = createSessionDirs({
      name: options.name,
      files: options.files,
      // The person's own settings: a provider address a workspace names needs their say-so before a key goes there.
      userSettings: { ...(fixtureUrls ? providerSettings(fixtureUrls) : {}), ...options.userSettings },
      workspaceSettings: options.workspaceSettings,
    });
    undo.push(dirs.remove);
    const env = {
      ...(fixtureUrls ? { IMAGESMITH_FIXTURE_URLS: JSON.stringify(fixtureUrls) } : {}),
      ...options.env,
    };
    const codeServer = await startCodeServer({ ...dirs, env, logFile: join(logDir, 'code-server.log'), workspaceTrust: options.workspaceTrust, displayLanguage: options.displayLanguage });
    undo.push(codeServer.stop);
    /** Copies VS Code's own logs (extension host, renderer) next to ours, before the folders go. */
    const keepVsCodeLogs = () => {
      const source = join(dirs.userDataDir, 'logs');
      if (existsSync(source)) cpSync(source, join(logDir, 'vscode-logs'), { recursive: true });
    };
    return { dirs, codeServer, fixtureUrls, logDir, keepVsCodeLogs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
