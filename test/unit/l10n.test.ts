import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

const root = path.join(__dirname, '..', '..');
const LANGUAGES = ['de', 'ja', 'zh-cn'];
const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;
const messageOf = (value: unknown): string => (typeof value === 'string' ? value : String((value as { message?: unknown }).message));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** What must come through a translation unchanged: placeholders, setting links, command links, code. */
function fixedParts(text: string): string[] {
  return [
    ...(text.match(/\{\d+\}/g) ?? []),
    ...(text.match(/`#[\w.]+#`/g) ?? []),
    ...(text.match(/\]\(command:[^)]+\)/g) ?? []),
    ...(text.match(/\{\{\w+\}\}/g) ?? []),
  ].sort();
}

describe('localization', () => {
  describe('package.json contributions', () => {
    const manifest = readFileSync(path.join(root, 'package.json'), 'utf8');
    const english = readJson('package.nls.json');

    it('take every user-facing text from package.nls.json', () => {
      const used = new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((match) => match[1] ?? ''));
      assert.deepEqual([...used].filter((key) => !(key in english)), [], 'keys used in package.json but missing from package.nls.json');
      assert.deepEqual(Object.keys(english).filter((key) => !used.has(key)), [], 'keys in package.nls.json that package.json no longer uses');
      const contributes = (JSON.parse(manifest) as { contributes: { commands: Array<{ title: string }> } }).contributes;
      for (const command of contributes.commands) assert.match(command.title, /^%.+%$/, `command title "${command.title}" is not localized`);
    });

    for (const language of LANGUAGES) {
      it(`are translated whole into ${language}, links and placeholders kept`, () => {
        const translated = readJson(`package.nls.${language}.json`);
        assert.deepEqual(Object.keys(english).filter((key) => !(key in translated)), [], `missing from package.nls.${language}.json`);
        assert.deepEqual(Object.keys(translated).filter((key) => !(key in english)), [], `left over in package.nls.${language}.json`);
        for (const [key, value] of Object.entries(english)) {
          assert.deepEqual(fixedParts(messageOf(translated[key])), fixedParts(messageOf(value)), `${language} ${key}`);
        }
      });
    }
  });

  describe('the host’s strings (vscode.l10n.t)', () => {
    let inCode: Record<string, unknown> = {};
    before(async function () {
      this.timeout(60_000);
      inCode = await getL10nJson(sourceFiles(path.join(root, 'src')).map((file) => ({ extension: '.ts', contents: readFileSync(file, 'utf8') })));
    });

    it('are all in l10n/bundle.l10n.json (npm run l10n writes it)', () => {
      const bundle = readJson('l10n/bundle.l10n.json');
      assert.ok(Object.keys(inCode).length > 0, 'no vscode.l10n.t strings found in src/');
      assert.deepEqual(Object.keys(inCode).filter((key) => !(key in bundle)), [], 'strings used in code but not in the bundle: run npm run l10n');
      assert.deepEqual(Object.keys(bundle).filter((key) => !(key in inCode)), [], 'strings in the bundle that no code uses: run npm run l10n');
    });

    for (const language of LANGUAGES) {
      it(`are all translated into ${language}, placeholders kept`, () => {
        const translated = readJson(`l10n/bundle.l10n.${language}.json`);
        assert.deepEqual(Object.keys(inCode).filter((key) => !(key in translated)), [], `missing from l10n/bundle.l10n.${language}.json`);
        assert.deepEqual(Object.keys(translated).filter((key) => !(key in inCode)), [], `left over in l10n/bundle.l10n.${language}.json`);
        for (const key of Object.keys(inCode)) assert.deepEqual(fixedParts(messageOf(translated[key])), fixedParts(key), `${language}: ${key}`);
      });
    }
  });
});
