/**
 * The extensions the VS Code sections load: Imagesmith as users get it (the project's own
 * esbuild.js with --production, in a copy of the project so that the working tree's
 * dist/ is left alone), and two generated stand-ins for the baselines: an empty
 * extension, and a minimal webview view that lists the same folder.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const projectRoot = path.resolve(__dirname, '..', '..');

export interface BuiltExtension {
  readonly id: string;
  readonly path: string;
}

/** What the working tree holds that the build does not need, or that another run is writing. */
const NOT_COPIED = new Set(['node_modules', '.git', '.vscode-test', 'test-results', 'bench-results', 'out', 'dist']);

/**
 * Builds Imagesmith with --production into `<into>/imagesmith` and returns it, without
 * node_modules, as a .vsix installs it. Throws with esbuild's output when the build fails.
 */
export function stageImagesmith(into: string): BuiltExtension {
  const root = path.join(into, 'imagesmith');
  mkdirSync(root, { recursive: true });
  for (const entry of readdirSync(projectRoot)) {
    if (NOT_COPIED.has(entry) || entry.endsWith('.vsix')) continue;
    cpSync(path.join(projectRoot, entry), path.join(root, entry), { recursive: true });
  }
  const modules = path.join(root, 'node_modules');
  symlinkSync(path.join(projectRoot, 'node_modules'), modules, 'dir');
  const build = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, encoding: 'utf8' });
  rmSync(modules, { force: true });
  if (build.status !== 0) {
    throw new Error(`the production build failed (${build.signal ?? `exit ${build.status}`}):\n${`${build.stdout}\n${build.stderr}`.trim().slice(-2000)}`);
  }
  return { id: 'imagesmith.imagesmith', path: root };
}

/**
 * Builds Imagesmith as it was at a git revision (`main`: the code before this branch's
 * change) into `<into>/imagesmith-<rev>`, with the working tree's node_modules for the
 * build only; a baseline measured in the same run as the working tree's build.
 */
export function stageRevision(into: string, revision: string): BuiltExtension {
  const root = path.join(into, `imagesmith-${revision.replace(/[^A-Za-z0-9_-]/g, '_')}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const archive = spawnSync('sh', ['-c', `git -C "${projectRoot}" archive "${revision}" | tar -x -C "${root}"`], { encoding: 'utf8' });
  if (archive.status !== 0) throw new Error(`git archive ${revision} failed: ${archive.stderr.trim().slice(-500)}`);
  const modules = path.join(root, 'node_modules');
  symlinkSync(path.join(projectRoot, 'node_modules'), modules, 'dir');
  const build = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, encoding: 'utf8' });
  rmSync(modules, { force: true });
  if (build.status !== 0) throw new Error(`the production build of ${revision} failed:\n${`${build.stdout}\n${build.stderr}`.trim().slice(-2000)}`);
  return { id: 'imagesmith.imagesmith', path: root };
}

/** The bundles of a built extension's dist/ (not the packages it carries in dist/node_modules), with their sizes, for the record. */
export function distFiles(extensionPath: string): { file: string; bytes: number }[] {
  const dist = path.join(extensionPath, 'dist');
  return readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.js') && !name.startsWith('node_modules'))
    .map((name) => ({ file: path.join('dist', name), bytes: statSync(path.join(dist, name)).size }))
    .sort((a, b) => b.bytes - a.bytes);
}

function writeExtension(root: string, manifest: Record<string, unknown>, files: Record<string, string>): void {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  writeFileSync(path.join(root, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
}

const PUBLISHER = 'imagesmith-bench';
const ENGINES = { vscode: '^1.100.0' };

/** The activation baseline: a package.json and an activate() that does nothing. */
export function emptyExtension(into: string): BuiltExtension {
  const root = path.join(into, 'empty');
  writeExtension(
    root,
    { name: 'empty', publisher: PUBLISHER, version: '0.0.0', engines: ENGINES, main: './dist/extension.js', activationEvents: [] },
    { 'dist/extension.js': "'use strict';\nexports.activate = function activate() {};\nexports.deactivate = function deactivate() {};\n" },
  );
  return { id: `${PUBLISHER}.empty`, path: root };
}

export const MINIMAL_VIEW_COMMAND_TITLE = 'Imagesmith Bench: Open Minimal Generator';

/**
 * The panel baseline: a webview view opened the same way (a command that focuses it),
 * whose page has a provider select and a prompt box from the start, and whose host
 * lists the output folder with readdir and sends the names, from which the page makes
 * one lazy <img> tile each. What any gallery of these files must do, and no more.
 */
export function minimalViewExtension(into: string): BuiltExtension {
  const root = path.join(into, 'minimal-view');
  const extension = `'use strict';
const vscode = require('vscode');
const fs = require('fs');
const crypto = require('crypto');

exports.activate = function activate(context) {
  const provider = {
    resolveWebviewView(view) {
      const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
      const assets = folder ? vscode.Uri.joinPath(folder.uri, 'assets') : undefined;
      view.webview.options = { enableScripts: true, localResourceRoots: assets ? [assets] : [] };
      const nonce = crypto.randomBytes(18).toString('base64');
      view.webview.onDidReceiveMessage(() => {
        const names = assets ? fs.readdirSync(assets.fsPath).filter((name) => /\\.png$/i.test(name) && !name.startsWith('.')) : [];
        const base = assets ? view.webview.asWebviewUri(assets).toString() : '';
        view.webview.postMessage({ type: 'didResetGallery', base, images: names.map((name) => ({ name })) });
      });
      view.webview.html = \`<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src \${view.webview.cspSource}; script-src 'nonce-\${nonce}'">
</head><body><section class="generator"><label>Provider <select><option>PopCord</option></select></label>
<label>Prompt <textarea rows="4"></textarea></label></section><ul class="gallery"></ul>
<script nonce="\${nonce}">
const api = acquireVsCodeApi();
const list = document.querySelector('ul.gallery');
window.addEventListener('message', (event) => {
  const message = event.data;
  if (message.type !== 'didResetGallery') return;
  list.replaceChildren(...message.images.map((image) => {
    const li = document.createElement('li');
    li.className = 'tile';
    const img = document.createElement('img');
    img.loading = 'lazy';
    img.src = message.base + '/' + encodeURIComponent(image.name);
    li.append(img);
    return li;
  }));
});
api.postMessage({ type: 'ready' });
</script></body></html>\`;
    },
  };
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider('imagesmithBench.minimal', provider),
    vscode.commands.registerCommand('imagesmithBench.openMinimal', () => vscode.commands.executeCommand('imagesmithBench.minimal.focus')),
  );
};
exports.deactivate = function deactivate() {};
`;
  const icon = '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><rect x="4" y="4" width="16" height="16" fill="none" stroke="currentColor"/></svg>\n';
  writeExtension(
    root,
    {
      name: 'minimal-view',
      publisher: PUBLISHER,
      version: '0.0.0',
      engines: ENGINES,
      main: './dist/extension.js',
      activationEvents: ['onView:imagesmithBench.minimal'],
      contributes: {
        commands: [{ command: 'imagesmithBench.openMinimal', title: 'Open Minimal Generator', category: 'Imagesmith Bench' }],
        viewsContainers: { activitybar: [{ id: 'imagesmithBench', title: 'Imagesmith Bench', icon: 'media/icon.svg' }] },
        views: { imagesmithBench: [{ type: 'webview', id: 'imagesmithBench.minimal', name: 'Minimal' }] },
      },
    },
    { 'dist/extension.js': extension, 'media/icon.svg': icon },
  );
  return { id: `${PUBLISHER}.minimal-view`, path: root };
}
