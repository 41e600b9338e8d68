// Lint for the whole project: typescript-eslint's type-aware recommended rules (what
// microsoft/vscode and GitLens build on), so an unawaited promise or an `any` that leaks
// through a boundary is caught before review. The plain-JavaScript build and test scripts
// get the untyped rule set: without types, the type-aware rules only report noise.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'bench-results/**', 'test-results/**', '**/*.d.mts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    rules: {
      // The activation entry loads the rest of the extension on first use, and the provider
      // registry each provider on its first use, synchronously (src/providers/index.ts).
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^\\./main\\.js$', '^\\./references\\.js$', '^\\./(popcord|aithriving|imagepipeline|openai|openaiEdit|stability|stabilityEdit|automatic1111|comfyui)$'] }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // `import { z } from 'zod'` is zod's whole namespace object, which the bundler cannot
      // shake: it pulled every locale and the JSON-schema converters into main.js (+350 KB,
      // paid on the first command). Named imports or `import * as z` are shaken.
      'no-restricted-syntax': ['error', {
        selector: "ImportDeclaration[source.value=/^zod/][importKind!='type'] > ImportSpecifier[imported.name='z']",
        message: "Import zod as `import * as z from 'zod/mini'`: the `z` object cannot be tree-shaken.",
      }],
      // Classic zod's schemas cost several times more to build than zod/mini's, and main.js
      // builds its schemas as it loads, on the first command: the extension is on zod/mini.
      // undici's entry evaluates all of undici (fetch, WebSocket, caches) as it loads; the
      // extension imports the modules it uses (src/core/undiciModules.d.ts).
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [
          { name: 'zod', message: "Use 'zod/mini' (import * as z from 'zod/mini'); a module that words zod's issues for people imports '../core/zodMessages'." },
          { name: 'undici', allowTypeImports: true, message: "Import the undici module that holds it (see src/core/undiciModules.d.ts): the entry loads all of undici on the first command." },
        ],
      }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node, sourceType: 'module' },
  },
  { files: ['esbuild.js'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
