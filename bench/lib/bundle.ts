/** esbuild, as the extension's own build uses it, for the code the bench runs elsewhere. */
import * as esbuild from 'esbuild';
import * as path from 'node:path';

const projectRoot = path.resolve(__dirname, '..', '..');

/** A Node CommonJS bundle of `entry` (relative to the project) at `outfile`; `vscode` and `options.external` stay external. */
export async function bundleNode(entry: string, outfile: string, options: { minify?: boolean; external?: readonly string[] } = {}): Promise<void> {
  await esbuild.build({
    minify: options.minify ?? false,
    absWorkingDir: projectRoot,
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode', ...(options.external ?? [])],
    logLevel: 'warning',
  });
}

/** A browser IIFE of `entry`, as text, for a page's init script. */
export async function bundleBrowser(entry: string): Promise<string> {
  const result = await esbuild.build({
    absWorkingDir: projectRoot,
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild made nothing of ${entry}`);
  return file.text;
}
