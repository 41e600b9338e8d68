#!/usr/bin/env node
// Bundles test/integration into out/integration: index.js (the module the extension host
// loads) and one bundle per *.test.ts, which index.js finds at run time. `vscode` comes from
// the extension host and mocha from the project's node_modules, which Node's resolution
// reaches from out/.

import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const integrationOutDir = join(projectRoot, 'out', 'integration');
export const integrationEntry = join(integrationOutDir, 'index.js');

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
    external: ['vscode', 'mocha'],
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return { entry: integrationEntry, tests: tests.length };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  buildIntegrationTests().then(
    ({ tests }) => console.log(`[build] ${tests} integration test file(s) bundled into out/integration/`),
    (error) => {
      console.error(`[build] integration tests failed to bundle: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    },
  );
}
