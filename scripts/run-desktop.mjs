#!/usr/bin/env node
// Runs the same integration tests in desktop VS Code through @vscode/test-electron, which
// downloads VS Code into .vscode-test/ (so it needs internet access; on machines without
// it, use `npm run test:integration`). Same bundle, workspace settings and fixture servers
// as the code-server runner. On Linux without a display, run it under xvfb-run.
//
// Usage: node scripts/run-desktop.mjs [--grep PATTERN]
//   IMAGESMITH_VSCODE_VERSION  the VS Code to download (default: stable; e.g. 1.100.3, insiders)

import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildExtension, buildIntegrationTests, integrationEntry } from './build-tests.mjs';
import { createSessionDirs, explain, projectRoot, providerSettings, resultsDir, startFixtureServers } from './code-server.mjs';

const { values: flags } = parseArgs({ options: { grep: { type: 'string' } } });

function say(message) {
  console.log(`[desktop] ${message}`);
}

async function main() {
  const started = Date.now();
  const { runTests } = await import('@vscode/test-electron');
  buildExtension();
  const { tests } = await buildIntegrationTests();
  say(`${tests} test file(s) bundled`);

  const logDir = join(resultsDir, 'desktop');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  const resultsFile = join(logDir, 'results.json');
  const fixtures = await startFixtureServers({ projectRoot, logFile: undefined });
  let passed = false;
  try {
    const dirs = createSessionDirs({ name: 'desktop', userSettings: providerSettings(fixtures.urls) });
    try {
      try {
        await runTests({
          version: process.env.IMAGESMITH_VSCODE_VERSION ?? 'stable',
          extensionDevelopmentPath: projectRoot,
          extensionTestsPath: integrationEntry,
          extensionTestsEnv: {
            IMAGESMITH_FIXTURE_URLS: JSON.stringify(fixtures.urls),
            IMAGESMITH_TEST_RESULTS: resultsFile,
            ...(flags.grep ? { IMAGESMITH_TEST_GREP: flags.grep } : {}),
            ...(process.env.IMAGESMITH_TEST_TIMEOUT_MS ? { IMAGESMITH_TEST_TIMEOUT_MS: process.env.IMAGESMITH_TEST_TIMEOUT_MS } : {}),
          },
          launchArgs: [
            dirs.workspace,
            '--user-data-dir', dirs.userDataDir,
            '--extensions-dir', dirs.extensionsDir,
            '--disable-extensions',
            '--disable-telemetry',
          ],
        });
      } catch (error) {
        // A test failure also lands here (non-zero exit); the results file tells them apart.
        if (!existsSync(resultsFile)) throw error;
      }
      // VS Code already printed mocha's report on its own output.
      if (existsSync(resultsFile)) {
        const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
        if (results.error) console.error(`[desktop] ${results.error}`);
        say(`${results.stats.passes}/${results.stats.tests} passed, ${results.stats.failures} failed, ${results.stats.pending} pending`);
        passed = results.ok === true;
      } else {
        console.error('[desktop] VS Code exited without writing test results');
      }
    } finally {
      dirs.remove();
    }
  } finally {
    await fixtures.stop();
  }
  say(`${passed ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  if (!passed) process.exitCode = 1;
}

main().catch((error) => {
  console.error(`[desktop] FAILED: ${explain(error)}`);
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(String(error))) {
    console.error('[desktop] VS Code could not be downloaded; without internet access, run `npm run test:integration` (code-server) instead.');
  }
  process.exitCode = 1;
});
