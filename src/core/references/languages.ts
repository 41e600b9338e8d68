/** The VS Code languages whose documents can name images; the activation entry registers the quick fix for them. */
export const REFERENCE_LANGUAGES: readonly string[] = [
  'markdown',
  'mdx',
  'html',
  'vue',
  'svelte',
  'astro',
  'javascriptreact',
  'typescriptreact',
  'css',
  'scss',
  'less',
  'sass',
  // Web app manifests: manifest.json and *.webmanifest, which VS Code opens as JSON.
  'json',
  'jsonc',
];
