#!/usr/bin/env node
// Runs the UI tests (test/ui/**/*.test.ts): mocha in Node, each suite driving its own
// code-server and Chromium through test/ui/support/workbench.ts. This script builds the
// extension and provisions code-server first, so the suites find both ready.
//
// Usage: node scripts/run-ui.mjs [test/ui/some.test.ts …] [mocha options, e.g. --grep "Show Log"]
//   IMAGESMITH_HEADED=1  shows the browser (on a machine with a display)

import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildExtension } from './build-tests.mjs';
import { explain, projectRoot, provision, resultsDir } from './code-server.mjs';

async function main() {
  const started = Date.now();
  buildExtension();
  await provision();
  // Screenshots of an earlier run would pass for this one's.
  rmSync(join(resultsDir, 'ui'), { recursive: true, force: true });
  const mocha = createRequire(join(projectRoot, 'package.json')).resolve('mocha/bin/mocha.js');
  const args = process.argv.slice(2);
  // Files named on the command line replace the default set instead of adding to it.
  const spec = args.some((arg) => arg.endsWith('.test.ts')) ? [] : ['test/ui/**/*.test.ts'];
  const child = spawn(process.execPath, [mocha, '--config', join('test', 'ui', '.mocharc.json'), ...spec, ...args], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  // Ctrl-C reaches mocha too (same process group); wait for it to clean up and report.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  const code = await new Promise((resolve) => {
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
  const outcome = code === 0 ? 'passed' : code === 130 ? 'interrupted' : 'FAILED';
  console.log(`[ui] ${outcome} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  process.exitCode = Number(code);
}

main().catch((error) => {
  console.error(`[ui] FAILED: ${explain(error)}`);
  process.exitCode = 1;
});
