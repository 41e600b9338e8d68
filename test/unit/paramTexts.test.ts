import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';
import { PROVIDERS } from '../../src/providers';
import { buildControls } from '../../src/sidebar/controlSpecs';

/** Every title, description and empty choice the panel can show for a provider, with and without the server's lists. */
function shownTexts(): Set<string> {
  const texts = new Set<string>();
  for (const provider of Object.values(PROVIDERS)) {
    const listed = Object.fromEntries(Object.keys(provider.params.shape).map((key) => [key, ['a', 'b']]));
    for (const options of [{}, { choices: listed }]) {
      for (const control of buildControls(provider.params, options)) {
        texts.add(control.title);
        if (control.description) texts.add(control.description);
        if (control.kind === 'select' && control.emptyLabel) texts.add(control.emptyLabel);
      }
    }
  }
  return texts;
}

describe('the providers’ parameter texts', () => {
  it('are each worded for the display language by the host (src/sidebar/paramTexts.ts)', async function () {
    this.timeout(60_000);
    const source = readFileSync(path.join(__dirname, '..', '..', 'src', 'sidebar', 'paramTexts.ts'), 'utf8');
    const marked = await getL10nJson([{ extension: '.ts', contents: source }]);
    const missing = [...shownTexts()].filter((text) => !(text in marked));
    assert.deepEqual(missing, [], 'parameter texts without a vscode.l10n.t call in src/sidebar/paramTexts.ts');
  });
});
