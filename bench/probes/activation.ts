/**
 * Runs inside the extension host as its extension-tests module (extensionTestsPath):
 * activates the extension named in probe.json, times it, and lists the files of that
 * extension that are in require.cache afterwards. The result goes to a file, since in a
 * browser nothing reports back when this ends.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';

export interface ProbeConfig {
  readonly extensionId: string;
  readonly resultFile: string;
  /** Waits this long first, so that the window's own start-up is not measured with us. */
  readonly settleMs: number;
}

export interface LoadedFile {
  readonly file: string;
  readonly bytes: number;
}

export interface ProbeResult {
  readonly extensionId: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly activateMs?: number;
  /** The extension's files in require.cache right after activate() resolved. */
  readonly loaded?: readonly LoadedFile[];
  /** The same a second later: what activation loads in the background. */
  readonly loadedLater?: readonly LoadedFile[];
  readonly extensionHostPid: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function loadedFiles(root: string): LoadedFile[] {
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return Object.keys(require.cache)
    .filter((file) => file.startsWith(prefix))
    .map((file) => ({ file: path.relative(root, file), bytes: fs.statSync(file).size }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

function write(file: string, result: ProbeResult): void {
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, `${JSON.stringify(result, null, 2)}\n`);
  fs.renameSync(partial, file);
}

export async function run(): Promise<void> {
  const config = JSON.parse(fs.readFileSync(path.join(__dirname, 'probe.json'), 'utf8')) as ProbeConfig;
  const base = { extensionId: config.extensionId, extensionHostPid: process.pid };
  try {
    await sleep(config.settleMs);
    const extension = vscode.extensions.getExtension(config.extensionId);
    if (!extension) throw new Error(`${config.extensionId} is not loaded in this extension host`);
    if (extension.isActive) throw new Error(`${config.extensionId} was already active before the probe activated it`);
    const root = fs.realpathSync(extension.extensionPath);
    const started = performance.now();
    await extension.activate();
    const activateMs = performance.now() - started;
    const loaded = loadedFiles(root);
    await sleep(1_000);
    write(config.resultFile, { ...base, ok: true, activateMs, loaded, loadedLater: loadedFiles(root) });
  } catch (error) {
    write(config.resultFile, { ...base, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}
