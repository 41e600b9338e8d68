// `npm run package`: one .vsix per platform VS Code publishes extensions for, each with
// sharp's native part (its binding and libvips) for that platform, then a check of each:
// what it carries, and, for this machine's platform, that the image worker it ships makes a
// thumbnail from the unpacked .vsix. Other platforms' packages come from the npm registry
// (`npm pack`), at packaging time only: nothing is downloaded when the extension is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { nativeImagePlatform } = require(path.join(root, 'esbuild.js'));

/** VS Code's platform targets and sharp's name for the same platform. */
const TARGETS = {
  'win32-x64': 'win32-x64',
  'win32-arm64': 'win32-arm64',
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'linux-armhf': 'linux-arm',
  'alpine-x64': 'linuxmusl-x64',
  'alpine-arm64': 'linuxmusl-arm64',
  'darwin-x64': 'darwin-x64',
  'darwin-arm64': 'darwin-arm64',
};

const sharpManifest = JSON.parse(readFileSync(path.join(root, 'node_modules', 'sharp', 'package.json'), 'utf8'));
const cache = path.join(root, 'node_modules', '.cache', 'imagesmith-native');
const imgDir = path.join(root, 'dist', 'node_modules', '@img');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.signal ?? `exit ${result.status}`})`);
}

/** A package at the version sharp names, unpacked into the cache: from node_modules when installed here, else from the registry. */
function unpacked(name, version) {
  const installed = path.join(root, 'node_modules', name);
  if (existsSync(path.join(installed, 'package.json')) && JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')).version === version) return installed;
  const dir = path.join(cache, `${name.replace('/', '+')}@${version}`);
  if (existsSync(path.join(dir, 'package.json'))) return dir;
  mkdirSync(cache, { recursive: true });
  const file = execFileSync('npm', ['pack', `${name}@${version}`, '--silent', '--pack-destination', cache], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop();
  const into = mkdtempSync(path.join(cache, 'unpack-'));
  execFileSync('tar', ['-xzf', path.join(cache, file), '-C', into]);
  rmSync(dir, { recursive: true, force: true });
  cpSync(path.join(into, 'package'), dir, { recursive: true });
  rmSync(into, { recursive: true, force: true });
  rmSync(path.join(cache, file), { force: true });
  return dir;
}

/** sharp's native packages for a platform: its binding, and the libvips that binding names (Windows's binding carries libvips). */
function nativePackages(platform) {
  const binding = `@img/sharp-${platform}`;
  const version = sharpManifest.optionalDependencies[binding];
  if (!version) throw new Error(`sharp ${sharpManifest.version} has no prebuilt binding for ${platform}`);
  const bindingDir = unpacked(binding, version);
  const bindingManifest = JSON.parse(readFileSync(path.join(bindingDir, 'package.json'), 'utf8'));
  const libraries = Object.entries(bindingManifest.optionalDependencies ?? {}).map(([name, v]) => ({ name, dir: unpacked(name, v) }));
  return [{ name: binding, dir: bindingDir }, ...libraries];
}

function placeNative(platform) {
  for (const entry of readdirSync(imgDir)) if (entry.startsWith('sharp-')) rmSync(path.join(imgDir, entry), { recursive: true, force: true });
  for (const { name, dir } of nativePackages(platform)) cpSync(dir, path.join(root, 'dist', 'node_modules', name), { recursive: true, dereference: true });
}

/** The files a .vsix holds, from its zip directory. */
function listing(vsix) {
  return execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n').filter(Boolean);
}

function checkContents(vsix, platform) {
  const files = listing(vsix);
  const wanted = nativePackages(platform).map(({ name }) => `extension/dist/node_modules/${name}/`);
  const problems = [];
  for (const file of ['extension/dist/extension.js', 'extension/dist/main.js', 'extension/dist/imageWorker.js', 'extension/dist/node_modules/sharp/package.json']) {
    if (!files.includes(file)) problems.push(`${file} is missing`);
  }
  for (const prefix of wanted) if (!files.some((file) => file.startsWith(prefix))) problems.push(`${prefix} is missing`);
  if (!files.some((file) => /^extension\/dist\/node_modules\/@img\/sharp-[^/]+\/lib\/.*\.node$/.test(file))) problems.push('no native binding');
  const others = files.filter((file) => file.startsWith('extension/dist/node_modules/@img/sharp-') && !wanted.some((prefix) => file.startsWith(prefix)));
  if (others.length > 0) problems.push(`another platform's files: ${others.slice(0, 3).join(', ')}`);
  const stray = files.filter((file) => /^extension\/(src|test|bench|node_modules)\//.test(file));
  if (stray.length > 0) problems.push(`files that do not run: ${stray.slice(0, 3).join(', ')}`);
  if (problems.length > 0) throw new Error(`${path.basename(vsix)}: ${problems.join('; ')}`);
  return files.length;
}

/** Unpacks the .vsix and has its own image worker make a thumbnail and an AVIF, as the extension would. */
async function checkRuns(vsix) {
  const into = mkdtempSync(path.join(tmpdir(), 'imagesmith-vsix-'));
  try {
    execFileSync('unzip', ['-q', vsix, '-d', into]);
    const worker = new Worker(path.join(into, 'extension', 'dist', 'imageWorker.js'), { workerData: {} });
    const png = readFileSync(path.join(root, 'media', 'icon.png'));
    const ask = (request) =>
      new Promise((resolve, reject) => {
        worker.once('message', (reply) => (reply.ok ? resolve(reply) : reject(new Error(reply.message))));
        worker.once('error', reject);
        worker.postMessage(request);
      });
    try {
      const thumbnail = await ask({ id: 1, op: 'render', source: png, specs: [{ width: 64, height: 64, fit: 'inside', format: 'webp' }] });
      const avif = await ask({ id: 2, op: 'render', source: png, specs: [{ width: 32, height: 32, fit: 'cover', format: 'avif' }] });
      const [webp] = thumbnail.rendered;
      const [heif] = avif.rendered;
      if (webp.width !== 64 || Buffer.from(webp.bytes.subarray(8, 12)).toString('latin1') !== 'WEBP') throw new Error('the thumbnail is not a 64-pixel WebP');
      if (Buffer.from(heif.bytes.subarray(4, 8)).toString('latin1') !== 'ftyp') throw new Error('the AVIF is not an ISO media file');
    } finally {
      await worker.terminate();
    }
  } finally {
    rmSync(into, { recursive: true, force: true });
  }
}

async function main() {
  const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const targets = only.length > 0 ? only : Object.keys(TARGETS);
  for (const target of targets) if (!TARGETS[target]) throw new Error(`unknown target ${target}; one of ${Object.keys(TARGETS).join(', ')}`);
  const here = nativeImagePlatform();
  run(process.execPath, ['esbuild.js', '--production']);
  const vsce = path.join(root, 'node_modules', '.bin', 'vsce');
  try {
    for (const target of targets) {
      const platform = TARGETS[target];
      placeNative(platform);
      const out = path.join(root, `imagesmith-${target}.vsix`);
      run(vsce, ['package', '--no-dependencies', '--target', target, '--out', out]);
      const count = checkContents(out, platform);
      if (platform === here) await checkRuns(out);
      console.log(`${path.basename(out)}: ${count} files${platform === here ? '; its image worker made a WebP thumbnail and an AVIF' : ''}.`);
    }
  } finally {
    // The working tree's dist/ runs on this machine again.
    placeNative(here);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
