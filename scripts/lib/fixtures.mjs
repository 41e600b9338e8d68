// Starts the local servers that speak the providers' APIs (test/fixtures/serve.ts),
// so a real VS Code can generate images without reaching the internet.

import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { killGroupNow, onEmergency, stopGroup } from './cleanup.mjs';
import { HarnessError } from './harness-error.mjs';

export const PROVIDER_IDS = /** @type {const} */ (['popcord', 'aithriving', 'imagepipeline', 'openai', 'stability', 'automatic1111', 'comfyui']);

/**
 * @typedef {{ popcord: string, aithriving: string, imagepipeline: string, openai: string, stability: string, automatic1111: string, comfyui: string }} FixtureUrls
 * @typedef {{ urls: FixtureUrls, stop: () => Promise<void> }} FixtureServers
 */

/**
 * @param {{ projectRoot: string, logFile?: string, timeoutMs?: number, args?: readonly string[] }} options
 * @returns {Promise<FixtureServers>}
 */
export async function startFixtureServers({ projectRoot, logFile, timeoutMs = 30_000, args = [] }) {
  const script = resolve(projectRoot, process.env.IMAGESMITH_FIXTURE_SERVER ?? 'test/fixtures/serve.ts');
  if (!existsSync(script)) {
    throw new HarnessError(
      `the provider fixture servers are missing: ${relative(projectRoot, script)} does not exist.\n` +
        'It must print one JSON line {"popcord":"http://127.0.0.1:P/","aithriving":"…","imagepipeline":"…"} and serve until SIGTERM.\n' +
        '(IMAGESMITH_FIXTURE_SERVER=path/to/another/server.ts points the runner elsewhere.)',
    );
  }
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: projectRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const forget = onEmergency(() => killGroupNow(child.pid));
  const log = logFile ? createWriteStream(logFile) : undefined;
  child.stderr.on('data', (chunk) => log?.write(chunk));

  /** @type {string[]} */
  const seen = [];
  try {
    const urls = await new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new HarnessError(`${relative(projectRoot, script)} printed no URLs within ${timeoutMs / 1000}s`)), timeoutMs);
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        log?.write(`${line}\n`);
        seen.push(line);
        const parsed = parseUrls(line);
        if (parsed) {
          clearTimeout(timer);
          resolvePromise(parsed);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new HarnessError(`${relative(projectRoot, script)} exited (${signal ?? `exit ${code}`}) before printing its URLs${logFile ? `; see ${logFile}` : ''}`));
      });
    });
    return {
      urls,
      stop: async () => {
        await stopGroup(child);
        forget();
        log?.end();
      },
    };
  } catch (error) {
    await stopGroup(child, 1000);
    forget();
    log?.end();
    if (seen.length > 0 && error instanceof Error) error.message += `\nits output:\n${seen.slice(-10).join('\n')}`;
    throw error;
  }
}

/**
 * @param {string} line
 * @returns {FixtureUrls | undefined}
 */
function parseUrls(line) {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(trimmed);
    if (PROVIDER_IDS.every((id) => typeof value[id] === 'string' && URL.canParse(value[id]))) {
      return /** @type {FixtureUrls} */ (Object.fromEntries(PROVIDER_IDS.map((id) => [id, value[id]])));
    }
  } catch {
    // Not the URL line; keep reading.
  }
  return undefined;
}
