import { strict as assert } from 'node:assert';
import {
  MAX_SLUG_LENGTH,
  candidateNames,
  fileStem,
  isSafeRelativeFolder,
  nameFor,
  sidecarName,
  slugify,
  timestamp,
} from '../../src/core/fileNames';

describe('fileNames', () => {
  describe('slugify', () => {
    const cases: Array<[string, string]> = [
      ['A cat in a hat!', 'a-cat-in-a-hat'],
      ['  --Hello__World--  ', 'hello-world'],
      ['Crème brûlée à la façon de Nîmes', 'creme-brulee-a-la-facon-de-nimes'],
      ['Straße, Œuvre, Ærø, Łódź', 'strasse-oeuvre-aero-lodz'],
      ['ＡＢＣ１２３ ﬁsh', 'abc123-fish'],
      ['Portrait: "neon" 80s, 4k', 'portrait-neon-80s-4k'],
      ['line one\nline two', 'line-one-line-two'],
      ['猫 🐱 cat', 'cat'],
      ['日本語のプロンプト', 'image'],
      ['', 'image'],
      ['---', 'image'],
      ['a very long prompt about a majestic castle on a hill at sunset', 'a-very-long-prompt-about-a-majestic'],
      ['x'.repeat(60), 'x'.repeat(40)],
      [`a ${'b'.repeat(50)}`, `a-${'b'.repeat(38)}`],
      // The 41st character is a hyphen: the first 40 are whole words already.
      [`${'abcd '.repeat(8)}tail`, 'abcd-abcd-abcd-abcd-abcd-abcd-abcd-abcd'],
      [`${'x'.repeat(39)} y`, 'x'.repeat(39)],
    ];
    for (const [prompt, slug] of cases) {
      it(`${JSON.stringify(prompt.slice(0, 30))} → ${slug}`, () => assert.equal(slugify(prompt), slug));
    }

    it('always gives 1 to 40 characters of [a-z0-9] words joined by single hyphens', () => {
      let seed = 42;
      const next = (): number => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed;
      };
      const alphabet = 'aZ09 -_.,:/é日🐱\n\tßÆ';
      for (let i = 0; i < 500; i++) {
        const length = next() % 120;
        const prompt = Array.from({ length }, () => [...alphabet][next() % [...alphabet].length]).join('');
        const slug = slugify(prompt);
        assert.match(slug, /^[a-z0-9]+(-[a-z0-9]+)*$/, JSON.stringify(prompt));
        assert.ok(slug.length <= MAX_SLUG_LENGTH, JSON.stringify(prompt));
      }
    });
  });

  describe('timestamp', () => {
    it('writes local time as YYYYMMDD-HHmmss with zero padding', () => {
      assert.equal(timestamp(new Date(2026, 10, 21, 10, 15, 0)), '20261121-101500');
      assert.equal(timestamp(new Date(2026, 0, 2, 3, 4, 5)), '20260102-030405');
      assert.equal(timestamp(new Date(2026, 11, 31, 23, 59, 59, 999)), '20261231-235959');
    });
  });

  describe('names', () => {
    const date = new Date(2026, 10, 21, 10, 15, 0);

    it('makes the stem from the time and the prompt', () => {
      assert.equal(fileStem(date, 'A Cat!'), '20261121-101500-a-cat');
    });

    it('numbers the names from the second one', () => {
      assert.equal(nameFor('20261121-101500-cat', 1, 'png'), '20261121-101500-cat.png');
      assert.equal(nameFor('20261121-101500-cat', 2, 'png'), '20261121-101500-cat-2.png');
      assert.equal(nameFor('20261121-101500-cat', 10, '.jpg'), '20261121-101500-cat-10.jpg');
      assert.throws(() => nameFor('s', 0, 'png'), RangeError);
      assert.throws(() => nameFor('s', 1.5, 'png'), RangeError);
    });

    it('offers names without end', () => {
      const names = candidateNames(date, 'cat', 'webp');
      const first = [names.next().value, names.next().value, names.next().value];
      assert.deepEqual(first, ['20261121-101500-cat.webp', '20261121-101500-cat-2.webp', '20261121-101500-cat-3.webp']);
      for (let i = 0; i < 1000; i++) names.next();
      assert.equal(names.next().value, '20261121-101500-cat-1004.webp');
    });

    it('puts the sidecar beside the image with .txt', () => {
      assert.equal(sidecarName('20261121-101500-cat.png'), '20261121-101500-cat.txt');
      assert.equal(sidecarName('20261121-101500-cat-2.jpg'), '20261121-101500-cat-2.txt');
      assert.equal(sidecarName('assets/20261121-101500-cat.webp'), 'assets/20261121-101500-cat.txt');
      assert.equal(sidecarName('a.b/noext'), 'a.b/noext.txt');
      assert.equal(sidecarName('dir\\.hidden'), 'dir\\.hidden.txt');
    });
  });

  describe('isSafeRelativeFolder', () => {
    const safe = ['assets', 'docs/images', './assets', 'docs\\images', '.', 'my assets', '.images', 'a..b', '..foo'];
    const unsafe = ['', '   ', '/x', '/', '\\x', 'C:\\x', 'c:/x', 'C:x', '\\\\server\\share', '//server/share', '..', '../x', 'a/../b', 'a\\..\\b', 'a/..', '...', 'a/.. /b', 'a/. ./b', 'a\0b'];
    for (const folder of safe) it(`accepts ${JSON.stringify(folder)}`, () => assert.equal(isSafeRelativeFolder(folder), true));
    for (const folder of unsafe) it(`refuses ${JSON.stringify(folder)}`, () => assert.equal(isSafeRelativeFolder(folder), false));
  });
});
