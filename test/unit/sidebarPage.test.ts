import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImagesmithError } from '../../src/core/errors';
import { toFailure } from '../../src/sidebar/failures';
import { contentSecurityPolicy, renderPage } from '../../src/sidebar/html';

describe('generator view page', () => {
  const page = renderPage({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'bm9uY2Ux"><script>',
    script: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
    styles: ['https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css'],
    language: 'ja',
    title: '画像ジェネレーター',
    l10n: { Generate: '生成', 'Gallery ({0})': '</script><script>alert(1)</script>' },
  });

  it('has a strict CSP: nothing by default, scripts by nonce, styles, images and fonts from the webview only', () => {
    const csp = contentSecurityPolicy('vscode-webview://x', 'abc');
    assert.equal(csp, "default-src 'none'; img-src vscode-webview://x; style-src vscode-webview://x; font-src vscode-webview://x; script-src 'nonce-abc'");
    assert.doesNotMatch(page, /unsafe-inline|unsafe-eval/);
  });

  it('has no inline script or style, and escapes what it puts in attributes', () => {
    assert.doesNotMatch(page, /<style|style=/);
    // One script that runs, by nonce; the other is the translations' JSON data block, which nothing runs.
    assert.equal((page.match(/<script/g) ?? []).length, 2);
    assert.match(page, /<script nonce="bm9uY2Ux&quot;&gt;&lt;script&gt;" src=/);
    assert.match(page, /<script type="application\/json" id="imagesmith-l10n">/);
  });

  it('hands the page its words in the display language, where no text of them can close the data block', () => {
    assert.match(page, /<html lang="ja">/);
    assert.match(page, /<title>画像ジェネレーター<\/title>/);
    const block = /<script type="application\/json" id="imagesmith-l10n">(.*?)<\/script>/s.exec(page)?.[1] ?? '';
    assert.doesNotMatch(block, /</);
    assert.deepEqual(JSON.parse(block), { Generate: '生成', 'Gallery ({0})': '</script><script>alert(1)</script>' });
  });

  it('writes an empty bundle for English, where the strings as written are the words', () => {
    const english = renderPage({ cspSource: 'x', nonce: 'n', script: 's', styles: [] });
    assert.match(english, /<html lang="en">/);
    assert.match(english, /<script type="application\/json" id="imagesmith-l10n">\{\}<\/script>/);
  });

  it('the webview code never parses HTML strings or writes inline styles', () => {
    const dir = join(__dirname, '../../src/sidebar/app');
    for (const file of readdirSync(dir)) {
      const source = readFileSync(join(dir, file), 'utf8');
      assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|setAttribute\(\s*'style'/, file);
    }
  });
});

describe('failures as the panel shows them', () => {
  const actions = (error: unknown) => toFailure(error).actions;

  it('offers the fix that fits the failure', () => {
    assert.deepEqual(actions(new ImagesmithError('missing-key', 'x')), ['setApiKey', 'retry', 'showLog']);
    assert.deepEqual(actions(new ImagesmithError('rejected-key', 'x')), ['setApiKey', 'retry', 'showLog']);
    for (const kind of ['rate-limited', 'provider', 'network', 'timeout', 'not-an-image'] as const) {
      assert.deepEqual(actions(new ImagesmithError(kind, 'x')), ['retry', 'showLog'], kind);
    }
    assert.deepEqual(actions(new ImagesmithError('no-workspace', 'x')), ['openFolder']);
    assert.deepEqual(actions(new ImagesmithError('cancelled', 'x')), []);
    assert.deepEqual(actions(new ImagesmithError('invalid-input', 'bad', { parameter: 'baseUrl', setting: 'imagesmith.providers.popcord.baseUrl' })), ['openSettings', 'showLog']);
    assert.deepEqual(actions(new ImagesmithError('invalid-input', 'Fix the setting imagesmith.providers.popcord.size.', { parameter: 'size', setting: 'imagesmith.providers.popcord.size' })), [
      'openSettings',
      'showLog',
    ]);
    assert.deepEqual(actions(new ImagesmithError('invalid-input', 'must be at most 4', { parameter: 'samples' })), ['showLog']);
  });

  it('keeps the kind, the parameter and a bounded message; anything else is a provider failure', () => {
    const failure = toFailure(new ImagesmithError('invalid-input', 'x'.repeat(5_000), { parameter: 'width' }));
    assert.equal(failure.kind, 'invalid-input');
    assert.equal(failure.parameter, 'width');
    assert.equal(failure.message.length, 2_000);
    assert.equal(toFailure(new Error('boom')).kind, 'provider');
  });
});
