#!/usr/bin/env node
// Builds what a VS Code test run loads: the extension (the project's esbuild.js, so tests
// run the same bundle users get) and test/integration, bundled into out/integration as
// index.js (the module the extension host loads) and one bundle per *.test.ts, which
// index.js finds at run time. `vscode` comes from the extension host and mocha from the
// project's node_modules, which Node's resolution reaches from out/.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HarnessError, explain } from './lib/harness-error.mjs';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const integrationOutDir = join(projectRoot, 'out', 'integration');
export const integrationEntry = join(integrationOutDir, 'index.js');

export function buildExtension() {
  if (!existsSync(join(projectRoot, 'src', 'extension.ts'))) {
    throw new HarnessError('src/extension.ts does not exist yet: there is no extension to test');
  }
  const result = spawnSync(process.execPath, ['esbuild.js'], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (result.status !== 0) {
    // Its "[watch] build …" lines are noise unless the build fails.
    process.stdout.write(result.stdout ?? '');
    throw new HarnessError(`\`node esbuild.js\` failed (${result.signal ?? `exit ${result.status}`})`);
  }
}

export async function buildIntegrationTests() {
  const esbuild = await import('esbuild');
  const sourceDir = join(projectRoot, 'test', 'integration');
  const tests = readdirSync(sourceDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join(sourceDir, name));
  // A deleted test must not keep running from a stale bundle.
  rmSync(integrationOutDir, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: projectRoot,
    entryPoints: [join(sourceDir, 'index.ts'), ...tests],
    outbase: sourceDir,
    outdir: integrationOutDir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // sharp (native) reads exported files back in the tests: loaded from node_modules, not bundled.
    external: ['vscode', 'mocha', 'sharp'],
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return { entry: integrationEntry, tests: tests.length };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  try {
    buildExtension();
    const { tests } = await buildIntegrationTests();
    console.log(`[build] dist/ built; ${tests} integration test file(s) bundled into out/integration/`);
  } catch (error) {
    console.error(`[build] FAILED: ${explain(error)}`);
    process.exit(1);
  }
}
