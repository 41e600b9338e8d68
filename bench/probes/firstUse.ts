/**
 * Runs inside the extension host as its extension-tests module (extensionTestsPath): after
 * the window settles, runs the command named in probe.json with its arguments, as the
 * extension's first use, and writes when it was run and when it finished. The provider
 * stand-in records when each request arrived; the section subtracts.
 */
import * as fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as path from 'node:path';
import { performance, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import * as vscode from 'vscode';

export interface FirstUseConfig {
  readonly extensionId: string;
  readonly command: string;
  readonly args: unknown;
  readonly resultFile: string;
  readonly settleMs: number;
  /** When set, a CPU profile of the extension host from the command's start to its end is written here. */
  readonly profileFile?: string;
  /** The extension's code-cache folder: counted before the command, and emptied first when `removeCodeCache`. */
  readonly codeCacheDir?: string;
  readonly removeCodeCache?: boolean;
}

export interface FirstUseResult {
  readonly ok: boolean;
  readonly error?: string;
  /** performance.timeOrigin + now(), as the stand-in's receivedAt, so that the two subtract. */
  readonly ranAt?: number;
  readonly finishedAt?: number;
  /** Whether the extension was active before the command ran (it must not be). */
  readonly wasActive?: boolean;
  /** The code caches there were when the command ran. */
  readonly codeCaches?: number;
  /** The garbage collections in the extension host while the command ran: V8's kind (1 minor, 2 major, 4 incremental, 8 weak callbacks), ms, and ms after the command started. */
  readonly collections?: readonly { readonly kind: number; readonly ms: number; readonly at: number }[];
  readonly extensionHostPid: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.timeOrigin + performance.now();

function write(file: string, result: FirstUseResult): void {
  fs.writeFileSync(`${file}.partial`, `${JSON.stringify(result, null, 2)}\n`);
  fs.renameSync(`${file}.partial`, file);
}

async function waitForCodeCache(dir: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const written = () => fs.existsSync(dir) && fs.readdirSync(dir).some((name) => name.endsWith('.cache'));
  while (!written() && Date.now() < deadline) await sleep(20);
}

export async function run(): Promise<void> {
  const config = JSON.parse(fs.readFileSync(path.join(__dirname, 'probe.json'), 'utf8')) as FirstUseConfig;
  const base = { extensionHostPid: process.pid };
  try {
    await sleep(config.settleMs);
    const wasActive = vscode.extensions.getExtension(config.extensionId)?.isActive ?? false;
    // Removed here, in the new window, rather than before it opened: the window before may
    // still be writing the cache as it closes.
    if (config.codeCacheDir && config.removeCodeCache) fs.rmSync(config.codeCacheDir, { recursive: true, force: true });
    const codeCaches = config.codeCacheDir && fs.existsSync(config.codeCacheDir) ? fs.readdirSync(config.codeCacheDir).filter((name) => name.endsWith('.cache')).length : 0;
    const profiler = config.profileFile ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 100 });
      await profiler.post('Profiler.start');
    }
    const collections: { kind: number; ms: number; at: number }[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]) {
        collections.push({ kind: entry.detail?.kind ?? 0, ms: entry.duration, at: performance.timeOrigin + entry.startTime - ranAt });
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    const ranAt = now();
    await vscode.commands.executeCommand(config.command, config.args);
    observer.disconnect();
    if (profiler && config.profileFile) {
      const { profile } = await profiler.post('Profiler.stop');
      fs.writeFileSync(config.profileFile, JSON.stringify(profile));
      profiler.disconnect();
    }
    const finishedAt = now();
    // The extension writes its code cache just after its first command; the bench stops this
    // window's extension host before the next window opens, so the cache must be there first.
    if (config.codeCacheDir) await waitForCodeCache(config.codeCacheDir, 10_000);
    write(config.resultFile, { ...base, ok: true, ranAt, finishedAt, wasActive, codeCaches, collections });
  } catch (error) {
    write(config.resultFile, { ...base, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}
