#!/usr/bin/env node
// `npm start`: builds Imagesmith, installs code-server once, and opens a real VS Code in
// the browser with the extension loaded as under development, on a sample workspace that
// is kept between runs (with what you generated and the keys you stored).
//
// Usage: npm start [-- --offline] [-- --port 8080] [-- --folder path/to/workspace]
//   --offline   also start local stand-ins for the providers and point Imagesmith
//               at them, so that everything works with no key and no internet.
//   --port      where VS Code listens (default 8765, so that the address stays the same).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildExtension } from './build-tests.mjs';
import { QUIET_USER_SETTINGS, explain, projectRoot, provision, providerSettings, startCodeServer, startFixtureServers } from './code-server.mjs';

const { values: flags } = parseArgs({
  options: {
    offline: { type: 'boolean', default: false },
    port: { type: 'string' },
    folder: { type: 'string' },
  },
});

const home = join(projectRoot, '.vscode-test', 'start');
const workspace = resolve(flags.folder ?? join(home, 'workspace'));
const userDataDir = join(home, 'user-data');
const DEFAULT_PORT = 8765;
const extensionsDir = join(home, 'extensions');

const SAMPLE = `# Imagesmith sample workspace

Select a line below, right-click and choose **Generate Image from Selection**, or run
**Imagesmith: Generate Image** from the command palette (F1). Images are saved in
\`assets/\`; open the Imagesmith view in the activity bar to browse them.

A lighthouse on a cliff at dusk, oil painting

A red fox curled up in fresh snow, soft morning light

An isometric cozy library with tall shelves, pixel art
`;

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

function writeJson(file, value) {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Points the providers at the local servers, or back at the real services, keeping the rest.
 * The addresses go into the user settings, where a person's own choices live; an address in
 * the workspace's settings would have to be allowed before a key goes there.
 */
function prepareWorkspace(urls) {
  mkdirSync(workspace, { recursive: true });
  const readme = join(workspace, 'README.md');
  if (!flags.folder && !existsSync(readme)) writeFileSync(readme, SAMPLE);
  // ComfyUI generates from a workflow in the workspace: the sample has the example one.
  const workflow = join(workspace, 'workflow_api.json');
  if (!flags.folder && !existsSync(workflow)) writeFileSync(workflow, readFileSync(join(projectRoot, 'examples', 'comfyui', 'workflow_api.json')));
  const addressKeys = Object.keys(providerSettings({ popcord: '', aithriving: '', imagepipeline: '', openai: '', stability: '', automatic1111: '', comfyui: '' }));
  const workspaceSettings = join(workspace, '.vscode', 'settings.json');
  // A folder of the person's own is left alone. The sample opens its README, which says what to try;
  // its earlier versions kept the provider addresses here.
  if (!flags.folder) {
    const settings = readJson(workspaceSettings);
    for (const key of addressKeys) delete settings[key];
    writeJson(workspaceSettings, { ...settings, 'workbench.startupEditor': 'readme' });
  }
  const userSettings = join(userDataDir, 'User', 'settings.json');
  const settings = readJson(userSettings);
  for (const key of addressKeys) delete settings[key];
  writeJson(userSettings, { ...QUIET_USER_SETTINGS, ...settings, ...(urls ? providerSettings(urls) : {}) });
}

/** Resolves when nothing listens on the port; a fixed port keeps the address the same, so a busy one is said plainly. */
function ensurePortFree(port) {
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      reject(new Error(`port ${port} is in use (another \`npm start\`?). Stop that, or choose another: npm start -- --port ${port + 1}`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePromise()));
  });
}

async function main() {
  const port = flags.port ? Number(flags.port) : DEFAULT_PORT;
  await ensurePortFree(port);
  console.log('Building the extension…');
  buildExtension();
  await provision({ quietWhenCached: true });

  const stops = [];
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    for (const action of stops.reverse()) await action().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  let urls;
  if (flags.offline) {
    const fixtures = await startFixtureServers({ projectRoot, args: ['--full-size'] });
    stops.push(fixtures.stop);
    urls = fixtures.urls;
  }
  prepareWorkspace(urls);
  mkdirSync(extensionsDir, { recursive: true });

  const codeServer = await startCodeServer({
    workspace,
    userDataDir,
    extensionsDir,
    port,
    timeoutMs: 120_000,
  });
  stops.push(codeServer.stop);
  codeServer.onExit(() => {
    if (!stopping) {
      console.error(`code-server stopped (${codeServer.exitStatus()}):\n${codeServer.recentOutput()}`);
      void stop(1);
    }
  });

  const url = codeServer.workbenchUrl({ folder: workspace, extensionDevelopmentPath: projectRoot });
  console.log('');
  console.log('Imagesmith is running in VS Code. Open this address in your browser:');
  console.log('');
  console.log(`  ${url}`);
  console.log('');
  console.log(`Workspace: ${workspace}`);
  console.log(
    flags.offline
      ? 'Offline: the providers are local stand-ins; any API key is accepted.'
      : 'Providers: the real services. Run "Imagesmith: Set API Key…" for AIThriving or ImagePipeline.',
  );
  console.log('After a change, run `npm run build` and "Developer: Reload Window". Ctrl-C stops everything.');
}

main().catch((error) => {
  console.error(`npm start failed: ${explain(error)}`);
  process.exit(1);
});
