#!/usr/bin/env node
// Runs test/integration inside a real VS Code: builds the extension and the test bundle,
// starts the provider fixture servers and code-server, and opens the workbench in headless
// Chromium with the extension-test payload, so the extension host loads the extension
// and runs out/integration/index.js. The tests report through a results file, since in a
// browser nothing ends when they do.
//
// Usage: node scripts/run-integration.mjs [--grep PATTERN] [--timeout SECONDS]
//   IMAGESMITH_IT_TIMEOUT_S   overall limit (default 600)
//   IMAGESMITH_TEST_TIMEOUT_MS  mocha's per-test timeout inside VS Code (default 30000)

import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildExtension, buildIntegrationTests, integrationEntry } from './build-tests.mjs';
import { HarnessError, explain, launchChromium, projectRoot, startSession } from './code-server.mjs';
import { startWorkbenchControl } from './lib/workbench-control.mjs';

const { values: flags } = parseArgs({
  options: {
    grep: { type: 'string' },
    timeout: { type: 'string' },
  },
});
const overallTimeoutS = Number(flags.timeout ?? process.env.IMAGESMITH_IT_TIMEOUT_S ?? 600);

function say(message) {
  console.log(`[integration] ${message}`);
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const started = Date.now();
  // Whatever hangs (a build, a browser call), the run ends; the exit handlers stop the rest.
  setTimeout(() => {
    console.error(`[integration] FAILED: still running after ${overallTimeoutS + 60}s; giving up`);
    process.exit(1);
  }, (overallTimeoutS + 60) * 1000).unref();
  const deadline = started + overallTimeoutS * 1000;
  say('building the extension and the tests');
  buildExtension();
  const { tests } = await buildIntegrationTests();
  say(`${tests} test file(s) bundled`);

  const resultsFile = join(projectRoot, 'test-results', 'integration', 'results.json');
  rmSync(join(projectRoot, 'test-results', 'integration'), { recursive: true, force: true });

  /** @type {import('playwright-core').Page | undefined} */
  let workbenchPage;
  const control = await startWorkbenchControl(() => workbenchPage);
  const session = await startSession({
    name: 'integration',
    env: {
      IMAGESMITH_TEST_RESULTS: resultsFile,
      IMAGESMITH_WORKBENCH_CONTROL: control.url,
      ...(flags.grep ? { IMAGESMITH_TEST_GREP: flags.grep } : {}),
      ...(process.env.IMAGESMITH_TEST_TIMEOUT_MS ? { IMAGESMITH_TEST_TIMEOUT_MS: process.env.IMAGESMITH_TEST_TIMEOUT_MS } : {}),
    },
  });
  const { codeServer, dirs, logDir } = session;
  say(`code-server ${codeServer.url} on workspace ${dirs.workspace}`);
  /** @type {Awaited<ReturnType<typeof launchChromium>> | undefined} */
  let browser;
  let passed = false;
  try {
    browser = await launchChromium();
    const { page } = browser;
    workbenchPage = page;
    const consoleLog = join(logDir, 'browser-console.log');
    page.on('console', (message) => appendFileSync(consoleLog, `[${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => appendFileSync(consoleLog, `[pageerror] ${error.stack ?? error.message}\n`));
    /** @type {string | undefined} */
    let pageGone;
    page.on('crash', () => {
      pageGone = 'the workbench page crashed';
    });
    page.on('close', () => {
      pageGone ??= 'the workbench page closed';
    });

    const url = codeServer.workbenchUrl({
      folder: dirs.workspace,
      extensionDevelopmentPath: projectRoot,
      extensionTestsPath: integrationEntry,
    });
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    say('workbench opened; waiting for the tests');

    while (!existsSync(resultsFile)) {
      if (codeServer.exitStatus() !== undefined) {
        throw new HarnessError(`code-server exited (${codeServer.exitStatus()}) before the tests finished:\n${codeServer.recentOutput()}`);
      }
      if (pageGone) throw new HarnessError(`${pageGone} before the tests finished`);
      if (Date.now() > deadline) {
        await page.screenshot({ path: join(logDir, 'timeout.png') }).catch(() => undefined);
        throw new HarnessError(
          `no results after ${overallTimeoutS}s (see ${join('test-results', 'integration')}: timeout.png, browser-console.log, vscode-logs/)`,
        );
      }
      await sleep(250);
    }

    /** @type {import('../test/integration/index').TestResults} */
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    console.log(results.report.trimEnd() === '' ? '' : `\n${results.report.trimEnd()}\n`);
    if (results.error) console.error(`[integration] ${results.error}`);
    const { tests: count, passes, failures, pending } = results.stats;
    say(`${passes}/${count} passed, ${failures} failed, ${pending} pending`);
    passed = results.ok;
    if (!passed) await page.screenshot({ path: join(logDir, 'failure.png') }).catch(() => undefined);
  } finally {
    if (!passed) session.keepVsCodeLogs();
    await browser?.close();
    await session.stop();
    await control.close();
  }
  say(`${passed ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  if (!passed) {
    console.error(`[integration] logs: ${join('test-results', 'integration')}/`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(`[integration] FAILED: ${explain(error)}`);
  process.exitCode = 1;
});
