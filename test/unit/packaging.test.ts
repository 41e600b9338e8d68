import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vm from 'node:vm';
import type { BuildOptions } from 'esbuild';
import * as esbuild from 'esbuild';

// The build's own list, so that a bundle added to esbuild.js is checked here without more ado.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { builds } = require('../../esbuild.js') as { builds: (BuildOptions & { outfile: string })[] };

/** The files `.vscodeignore` lets into the .vsix: it ignores everything, then names what goes in. */
function packaged(): string[] {
  return readFileSync('.vscodeignore', 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('!'))
    .map((line) => line.slice(1));
}

/** Whether `file` matches one of the patterns we use there: a path, `dir/**` or `dir/*.suffix`. */
function included(file: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    if (pattern.endsWith('/**')) return file.startsWith(pattern.slice(0, -2));
    const star = pattern.indexOf('*');
    if (star < 0) return file === pattern;
    const [head, tail] = [pattern.slice(0, star), pattern.slice(star + 1)];
    return file.startsWith(head) && file.endsWith(tail) && !file.slice(head.length, file.length - tail.length).includes('/');
  });
}

describe('what the .vsix carries', () => {
  it('takes in every bundle the build writes, and their licence files', () => {
    const patterns = packaged();
    assert.ok(builds.length >= 5);
    for (const { outfile } of builds) assert.ok(included(outfile, patterns), `${outfile} is built but left out of the .vsix by .vscodeignore`);
    assert.ok(included('dist/main.js.LEGAL.txt', patterns), 'the bundled libraries’ licence comments are left out of the .vsix');
  });

  it('writes main.js as the function a CommonJS module is wrapped in, which the code cache compiles as read', async function () {
    this.timeout(60_000);
    const options = builds.find((build) => build.outfile === 'dist/main.js');
    assert.ok(options, 'no build writes dist/main.js');
    for (const production of [false, true]) {
      const result = await esbuild.build({ ...options, minify: production, sourcemap: !production, write: false });
      const text = result.outputFiles.find((file) => file.path.endsWith(options.outfile))?.text ?? '';
      // Evaluating the text only makes the function; nothing in the bundle runs.
      const made: unknown = vm.runInThisContext(text);
      assert.equal(typeof made, 'function');
      assert.equal((made as (...args: unknown[]) => unknown).length, 5, 'exports, require, module, __filename, __dirname');
    }
  });

  it('makes one copy of the vscode API per bundle, however many files import it', async function () {
    this.timeout(60_000);
    for (const options of builds.filter((build) => build.platform === 'node')) {
      const result = await esbuild.build({ ...options, minify: true, sourcemap: false, write: false });
      const text = result.outputFiles.find((file) => file.path.endsWith(options.outfile))?.text ?? '';
      const requires = text.split('require("vscode")').length - 1;
      assert.ok(requires <= 1, `${options.outfile} requires vscode ${requires} times, each one a copy of the API object`);
    }
  });

  it('ships bundles that are ASCII only, which V8 holds as one-byte strings and the code cache reads as Latin-1', async function () {
    this.timeout(60_000);
    for (const options of builds) {
      const result = await esbuild.build({ ...options, minify: true, sourcemap: false, write: false });
      const bundle = result.outputFiles.find((file) => file.path.endsWith(options.outfile));
      assert.ok(bundle, `no output for ${options.outfile}`);
      const first = bundle.contents.findIndex((byte) => byte > 0x7f);
      const around = first < 0 ? '' : Buffer.from(bundle.contents.subarray(Math.max(0, first - 60), first + 10)).toString('utf8');
      assert.equal(first, -1, `${options.outfile} has a non-ASCII character at byte ${first}: …${around}…`);
    }
  });
});
