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

const node = { ...common, format: 'cjs', platform: 'node', target: 'node20', external: ['vscode'] };

const builds = [
  // What activation loads: a few kilobytes that register the commands and the view.
  { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', plugins: [...common.plugins, mainStaysApart] },
  // The image-reference quick fix, loaded on the first code-action request.
  { ...node, entryPoints: ['src/host/referenceActions.ts'], outfile: 'dist/references.js' },
  // Everything else, loaded on the first command or when the view opens.
  { ...node, entryPoints: ['src/main.ts'], outfile: 'dist/main.js' },
  // The image worker thread, started on the first export or thumbnail.
  { ...node, entryPoints: ['src/core/export/worker.ts'], outfile: 'dist/imageWorker.js' },
];

// The webview's icon font comes from @vscode/codicons; a copy goes into dist/ because the
// .vsix carries no node_modules.
function copyCodicons() {
  fs.mkdirSync('dist/codicons', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) {
    fs.copyFileSync(require.resolve(`@vscode/codicons/dist/${file}`), `dist/codicons/${file}`);
  }
}

// wasm-vips is loaded from files, not bundled: its threads start workers from its own
// script, and it finds its .wasm files beside it. The same build runs on every platform.
function copyWasmVips() {
  fs.mkdirSync('dist/vips', { recursive: true });
  const entry = require.resolve('wasm-vips');
  const dir = path.dirname(entry);
  for (const file of ['vips-node.js', 'vips.wasm', 'vips-heif.wasm']) {
    fs.copyFileSync(path.join(dir, file), `dist/vips/${file}`);
  }
  // Its licence and those of the libraries compiled into it travel with the binaries.
  for (const file of ['LICENSE', 'THIRD-PARTY-NOTICES.md']) {
    fs.copyFileSync(path.join(dir, '..', file), `dist/vips/${file}`);
  }
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
  copyWasmVips();
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

module.exports = { builds };
