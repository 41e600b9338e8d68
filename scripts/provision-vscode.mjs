#!/usr/bin/env node
// Installs code-server (VS Code 1.100.3 served to a browser, extension host in Node)
// into .vscode-test/code-server/ so integration and UI tests can run a real VS Code
// on machines without internet access, where @vscode/test-electron cannot download one.
//
// The npm package's own postinstall downloads ripgrep from GitHub, so its steps are
// replayed by hand with the system ripgrep. Everything is skipped when the stamp file
// says this exact version was installed for this Node ABI.
//
// Usage: node scripts/provision-vscode.mjs [--force]

import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where code-server is cached; overridable so CI can keep it outside the checkout. */
export const cacheDir = resolve(process.env.IMAGESMITH_CODE_SERVER_DIR ?? join(projectRoot, '.vscode-test', 'code-server'));
export const codeServerBin = join(cacheDir, 'node_modules', '.bin', 'code-server');
const stampFile = join(cacheDir, '.provisioned.json');
const logFile = join(cacheDir, 'provision.log');

/** Debian packages: the -dev ones let node-gyp build kerberos, native-keymap and friends. */
const APT_PACKAGES = ['libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config', 'ripgrep', 'chromium'];
export const CHROMIUM_PATH = process.env.IMAGESMITH_CHROMIUM ?? '/usr/bin/chromium';

class ProvisionError extends Error {}

function log(message) {
  console.log(`[provision] ${message}`);
}

function expectedStamp() {
  // Native modules are built for one Node ABI; another Node needs another build.
  return { version: CODE_SERVER_VERSION, nodeModules: process.versions.modules, platform: `${process.platform}-${process.arch}` };
}

export function isProvisioned() {
  if (!existsSync(stampFile) || !existsSync(codeServerBin)) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    const expected = expectedStamp();
    return Object.entries(expected).every(([key, value]) => stamp[key] === value);
  } catch {
    return false;
  }
}

function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function isDebianLike() {
  try {
    const osRelease = readFileSync('/etc/os-release', 'utf8');
    const ids = [...osRelease.matchAll(/^(ID|ID_LIKE)=("?)([^"\n]*)\2$/gm)].flatMap((m) => (m[3] ?? '').split(/\s+/));
    return ids.includes('debian') || ids.includes('ubuntu');
  } catch {
    return false;
  }
}

function missingAptPackages() {
  if (!commandExists('dpkg')) return [...APT_PACKAGES];
  return APT_PACKAGES.filter((pkg) => {
    const result = spawnSync('dpkg', ['-s', pkg], { encoding: 'utf8' });
    return result.status !== 0 || !/^Status: install ok installed$/m.test(result.stdout);
  });
}

/** Runs a command with its output in the log file, so the console keeps to one line a step. */
function run(command, args, { cwd, env = {} } = {}) {
  const started = Date.now();
  appendFileSync(logFile, `\n$ (cd ${cwd}; ${command} ${args.join(' ')})\n`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk) => appendFileSync(logFile, chunk));
    child.stderr.on('data', (chunk) => appendFileSync(logFile, chunk));
    child.on('error', (error) => reject(new ProvisionError(`${command} could not start: ${error.message}`)));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (code === 0) {
        resolvePromise(seconds);
      } else {
        reject(new ProvisionError(`\`${command} ${args.join(' ')}\` in ${cwd} failed (${signal ?? `exit ${code}`}) after ${seconds}s`));
      }
    });
  });
}

