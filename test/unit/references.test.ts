import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { findCssImages } from '../../src/core/references/css';
import { addressChange, altChange } from '../../src/core/references/edits';
import { findHtmlImages, srcsetCandidates } from '../../src/core/references/html';
import { REFERENCE_LANGUAGES } from '../../src/core/references/languages';
import { findManifestImages } from '../../src/core/references/manifest';
import { findMarkdownImages } from '../../src/core/references/markdown';
import { readPlaceholder } from '../../src/core/references/placeholders';
import { fileNameWords } from '../../src/core/references/prompt';
import { publicDirCandidates, relativeAddress, resolveLocal } from '../../src/core/references/resolve';
import { familyOf, scanDocument, SCANNED_LANGUAGES, skipReason } from '../../src/core/references/scan';
import { summarize } from '../../src/core/references/summary';
import type { FoundReference } from '../../src/core/references/types';

/** The text each reference's span covers: what a rewrite would replace. */
const spans = (text: string, found: readonly FoundReference[]) => found.map((r) => text.slice(r.start, r.end));
const urls = (found: readonly FoundReference[]) => found.map((r) => r.url);

function apply(text: string, changes: ReadonlyArray<{ start: number; end: number; text: string } | undefined>): string {
  const sorted = changes.filter((c) => c !== undefined).sort((a, b) => b.start - a.start);
  return sorted.reduce((out, c) => out.slice(0, c.start) + c.text + out.slice(c.end), text);
}

