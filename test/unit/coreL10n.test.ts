// The core's messages go through @vscode/l10n: English with no bundle (as the unit tests
// run), the display language once the host hands it the bundle VS Code loaded.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { statusError } from '../../src/core/providerErrors';
import { remedyLabel } from '../../src/core/remedyLabels';

const bundle = (language: string): Record<string, string> =>
  JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'l10n', `bundle.l10n.${language}.json`), 'utf8')) as Record<string, string>;

describe('the core’s messages in the display language', () => {
  // The runtime keeps one bundle per process: an empty one puts English back for the suites after this one.
  afterEach(() => l10n.config({ contents: {} }));

  it('are English without a bundle', () => {
    assert.equal(statusError('PopCord', 500, 'Internal generation error').message, 'PopCord had a server error (HTTP 500: Internal generation error). Try again later.');
    assert.equal(remedyLabel('retry'), 'Retry');
  });

  it('are Japanese, German and Chinese with their bundles, placeholders filled', () => {
    l10n.config({ contents: bundle('ja') });
    assert.equal(statusError('PopCord', 500, 'Internal generation error').message, 'PopCord でサーバー エラーが発生しました (HTTP 500: Internal generation error)。後でもう一度お試しください。');
    assert.equal(remedyLabel('showLog'), 'ログを表示');
    l10n.config({ contents: bundle('de') });
    assert.equal(statusError('OpenAI', 429, '', { retryAfterSeconds: 20 }).message, 'OpenAI begrenzt die Anfragen (HTTP 429). Warten Sie 20 s und versuchen Sie es erneut.');
    l10n.config({ contents: bundle('zh-cn') });
    assert.equal(remedyLabel('setApiKey'), '设置 API 密钥…');
    assert.equal(remedyLabel('setApiKey', true), bundle('zh-cn')['Set Login…']);
  });
});