async function step(title, action) {
  const started = Date.now();
  process.stdout.write(`[provision] ${title} … `);
  try {
    await action();
  } catch (error) {
    process.stdout.write('failed\n');
    throw error;
  }
  process.stdout.write(`${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}

async function ensureSystemPackages() {
  const missing = missingAptPackages();
  const noRipgrep = !commandExists('rg');
  const noChromium = !existsSync(CHROMIUM_PATH);
  if (missing.length === 0 && !noRipgrep && !noChromium) return;

  const wanted = missing.length > 0 ? missing : APT_PACKAGES;
  const installCommand = `apt-get update && apt-get install -y ${wanted.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !isDebianLike() || !commandExists('apt-get')) {
    const what = [
      missing.length > 0 ? `packages ${missing.join(', ')}` : '',
      noRipgrep ? '`rg` (ripgrep)' : '',
      noChromium ? CHROMIUM_PATH : '',
    ].filter(Boolean).join(', ');
    throw new ProvisionError(
      `missing ${what}.\nInstall them first, as root on Debian/Ubuntu:\n  sudo sh -c '${installCommand}'\n` +
        '(elsewhere: a C/C++ toolchain, Kerberos, X11, xkbfile and libsecret headers, pkg-config, ripgrep and Chromium)',
    );
  }
  await step(`apt-get install ${wanted.join(' ')}`, async () => {
    await run('apt-get', ['update'], { cwd: '/', env: { DEBIAN_FRONTEND: 'noninteractive' } });
    await run('apt-get', ['install', '-y', ...wanted], { cwd: '/', env: { DEBIAN_FRONTEND: 'noninteractive' } });
  });
  if (!commandExists('rg') || !existsSync(CHROMIUM_PATH)) {
    throw new ProvisionError(`apt-get finished but \`rg\` or ${CHROMIUM_PATH} is still missing`);
  }
}

/**
 * node-gyp downloads Node's headers unless told where they are; Debian's nodejs and the
 * official tarballs both ship them under <prefix>/include/node, which works offline.
 */
function nodeHeadersEnv() {
  if (process.env.npm_config_nodedir) return {};
  const npmNodedir = spawnSync('npm', ['config', 'get', 'nodedir'], { encoding: 'utf8' }).stdout?.trim();
  if (npmNodedir && npmNodedir !== 'undefined' && npmNodedir !== 'null') return {};
  const prefix = resolve(dirname(process.execPath), '..');
  if (existsSync(join(prefix, 'include', 'node', 'node_version.h'))) return { npm_config_nodedir: prefix };
  return {};
}

function forceSymlink(target, path) {
  try {
    if (lstatSync(path)) unlinkSync(path);
  } catch {
    // Nothing there yet.
  }
  symlinkSync(target, path);
}

export async function provision({ force = false, quietWhenCached = true } = {}) {
  const started = Date.now();
  if (!force && isProvisioned()) {
    // The browser is a system package and can go away after code-server was installed.
    if (!existsSync(CHROMIUM_PATH)) await ensureSystemPackages();
    if (!quietWhenCached) log(`code-server ${CODE_SERVER_VERSION} already provisioned in ${cacheDir}`);
    return;
  }
  // Two test runs started together on a fresh machine must not install into one folder at once.
  const lock = `${cacheDir}.lock`;
  mkdirSync(dirname(cacheDir), { recursive: true });
  for (let waited = 0; ; waited += 1) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
      if (waited === 0) log(`waiting for another provisioning to finish (${lock})`);
      // A lock older than any real install is a crashed run's.
      if (Date.now() - statSync(lock).mtimeMs > 20 * 60_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    if (!force && isProvisioned()) {
      if (!quietWhenCached) log(`code-server ${CODE_SERVER_VERSION} was provisioned meanwhile in ${cacheDir}`);
      return;
    }
    await install(started);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** @param {number} started */
async function install(started) {
  log(`installing code-server ${CODE_SERVER_VERSION} into ${cacheDir} (log: ${logFile})`);
  mkdirSync(cacheDir, { recursive: true });
  rmSync(stampFile, { force: true });
  writeFileSync(logFile, `provisioning code-server ${CODE_SERVER_VERSION} with Node ${process.version}\n`);

  await ensureSystemPackages();

  // Its own package.json keeps npm from treating the project above as the install root.
  writeFileSync(
    join(cacheDir, 'package.json'),
    `${JSON.stringify({ name: 'imagesmith-code-server', private: true, dependencies: { 'code-server': CODE_SERVER_VERSION } }, null, 2)}\n`,
  );

  const env = { ...nodeHeadersEnv(), npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  const codeServerDir = join(cacheDir, 'node_modules', 'code-server');
  const vscodeDir = join(codeServerDir, 'lib', 'vscode');

  await step('npm install code-server (scripts off)', () => run('npm', ['install', '--ignore-scripts'], { cwd: cacheDir, env }));
  await step('npm install lib/vscode (scripts off)', () =>
    run('npm', ['install', '--omit=dev', '--ignore-scripts'], { cwd: vscodeDir, env }),
  );
  await step('system ripgrep in place of the downloaded one', () => {
    const rgPath = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
    const binDir = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
    mkdirSync(binDir, { recursive: true });
    copyFileSync(rgPath, join(binDir, 'rg'));
    chmodSync(join(binDir, 'rg'), 0o755);
  });
  // node-pty's install script calls `npx node-gyp`, which would stop to ask without yes.
  await step('npm rebuild lib/vscode (native modules)', () =>
    run('npm', ['rebuild'], { cwd: vscodeDir, env: { ...env, npm_config_yes: 'true' } }),
  );
  await step('links code-server expects', () => {
    forceSymlink('node_modules', join(vscodeDir, 'node_modules.asar'));
    forceSymlink('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
    forceSymlink('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  });
  await step('npm install lib/vscode/extensions', () =>
    run('npm', ['install', '--omit=dev'], { cwd: join(vscodeDir, 'extensions'), env: { ...env, npm_config_yes: 'true' } }),
  );
  await step('npm rebuild argon2', () => run('npm', ['rebuild', 'argon2'], { cwd: cacheDir, env }));
  await step('check code-server starts', () => {
    // An explicit config keeps it from writing one, with a password, into ~/.config.
    const config = join(cacheDir, 'version-check.yaml');
    writeFileSync(config, 'auth: none\n');
    return run(process.execPath, [codeServerBin, '--config', config, '--version'], { cwd: cacheDir });
  });

  writeFileSync(stampFile, `${JSON.stringify({ ...expectedStamp(), provisionedAt: new Date().toISOString() }, null, 2)}\n`);
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)}s`);
}

function tailOfLog(lines) {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  provision({ force: process.argv.includes('--force'), quietWhenCached: false }).catch((error) => {
    if (error instanceof ProvisionError) {
      console.error(`[provision] FAILED: ${error.message}`);
      const tail = tailOfLog(30);
      if (tail) console.error(`[provision] last lines of ${logFile}:\n${tail}`);
    } else {
      console.error('[provision] FAILED:', error);
    }
    process.exit(1);
  });
}
