import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireWithCodeCache } from '../../src/host/codeCache';

const loader = path.resolve('src/host/codeCache.ts');

/**
 * Loads the bundle in a fresh Node process, as a new window's extension host does: within one
 * process V8 keeps compiled scripts in memory and would never consult the cache on disk.
 */
function loadInNewProcess(bundle: string, cacheDir: string): { fromCache: boolean; answer: number } {
  const script = `const { requireWithCodeCache } = require(${JSON.stringify(loader)});
    const loaded = requireWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(cacheDir)});
    const answer = loaded.exports.answer();
    loaded.save();
    process.stdout.write(JSON.stringify({ fromCache: loaded.fromCache, answer }));`;
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' })) as { fromCache: boolean; answer: number };
}

/** A bundle as esbuild.js writes main.js: inside the function Node wraps a CommonJS module in. */
const moduleFunction = (body: string) => `(function (exports, require, module, __filename, __dirname) {\n${body}\n});\n//# sourceMappingURL=main.js.map\n`;

describe('the code cache of main.js', () => {
  let dir: string;
  let bundle: string;
  let cacheDir: string;
  const caches = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagesmith-code-cache-'));
    bundle = path.join(dir, 'main.js');
    cacheDir = path.join(dir, 'storage', 'code-cache');
    fs.writeFileSync(path.join(dir, 'helper.js'), 'module.exports = { twice: (n) => 2 * n };');
    // A bundle uses require relative to its own file, __dirname and module.exports, as esbuild's do.
    fs.writeFileSync(bundle, moduleFunction(`const h = require('./helper.js'); module.exports.answer = () => h.twice(21); exports.dir = __dirname; exports.file = __filename;`));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs the bundle as CommonJS, compiles it without a cache the first time and writes one when asked', () => {
    const first = requireWithCodeCache<{ answer(): number; dir: string; file: string }>(bundle, cacheDir);
    assert.equal(first.exports.answer(), 42);
    assert.equal(first.exports.dir, dir);
    assert.equal(first.exports.file, bundle);
    assert.equal(first.fromCache, false);
    assert.deepEqual(caches(), []);
    first.save();
    assert.equal(caches().length, 1);
    assert.match(caches()[0] ?? '', /^main\.js\.\d+-\d+-.+\.cache$/);

    const second = requireWithCodeCache<{ answer(): number }>(bundle, cacheDir);
    assert.equal(second.exports.answer(), 42);
    const written = fs.statSync(path.join(cacheDir, caches()[0] ?? '')).mtimeMs;
    second.save();
    assert.equal(fs.statSync(path.join(cacheDir, caches()[0] ?? '')).mtimeMs, written, 'an accepted cache is not written again');
  });

  it('offers no cache of an older bundle, and replaces it with the new one', () => {
    requireWithCodeCache(bundle, cacheDir).save();
    const old = caches();
    fs.writeFileSync(bundle, moduleFunction('module.exports.answer = () => 43;'));
    fs.utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
    const changed = requireWithCodeCache<{ answer(): number }>(bundle, cacheDir);
    assert.equal(changed.fromCache, false);
    assert.equal(changed.exports.answer(), 43);
    changed.save();
    assert.equal(caches().length, 1);
    assert.notDeepEqual(caches(), old);
  });

  it('is used by the next process, which compiles as usual when the cache is damaged and writes a good one', function () {
    this.timeout(60_000);
    assert.deepEqual(loadInNewProcess(bundle, cacheDir), { fromCache: false, answer: 42 });
    assert.equal(caches().length, 1);
    assert.deepEqual(loadInNewProcess(bundle, cacheDir), { fromCache: true, answer: 42 });
    const file = path.join(cacheDir, caches()[0] ?? '');
    fs.writeFileSync(file, Buffer.from('not V8 bytecode at all'));
    assert.deepEqual(loadInNewProcess(bundle, cacheDir), { fromCache: false, answer: 42 });
    assert.notEqual(fs.readFileSync(file, 'utf8'), 'not V8 bytecode at all');
    assert.deepEqual(loadInNewProcess(bundle, cacheDir), { fromCache: true, answer: 42 });
  });

  it('loses only speed when the cache cannot be written', () => {
    fs.mkdirSync(path.dirname(cacheDir), { recursive: true });
    fs.writeFileSync(cacheDir, 'a file where the folder should be');
    const loaded = requireWithCodeCache<{ answer(): number }>(bundle, cacheDir);
    assert.doesNotThrow(() => loaded.save());
    assert.equal(loaded.exports.answer(), 42);
    assert.equal(fs.readFileSync(cacheDir, 'utf8'), 'a file where the folder should be');
  });

  it('leaves the caches of other bundles alone, and removes what a stopped write left of its own', () => {
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(path.join(cacheDir, 'references.js.1-2-3.cache'), 'x');
    fs.writeFileSync(path.join(cacheDir, 'main.js.1-2-3.cache.999.partial'), 'half a cache');
    requireWithCodeCache(bundle, cacheDir).save();
    assert.equal(caches().length, 2);
    assert.ok(caches().includes('references.js.1-2-3.cache'));
    assert.ok(!caches().some((name) => name.endsWith('.partial')));
  });
});
