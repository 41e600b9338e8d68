// Bundles the extension (Node, CommonJS, `vscode` external) and, when present, the
// webview app (browser, IIFE). Modelled on microsoft/vscode-extension-samples esbuild-sample.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * Prints errors in the shape the `$esbuild-watch` problem matcher understands; the
 * "[watch]" lines that bracket each build are for that matcher, so only `--watch` prints them.
 */
const esbuildProblemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  // The bundled libraries' licence comments go to <bundle>.LEGAL.txt beside each bundle (and
  // into the .vsix). Left at the end of main.js, a name in one made the whole file non-ASCII,
  // which V8 holds and reads as a two-byte string.
  legalComments: 'linked',
  logLevel: 'silent',
  plugins: [esbuildProblemMatcherPlugin],
};

/** extension.js requires main.js on first use; the two bundles must not swallow each other. */
const mainStaysApart = {
  name: 'main-stays-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/main(\.js)?$/ }, () => ({ path: './main.js', external: true }));
    build.onResolve({ filter: /^\.\/references\.js$/ }, () => ({ path: './references.js', external: true }));
  },
};

/**
 * One copy of the `vscode` API object per bundle. esbuild gives each file's
 * `import * as vscode from 'vscode'` of the external module a namespace object of its own, a
 * getter for every one of the API's properties (its __toESM): in main.js 43 files made about
 * 17,000 getters, a megabyte of the first command's allocations, which pushed V8 into a
 * garbage collection before the first request. Routed through one module made here, which
 * re-exports the API, the copy is made once.
 */
const oneVscodeNamespace = {
  name: 'one-vscode-namespace',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-api' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-api' },
    );
    build.onLoad({ filter: /^vscode$/, namespace: 'vscode-api' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

const node = { ...common, format: 'cjs', platform: 'node', target: 'node20', external: ['vscode'], plugins: [...common.plugins, oneVscodeNamespace] };

const builds = [
  // What activation loads: a few kilobytes that register the commands and the view.
  { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', plugins: [...node.plugins, mainStaysApart] },
  // The image-reference quick fix, loaded on the first code-action request.
  { ...node, entryPoints: ['src/host/referenceActions.ts'], outfile: 'dist/references.js' },
  // Everything else, loaded on the first command or when the view opens. The file is one
  // function expression, the wrapper Node puts around a CommonJS module, written around the
  // bundle here so that host/codeCache.ts compiles the file's text as it is read: wrapping it
  // there copied all of its 700 KB once more on the way to the first request.
  {
    ...node,
    entryPoints: ['src/main.ts'],
    outfile: 'dist/main.js',
    banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
    footer: { js: '});' },
  },
  // The image worker thread, started on the first export or thumbnail. sharp is required at
  // run time from dist/node_modules (copyImageLibrary): it finds its native binding by paths
  // a bundle would break.
  { ...node, entryPoints: ['src/core/export/worker.ts'], outfile: 'dist/imageWorker.js', external: [...node.external, 'sharp'] },
];

// The webview's icon font comes from @vscode/codicons; a copy goes into dist/ because the
// .vsix carries no node_modules.
function copyCodicons() {
  fs.mkdirSync('dist/codicons', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) {
    fs.copyFileSync(require.resolve(`@vscode/codicons/dist/${file}`), `dist/codicons/${file}`);
  }
}

// sharp as npm installs it, in dist/node_modules: its JavaScript and dependencies, and its
// native part for one platform and architecture (the binding, and libvips beside it).
// `npm run package` puts another platform's native part there for that platform's .vsix.
function copyImageLibrary(platform = nativeImagePlatform()) {
  const into = path.join('dist', 'node_modules');
  fs.rmSync(into, { recursive: true, force: true });
  for (const name of [...withDependencies('sharp'), ...nativeImagePackages(platform)]) {
    fs.cpSync(packageDir(name), path.join(into, name), { recursive: true, dereference: true, filter: runs });
  }
}

/**
 * What a package needs at run time: not its types, C++ sources, build scripts, ES module
 * copies or documents. Licences stay, and so does libvips's README, which is its licensing.
 */
function runs(file) {
  const name = path.basename(file);
  if (/^licen[cs]e/i.test(name) || /sharp-libvips-[^\\/]+[\\/]README\.md$/.test(file)) return true;
  if (/\.(d\.[cm]?ts|mjs|md|map|cc|h|gyp)$/.test(name)) return false;
  return !(fs.statSync(file).isDirectory() && /[\\/]sharp[\\/](src|install)$/.test(file));
}

/** A package and, transitively, what it depends on. */
function withDependencies(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  const manifest = JSON.parse(fs.readFileSync(path.join(packageDir(name), 'package.json'), 'utf8'));
  for (const dependency of Object.keys(manifest.dependencies ?? {})) withDependencies(dependency, seen);
  return seen;
}

/** Where a package is installed; sharp's packages export neither package.json nor their folder. */
function packageDir(name) {
  return path.join(__dirname, 'node_modules', name);
}

/** sharp's name for this machine's platform: linux-x64, linuxmusl-arm64, darwin-arm64, win32-x64… */
function nativeImagePlatform() {
  // sharp's own answer (musl or glibc included), from a file its exports do not name.
  const { runtimePlatformArch } = require(path.join(path.dirname(require.resolve('sharp')), 'libvips.cjs'));
  return runtimePlatformArch();
}

/** sharp's native packages for a platform: its binding, and the libvips it names (Windows's binding carries libvips). */
function nativeImagePackages(platform) {
  const binding = `@img/sharp-${platform}`;
  const manifest = JSON.parse(fs.readFileSync(path.join(packageDir(binding), 'package.json'), 'utf8'));
  return [binding, ...Object.keys(manifest.optionalDependencies ?? {})];
}

// The sidebar's browser bundle joins the build once its entry exists.
const hasWebview = fs.existsSync('src/sidebar/app/main.ts');
if (hasWebview) {
  builds.push({
    ...common,
    entryPoints: ['src/sidebar/app/main.ts'],
    outfile: 'dist/webview.js',
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
  });
}

async function main() {
  if (hasWebview) copyCodicons();
  copyImageLibrary();
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  const results = await Promise.allSettled(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length > 0) process.exit(1);
  console.log(`Built ${builds.map((options) => options.outfile).join(', ')}${production ? ' (production: minified, no source maps)' : ''}.`);
}

// The unit tests read the builds (test/unit/packaging.test.ts); only `node esbuild.js` builds.
if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { builds, nativeImagePlatform };
