import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * Loads a CommonJS bundle the way `require` does, with V8's code cache for it kept on disk. The
 * file holds the bundle inside the function Node wraps a module in,
 * `(function (exports, require, module, __filename, __dirname) { … })`, so that its text is
 * compiled as read, not copied into a wrapper first.
 *
 * Compiling `main.js` (undici, zod and the extension) and compiling, lazily, every function
 * the first command runs is a large part of what the first Generate of a window waits for.
 * Node 20, which VS Code's extension host runs on, has no compile cache of its own
 * (`module.enableCompileCache` came in Node 22 and is process-wide), so the bundle is
 * compiled through `vm.Script`, and once the first command has run, the bytecode of
 * everything it compiled is written into the extension's global storage. The next window
 * reads it back. V8 checks the cache against the source and its own version and flags and
 * rejects one that does not match, in which case the code compiles as usual and the cache
 * is written anew. A cache that cannot be read or written only costs that time.
 */
export interface CachedModule<T> {
  readonly exports: T;
  /** Whether the code came from a cache V8 accepted. */
  readonly fromCache: boolean;
  /** Writes the cache if it was missing or rejected; the bytecode of what ran so far goes in. */
  save(): void;
}

export function requireWithCodeCache<T>(file: string, cacheDir: string): CachedModule<T> {
  // Read as Latin-1: esbuild writes ASCII (it escapes every other character, outside comments),
  // and Latin-1 skips the UTF-8 decoder's pass over 700 KB. Any other byte can only be in a
  // comment, where a wrong letter changes nothing.
  const source = fs.readFileSync(file, 'latin1');
  const stat = fs.statSync(file);
  // The name changes with the bundle and the engine, so an old cache is never even offered.
  const cacheFile = path.join(cacheDir, `${path.basename(file)}.${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.versions.v8}.cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // The file is already the function Node wraps a CommonJS module in (esbuild.js writes it so).
  const script = new vm.Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const fromCache = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as T };
  // `require('vscode')` from the bundle must be seen as the extension's own: the editor
  // tells which extension asks by the requiring module's path.
  const run = script.runInThisContext() as (exports: T, require: NodeJS.Require, module: { exports: T }, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  let saved = fromCache;
  return {
    exports: module.exports,
    fromCache,
    save() {
      if (saved) return;
      saved = true;
      try {
        writeCache(cacheDir, cacheFile, script.createCachedData());
      } catch {
        // Only speed is lost: the next window compiles the bundle as this one did.
      }
    },
  };
}

/**
 * Written whole or not at all. This bundle's older caches go first, and any partial file a
 * stopped editor left; a window that loses its partial file to another loses only its write.
 */
function writeCache(cacheDir: string, cacheFile: string, data: Buffer): void {
  fs.mkdirSync(cacheDir, { recursive: true });
  const prefix = `${path.basename(cacheFile).split('.')[0]}.`;
  for (const old of fs.readdirSync(cacheDir)) {
    if (old.startsWith(prefix) && (old.endsWith('.cache') || old.endsWith('.partial'))) fs.rmSync(path.join(cacheDir, old), { force: true });
  }
  const partial = `${cacheFile}.${process.pid}.partial`;
  fs.writeFileSync(partial, data);
  fs.renameSync(partial, cacheFile);
}
