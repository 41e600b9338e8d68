import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const PROVIDER_MODULES = ['popcord', 'aithriving', 'imagepipeline', 'openai', 'openaiEdit', 'stability', 'stabilityEdit', 'automatic1111', 'comfyui'];
/** undici's entry and the parts of it a generation does not need. */
const UNDICI_EXTRAS = ['index.js', 'lib/web/fetch/index.js', 'lib/web/fetch/formdata.js', 'lib/web/websocket/websocket.js', 'lib/cache/sqlite-cache-store.js', 'lib/mock/mock-agent.js'];

interface Loaded {
  /** The provider modules that ran. */
  readonly providers: string[];
  /** Those of UNDICI_EXTRAS that ran. */
  readonly undici: string[];
}

/**
 * Loads `src/main.ts` in a fresh process, with `vscode` answered by an inert stand-in (nothing
 * of it is called while modules load), runs `then`, and lists the provider modules and the
 * parts of undici that ran.
 * Under tsx as in the bundle, a static import runs its module at once and the registry's
 * `require` only when a provider is asked for.
 */
function modulesRun(then: string): Loaded {
  const script = `const Module = require('node:module');
    const inert = new Proxy(function () {}, { get: (_, key) => (key === '__esModule' ? false : inert), apply: () => inert, construct: () => inert });
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest); };
    require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: inert };
    require(${JSON.stringify(path.resolve('src/main.ts'))});
    const { PROVIDERS, CAPABILITIES } = { ...require(${JSON.stringify(path.resolve('src/providers/index.ts'))}), ...require(${JSON.stringify(path.resolve('src/providers/capabilities.ts'))}) };
    ${then}
    const names = ${JSON.stringify(PROVIDER_MODULES)};
    const dir = ${JSON.stringify(path.resolve('src/providers'))};
    const undici = require('node:path').dirname(require.resolve('undici/package.json'));
    process.stdout.write(JSON.stringify({
      providers: names.filter((name) => require.cache[require('node:path').join(dir, name + '.ts')]),
      undici: ${JSON.stringify(UNDICI_EXTRAS)}.filter((file) => require.cache[require('node:path').join(undici, file)]),
    }));`;
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' })) as Loaded;
}

const providerModulesRun = (then: string): string[] => modulesRun(then).providers;

describe('loading the extension', function () {
  this.timeout(30_000);

  it('runs no provider’s module until that provider is asked for', () => {
    assert.deepEqual(providerModulesRun(''), []);
  });

  it('runs only the module of the provider asked for, and its edits’ where they are apart', () => {
    assert.deepEqual(providerModulesRun('PROVIDERS.popcord.label;'), ['popcord']);
    assert.deepEqual(providerModulesRun('PROVIDERS.stability.label;').sort(), ['stability', 'stabilityEdit']);
  });

  it('reads the sizes a provider makes without running any provider', () => {
    assert.deepEqual(providerModulesRun("CAPABILITIES.openai.sizeRule({ params: { model: 'dall-e-3' } }); CAPABILITIES.popcord.sizeRule({ params: {} });"), []);
  });

  it('hands out the same provider object every time', () => {
    assert.deepEqual(providerModulesRun("if (PROVIDERS.openai !== PROVIDERS.openai || PROVIDERS.popcord !== PROVIDERS.popcord) throw new Error('a new object');"), ['popcord', 'openai', 'openaiEdit']);
  });

  it('loads undici’s dispatchers and request API for a generation, not its entry, fetch, WebSocket or caches', () => {
    assert.deepEqual(modulesRun('PROVIDERS.popcord.label;').undici, []);
    // The check sees them where a provider needs them: ComfyUI's socket and upload form.
    assert.deepEqual(modulesRun('PROVIDERS.comfyui.label;').undici, ['lib/web/fetch/index.js', 'lib/web/fetch/formdata.js', 'lib/web/websocket/websocket.js']);
  });
});