describe('image references', () => {
  describe('Markdown', () => {
    it('finds inline images with alt text, titles, escapes, angle brackets and balanced parentheses', () => {
      const text = [
        '![A lighthouse at dusk](img/lighthouse.png "Dusk over the bay")',
        '![esc \\] alt](img/a\\(1\\).png)',
        '![spaces](<img/my photo.png>)',
        '![parens](img/shot_(2).png)',
        '![loose](img/loose photo.png)',
        '![q](img/q.png?v=2#top)',
        '\\![not an image](x.png)',
      ].join('\n');
      const found = findMarkdownImages(text);
      assert.deepEqual(urls(found), ['img/lighthouse.png', 'img/a(1).png', 'img/my photo.png', 'img/shot_(2).png', 'img/loose photo.png', 'img/q.png?v=2#top']);
      assert.deepEqual(spans(text, found), ['img/lighthouse.png', 'img/a\\(1\\).png', 'img/my photo.png', 'img/shot_(2).png', 'img/loose photo.png', 'img/q.png?v=2#top']);
      assert.equal(found[0]?.alt?.text, 'A lighthouse at dusk');
      assert.equal(found[0]?.title, 'Dusk over the bay');
      assert.equal(found[1]?.alt?.text, 'esc ] alt');
    });

    it('finds reference-style images through their definitions, case-insensitively', () => {
      const text = ['![Our logo][Logo]', '![Team][]', '![hero]', '', '[logo]: ./brand/logo.webp "The logo"', '[team]: <img/the team.jpg>', '[HERO]: /hero.png'].join('\n');
      const found = findMarkdownImages(text);
      assert.deepEqual(urls(found), ['./brand/logo.webp', 'img/the team.jpg', '/hero.png']);
      assert.deepEqual(spans(text, found), ['./brand/logo.webp', 'img/the team.jpg', '/hero.png']);
      assert.equal(found[0]?.title, 'The logo');
      assert.equal(found[0]?.alt?.text, 'Our logo');
    });

    it('leaves fenced code, code spans and HTML comments alone', () => {
      const text = ['```md', '![code](fenced.png)', '```', 'Use `![x](span.png)` to link.', '<!-- ![c](comment.png) -->', '~~~', '![t](tilde.png)', '~~~', '![real](real.png)'].join('\n');
      assert.deepEqual(urls(findMarkdownImages(text)), ['real.png']);
    });

    it('finds inline HTML in Markdown and heads the prompt with the nearest heading when there is no alt', () => {
      const refs = scanDocument('# Harbour\n\n## The boats\n\n<img src="boats.png" width="800" height="600">\n![](<empty alt.png>)\n', { documentPath: 'docs/index.md' });
      assert.deepEqual(
        refs.map((r) => [r.target, r.prompt, r.promptSource, r.size, r.line]),
        [
          [{ kind: 'file', path: 'docs/boats.png' }, 'The boats', 'heading', { width: 800, height: 600 }, 4],
          [{ kind: 'file', path: 'docs/empty alt.png' }, 'The boats', 'heading', undefined, 5],
        ],
      );
    });
  });

  describe('HTML and templates', () => {
    it('reads src, alt, width, height, title and a figure caption; entities decoded', () => {
      const text = '<figure><img src="img/hero&amp;co.webp" alt="A &quot;quiet&quot; bay" width="1200px" height="630"><figcaption>The <em>bay</em> at dawn</figcaption></figure>\n<img src=img/bare.png title="Bare">';
      const found = findHtmlImages(text, 'html');
      assert.deepEqual(urls(found), ['img/hero&co.webp', 'img/bare.png']);
      assert.deepEqual(spans(text, found), ['img/hero&amp;co.webp', 'img/bare.png']);
      assert.equal(found[0]?.alt?.text, 'A "quiet" bay');
      assert.deepEqual([found[0]?.width, found[0]?.height], [1200, 630]);
      assert.equal(found[0]?.title, 'The bay at dawn');
      assert.equal(found[1]?.title, 'Bare');
      assert.equal(found[1]?.altInsertAt, text.indexOf('img/bare.png') + 'img/bare.png'.length, 'where a missing alt goes');
    });

    it('reads every srcset candidate with its own size from the descriptors', () => {
      const text = '<img src="a.png" srcset="a.png 1x, a@2x.png 2x" width="300" height="200" alt="A"><picture><source srcset="s-480.webp 480w, s-960.webp 960w" width="480" height="320"></picture>';
      const found = findHtmlImages(text, 'html');
      assert.deepEqual(
        found.map((r) => [r.url, r.width, r.height]),
        [
          ['a.png', 300, 200],
          ['a.png', 300, 200],
          ['a@2x.png', 600, 400],
          ['s-480.webp', 480, 320],
          ['s-960.webp', 960, 640],
        ],
      );
      assert.deepEqual(spans(text, found), ['a.png', 'a.png', 'a@2x.png', 's-480.webp', 's-960.webp']);
      assert.deepEqual(srcsetCandidates(' x.png ,y.png 2x', 0).map((c) => c.url), ['x.png', 'y.png']);
    });

    it('skips values the template computes: JSX expressions, Vue bindings, Svelte and mustache braces, template literals', () => {
      const text = [
        '<img src={hero} alt="a" />',
        '<img src={`/img/${name}.png`} />',
        '<img :src="hero" /><img v-bind:src="hero" /><img [src]="hero" />',
        '<img src="{hero}" /><img {src} /><img src="{{ hero }}" /><img src="<%= hero %>" />',
        '<img src={"/literal.png"} width={640} height={480} alt={"Lit"} /><img src={`/tpl.png`} />',
      ].join('\n');
      const found = findHtmlImages(text, 'jsx');
      assert.deepEqual(urls(found), ['/literal.png', '/tpl.png']);
      assert.deepEqual([found[0]?.width, found[0]?.height, found[0]?.alt?.text], [640, 480, 'Lit']);
      assert.deepEqual(spans(text, found), ['/literal.png', '/tpl.png']);
    });

    it('reads Next.js <Image>, icons with sizes, apple-touch icons, video posters and SVG images', () => {
      const text = [
        '<Image src="/team.png" width={1200} height={630} alt="Our team" />',
        '<link rel="icon" href="/favicon-32.png" sizes="16x16 32x32">',
        '<link rel="apple-touch-icon" href="/apple-touch-icon.png">',
        '<link rel="stylesheet" href="/site.css">',
        '<video poster="poster.jpg" src="clip.mp4"></video>',
        '<svg><image href="inner.png" width="10" height="10"/></svg>',
      ].join('\n');
      const found = findHtmlImages(text, 'jsx');
      assert.deepEqual(
        found.map((r) => [r.url, r.width, r.height]),
        [
          ['/team.png', 1200, 630],
          ['/favicon-32.png', 32, 32],
          ['/apple-touch-icon.png', 180, 180],
          ['poster.jpg', undefined, undefined],
          ['inner.png', 10, 10],
        ],
      );
    });

    it('finds Vue and Svelte template images, their <style> url()s, and not those in comments', () => {
      const vue = '<template>\n  <img src="@/assets/alias.png"><img src="./local.png" alt="Local">\n  <!-- <img src="gone.png"> -->\n</template>\n<style>\n.a { background: url(./bg.png) }\n/* url(nope.png) */\n</style>\n';
      const refs = scanDocument(vue, { documentPath: 'src/App.vue', languageId: 'vue' });
      assert.deepEqual(refs.map((r) => (r.target.kind === 'file' ? r.target.path : r.url)), ['src/local.png', 'src/bg.png']);
    });
  });

  describe('CSS', () => {
    it('reads url() quoted or not, with escapes, and skips variables, interpolation, data and fragments', () => {
      const text = [
        '.a { background: url("img/a.png") }',
        ".b { background: url('img/b b.png') }",
        '.c { background: url(img/c\\ d.png) }',
        '.d { background: url( img/d.png?#iefix ) }',
        '.e { background: url($base + "/e.png"); mask: url(#mask); content: url(data:image/png;base64,AAAA) }',
        '.f { background: url(#{$path}/f.png) } .g { background: url(@{path}/g.png) } .h { background: url(var(--x)) }',
        '/* .i { background: url(i.png) } */',
      ].join('\n');
      const found = findCssImages(text);
      assert.deepEqual(urls(found), ['img/a.png', 'img/b b.png', 'img/c d.png', 'img/d.png?#iefix']);
      assert.deepEqual(spans(text, found), ['img/a.png', 'img/b b.png', 'img/c\\ d.png', 'img/d.png?#iefix']);
    });

    it('prompts with the file name words for a stylesheet image', () => {
      const [ref] = scanDocument('.hero { background-image: url(../img/hero-banner@2x.webp) }', { documentPath: 'css/site.scss' });
      assert.deepEqual([ref?.target, ref?.prompt, ref?.promptSource], [{ kind: 'file', path: 'img/hero-banner@2x.webp' }, 'hero banner', 'file name']);
    });
  });

  describe('web app manifests', () => {
    it('reads icons, screenshots and shortcut icons with their largest size and the app name', () => {
      const text = JSON.stringify(
        {
          name: 'Harbour Notes',
          icons: [
            { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
            { src: 'icons/icon-any.png', sizes: '48x48 512x512' },
          ],
          screenshots: [{ src: 'shots/wide.png', sizes: '1280x720', label: 'The notes list' }],
          shortcuts: [{ name: 'New', icons: [{ src: 'icons/new.png', sizes: '96x96' }] }],
        },
        null,
        2,
      );
      const found = findManifestImages(text);
      assert.deepEqual(
        found.map((r) => [r.url, r.width, r.height]),
        [
          ['icons/icon-192.png', 192, 192],
          ['icons/icon-any.png', 512, 512],
          ['shots/wide.png', 1280, 720],
          ['icons/new.png', 96, 96],
        ],
      );
      assert.deepEqual(spans(text, found), urls(found));
      const refs = scanDocument(text, { documentPath: 'public/site.webmanifest' });
      assert.deepEqual(
        refs.map((r) => [r.prompt, r.promptSource]),
        [
          ['app icon for Harbour Notes', 'manifest'],
          ['app icon for Harbour Notes', 'manifest'],
          ['The notes list', 'title'],
          ['shortcut icon for Harbour Notes', 'manifest'],
        ],
      );
    });

    it('takes manifest.json and *.webmanifest only, and a broken one finds nothing', () => {
      assert.equal(familyOf('public/manifest.json', 'json'), 'manifest');
      assert.equal(familyOf('app.webmanifest'), 'manifest');
      assert.equal(familyOf('package.json', 'json'), undefined);
      assert.deepEqual(findManifestImages('{"icons": [{"src": "a.png"'), []);
    });
  });

  describe('placeholder services', () => {
    it('reads the size and text of each service', () => {
      const cases: Array<[string, string, number, number, string?]> = [
        ['https://placehold.co/600x400', 'placehold.co', 600, 400],
        ['https://placehold.co/600x400/png?text=Hello+World', 'placehold.co', 600, 400, 'Hello World'],
        ['https://placehold.co/300', 'placehold.co', 300, 300],
        ['//via.placeholder.com/728x90.png?text=Ad', 'via.placeholder.com', 728, 90, 'Ad'],
        ['https://dummyimage.com/640x360/000/fff&text=Hero+image', 'dummyimage.com', 640, 360, 'Hero image'],
        ['https://picsum.photos/800/600', 'picsum.photos', 800, 600],
        ['https://picsum.photos/id/237/200/300?grayscale', 'picsum.photos', 200, 300],
        ['https://picsum.photos/seed/boats/400', 'picsum.photos', 400, 400],
        ['http://placekitten.com/g/200/300', 'placekitten.com', 200, 300],
        ['https://loremflickr.com/320/240/dog,beach', 'loremflickr.com', 320, 240, 'dog beach'],
        ['https://fakeimg.pl/250x100/?text=Hi', 'fakeimg.pl', 250, 100, 'Hi'],
      ];
      for (const [url, service, width, height, text] of cases) {
        assert.deepEqual(readPlaceholder(url), { service, size: { width, height }, ...(text ? { text } : {}) }, url);
      }
      assert.equal(readPlaceholder('https://example.com/600x400.png'), undefined);
      assert.equal(readPlaceholder('img/placehold.co/600x400.png'), undefined);
    });

    it('takes a placeholder\'s text as the prompt when there is no alt, and its size', () => {
      const [ref] = scanDocument('<img src="https://placehold.co/1200x630?text=Summer+sale" alt="">', { documentPath: 'index.html' });
      assert.deepEqual([ref?.target, ref?.size, ref?.prompt], [{ kind: 'placeholder', service: 'placehold.co', text: 'Summer sale' }, { width: 1200, height: 630 }, 'Summer sale']);
    });
  });

  describe('paths', () => {
    it('resolves relative to the document, root-relative through public/, without query or hash, %-decoded', () => {
      const doc = { documentPath: 'site/pages/about.html' };
      assert.equal(resolveLocal('img/a.png', doc), 'site/pages/img/a.png');
      assert.equal(resolveLocal('../img/a.png?v=1#x', doc), 'site/img/a.png');
      assert.equal(resolveLocal('img/my%20photo.jpg', doc), 'site/pages/img/my photo.jpg');
      assert.equal(resolveLocal('/team.png', doc), 'team.png');
      assert.equal(resolveLocal('/team.png', { ...doc, publicDir: 'site/public' }), 'site/public/team.png');
      assert.equal(resolveLocal('../../../out.png', doc), undefined, 'out of the workspace');
      for (const remote of ['https://example.com/a.png', '//cdn.example.com/a.png', 'data:image/png;base64,AA', '~/assets/a.png', '@/assets/a.png']) {
        assert.equal(resolveLocal(remote, doc), undefined, remote);
      }
      assert.equal(resolveLocal('img/anim.gif', doc), undefined, 'a format Imagesmith does not write');
      assert.equal(resolveLocal('img/bad%zz.png', doc), 'site/pages/img/bad%zz.png', 'a broken escape is kept as written');
      assert.deepEqual(publicDirCandidates('apps/web/src/page.tsx'), ['apps/web/src/public', 'apps/web/public', 'apps/public', 'public']);
    });

    it('writes addresses relative to the document, escaping what a link needs', () => {
      assert.equal(relativeAddress('docs/guide/index.md', 'assets/20260101-a b.png'), '../../assets/20260101-a%20b.png');
      assert.equal(relativeAddress('index.html', 'img/(x).png'), 'img/%28x%29.png');
    });

    it('names images by their file name words', () => {
      assert.equal(fileNameWords('img/teamPhoto_2024-v2.png'), 'team photo');
      assert.equal(fileNameWords('icons/icon-192.png'), 'icon');
      assert.equal(fileNameWords('img/1200x630.png'), undefined);
    });
  });

  describe('what is not scanned', () => {
    it('skips node_modules, minified and very large files', () => {
      assert.match(skipReason('node_modules/pkg/README.md', '![a](b.png)') ?? '', /node_modules/);
      assert.match(skipReason('dist/app.min.css', '') ?? '', /minified/);
      assert.match(skipReason('dist/app.css', `a{}${'b{}'.repeat(3_000)}`) ?? '', /longer than/);
      assert.match(skipReason('big.html', `${'<p>x</p>\n'.repeat(250_000)}`) ?? '', /larger than/);
      assert.equal(skipReason('index.html', '<img src="a.png">\n'.repeat(5_000)), undefined);
      assert.deepEqual(scanDocument('![a](b.png)', { documentPath: 'node_modules/x/README.md' }), []);
    });

    it('offers the quick fix in every language it scans (the activation entry and package.json say the same)', () => {
      for (const language of SCANNED_LANGUAGES) assert.ok(REFERENCE_LANGUAGES.includes(language), language);
      const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
        activationEvents: string[];
        contributes: { codeActions: Array<{ languages: string[] }> };
      };
      assert.deepEqual(manifest.contributes.codeActions[0]?.languages, [...REFERENCE_LANGUAGES]);
      // JSON documents (settings, package.json) are everywhere: they do not activate Imagesmith; a manifest gets the quick fix once it is active.
      for (const language of REFERENCE_LANGUAGES.filter((l) => l !== 'json' && l !== 'jsonc')) assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
    });
  });

  describe('edits after generating', () => {
    it('rewrites a placeholder to the saved file and fills its empty alt, in each syntax', () => {
      const cases: Array<[string, string, string]> = [
        ['docs/page.md', '![](https://placehold.co/600x400)', '![Boats \\[at\\] dawn](../assets/boats.png)'],
        ['index.html', '<img src="https://placehold.co/600x400" alt="">', '<img src="assets/boats.png" alt="Boats [at] dawn">'],
        ['index.html', '<img src="https://placehold.co/600x400">', '<img src="assets/boats.png" alt="Boats [at] dawn">'],
        ['app/page.jsx', "<img src={'https://picsum.photos/600/400'} />", '<img src={\'../assets/boats.png\'} alt="Boats [at] dawn" />'],
        ['css/a.css', '.a{background:url(https://picsum.photos/600/400)}', '.a{background:url(../assets/boats.png)}'],
      ];
      for (const [documentPath, text, expected] of cases) {
        const [ref] = scanDocument(text, { documentPath });
        assert.ok(ref, text);
        const out = apply(text, [addressChange(ref, 'assets/boats.png', documentPath, undefined), altChange(ref, 'Boats [at] dawn')]);
        assert.equal(out, expected, text);
      }
    });

    it('keeps a root-relative address root-relative when the extension followed the bytes, and leaves written alt text alone', () => {
      const text = '<Image src="/hero.jpg" alt="Hero" width={10} height={10} />';
      const [ref] = scanDocument(text, { documentPath: 'web/app/page.tsx', publicDir: 'web/public' });
      assert.ok(ref);
      assert.deepEqual(ref.target, { kind: 'file', path: 'web/public/hero.jpg' });
      assert.equal(addressChange(ref, 'web/public/hero.jpg', 'web/app/page.tsx', 'web/public'), undefined, 'nothing to change at the same path');
      assert.equal(apply(text, [addressChange(ref, 'web/public/hero.png', 'web/app/page.tsx', 'web/public'), altChange(ref, 'x')]), text.replace('/hero.jpg', '/hero.png'));
    });

    it('escapes a manifest address as a JSON string', () => {
      const text = '{"icons":[{"src":"https://placehold.co/192","sizes":"192x192"}]}';
      const [ref] = scanDocument(text, { documentPath: 'manifest.json' });
      assert.ok(ref);
      assert.equal(apply(text, [addressChange(ref, 'icons/a "b".png', 'manifest.json', undefined)]), '{"icons":[{"src":"icons/a%20%22b%22.png","sizes":"192x192"}]}');
    });
  });

  it('summarizes what was made, at what size, and what failed', () => {
    assert.equal(summarize([{ wanted: 'img/a.png', saved: 'img/a.png', size: '1024x576 for 1200x630' }], []), 'Imagesmith made the image: img/a.png, 1024x576 for 1200x630.');
    assert.equal(
      summarize([{ wanted: 'https://placehold.co/600x400', saved: 'assets/x.png' }], [{ wanted: 'img/b.png', message: 'PopCord is busy.' }], 1),
      'Imagesmith made 1 of 3 images: assets/x.png (for https://placehold.co/600x400). Failed: img/b.png: PopCord is busy. 1 cancelled.',
    );
  });
});
