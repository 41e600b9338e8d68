import { strict as assert } from 'node:assert';
import { formatInfotext, parseInfotext } from '../../src/core/infotext';
import type { InfotextField } from '../../src/core/types';

const FIELDS: InfotextField[] = [
  ['Steps', 30],
  ['Sampler', 'K_EULER'],
  ['CFG scale', 7],
  ['Seed', 123],
  ['Size', '1024x1024'],
  ['Model', 'sdxl-turbo'],
  ['Provider', 'imagepipeline'],
];

function entries(map: Map<string, string>): Array<[string, string]> {
  return [...map.entries()];
}

describe('infotext', () => {
  describe('formatInfotext', () => {
    it('writes the prompt, the negative prompt line and the parameters line', () => {
      const text = formatInfotext({ prompt: 'a cat in a hat', negativePrompt: 'blurry, dark', fields: FIELDS });
      assert.equal(
        text,
        'a cat in a hat\nNegative prompt: blurry, dark\nSteps: 30, Sampler: K_EULER, CFG scale: 7, Seed: 123, Size: 1024x1024, Model: sdxl-turbo, Provider: imagepipeline',
      );
    });

    it('leaves out an empty negative prompt and keeps the prompt lines', () => {
      const expected = 'line one,\n  line two\nSteps: 30';
      assert.equal(formatInfotext({ prompt: 'line one,\r\n  line two\n', fields: [['Steps', 30]] }), expected);
      assert.equal(formatInfotext({ prompt: 'line one,\n  line two', negativePrompt: '', fields: [['Steps', 30]] }), expected);
      assert.equal(formatInfotext({ prompt: 'line one,\n  line two', negativePrompt: ' \n ', fields: [['Steps', 30]] }), expected);
    });

    it('quotes values as A1111 does, as JSON strings', () => {
      const text = formatInfotext({
        prompt: 'p',
        fields: [
          ['Plain', 'K_EULER a'],
          ['Comma', 'a, b'],
          ['Colon', 'x: y'],
          ['Quote', 'say "hi"'],
          ['Newline', 'l1\nl2'],
          ['Padded', ' x '],
          ['Empty', ''],
          ['Unicode', '夜, é'],
          ['Slash', 'a/b\\c'],
        ],
      });
      assert.equal(
        text.split('\n')[1],
        'Plain: K_EULER a, Comma: "a, b", Colon: "x: y", Quote: "say \\"hi\\"", Newline: "l1\\nl2", Padded: " x ", Empty: "", Unicode: "夜, é", Slash: a/b\\c',
      );
    });

    it('writes numbers without trailing zeros or float noise, and booleans', () => {
      const text = formatInfotext({
        prompt: 'p',
        fields: [
          ['CFG scale', 7.5],
          ['Whole', 7.0],
          ['Sum', 0.1 + 0.2],
          ['Seed', 2 ** 53],
          ['Negative', -1],
          ['Refiner', true],
          ['Safety', false],
          ['Tiny', 1e-7],
        ],
      });
      assert.equal(text.split('\n')[1], 'CFG scale: 7.5, Whole: 7, Sum: 0.3, Seed: 9007199254740992, Negative: -1, Refiner: true, Safety: false, Tiny: 1e-7');
    });

    it('refuses labels that would not read back', () => {
      for (const label of ['', 'X', 'Steps:', 'a,b', ' Steps', 'CFG.scale', 'Négatif "x"']) {
        assert.throws(() => formatInfotext({ prompt: 'p', fields: [[label, 1]] }), RangeError, label);
      }
      assert.doesNotThrow(() => formatInfotext({ prompt: 'p', fields: [['Größe', 1], ['Hires upscale-by/2', 1], ['_x', 1]] }));
    });
  });

  describe('parseInfotext', () => {
    it('reads what AUTOMATIC1111 writes', () => {
      const a1111 = [
        'masterpiece, best quality, (a cat:1.2) in a hat,',
        '<lora:cats:0.8>, watercolor',
        'Negative prompt: lowres, bad anatomy,',
        'extra fingers',
        'Steps: 20, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 3913284271, Size: 512x768, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Lora hashes: "cats: 1a2b3c4d5e6f", Version: v1.10.1',
      ].join('\n');
      const parsed = parseInfotext(a1111);
      assert.equal(parsed.prompt, 'masterpiece, best quality, (a cat:1.2) in a hat,\n<lora:cats:0.8>, watercolor');
      assert.equal(parsed.negativePrompt, 'lowres, bad anatomy,\nextra fingers');
      assert.deepEqual(entries(parsed.fields), [
        ['Steps', '20'],
        ['Sampler', 'DPM++ 2M'],
        ['Schedule type', 'Karras'],
        ['CFG scale', '7'],
        ['Seed', '3913284271'],
        ['Size', '512x768'],
        ['Model hash', '6ce0161689'],
        ['Model', 'v1-5-pruned-emaonly'],
        ['Lora hashes', 'cats: 1a2b3c4d5e6f'],
        ['Version', 'v1.10.1'],
      ]);
    });

    it('copes with CRLF line endings and surrounding blank lines', () => {
      const parsed = parseInfotext('\r\na dog\r\nsecond line\r\nNegative prompt: cats\r\nSteps: 30, Seed: 1, Size: 64x64\r\n\r\n');
      assert.equal(parsed.prompt, 'a dog\nsecond line');
      assert.equal(parsed.negativePrompt, 'cats');
      assert.deepEqual(entries(parsed.fields), [['Steps', '30'], ['Seed', '1'], ['Size', '64x64']]);
    });

    it('takes text without a parameters line as all prompt', () => {
      assert.deepEqual(parseInfotext('just a prompt, with a comma\na cat, style: watercolor'), { prompt: 'just a prompt, with a comma\na cat, style: watercolor', negativePrompt: '', fields: new Map() });
      assert.deepEqual(parseInfotext('portrait: a woman'), { prompt: 'portrait: a woman', negativePrompt: '', fields: new Map() });
      assert.deepEqual(parseInfotext(''), { prompt: '', negativePrompt: '', fields: new Map() });
      assert.deepEqual(parseInfotext('  \n '), { prompt: '', negativePrompt: '', fields: new Map() });
    });

    it('takes a last line made only of one or two pairs for parameters when a prompt comes before it', () => {
      // So that what formatInfotext writes with few fields reads back; the price is that
      // a prompt ending in a line like this one, with no parameters after it, loses it.
      const parsed = parseInfotext('a portrait\nStyle: watercolor, Seed: 3');
      assert.equal(parsed.prompt, 'a portrait');
      assert.deepEqual(entries(parsed.fields), [['Style', 'watercolor'], ['Seed', '3']]);
    });

    it('takes a lone line with three pairs for parameters, as A1111 does', () => {
      const parsed = parseInfotext('Steps: 20, Seed: 5, Size: 512x512');
      assert.equal(parsed.prompt, '');
      assert.deepEqual(entries(parsed.fields), [['Steps', '20'], ['Seed', '5'], ['Size', '512x512']]);
    });

    it('never takes the negative prompt line for parameters', () => {
      const parsed = parseInfotext('a cat\nNegative prompt: style: ugly, mood: sad, light: dim');
      assert.equal(parsed.prompt, 'a cat');
      assert.equal(parsed.negativePrompt, 'style: ugly, mood: sad, light: dim');
      assert.equal(parsed.fields.size, 0);
    });

    it('keeps a malformed quoted value as written and the last of a repeated label', () => {
      const parsed = parseInfotext('p\nAa: "\\q", Bb: 1, Bb: 2, Cc: "x" y');
      assert.deepEqual(entries(parsed.fields), [['Aa', '"\\q"'], ['Bb', '2'], ['Cc', '"x" y']]);
    });

    it('reads a negative prompt with no prompt before it', () => {
      const parsed = parseInfotext(formatInfotext({ prompt: '', negativePrompt: 'blur', fields: [['Seed', 9]] }));
      assert.deepEqual(parsed, { prompt: '', negativePrompt: 'blur', fields: new Map([['Seed', '9']]) });
    });
  });

  describe('round trip', () => {
    const tricky: Array<{ prompt: string; negativePrompt?: string; fields: InfotextField[] }> = [
      { prompt: 'a cat, sitting: on a mat', fields: [['Model', 'sdxl-turbo']] },
      { prompt: 'say "cheese", please', negativePrompt: 'no "quotes", really: none', fields: FIELDS },
      { prompt: 'Größe 夜 🌙, déjà vu\n\n  indented line\nlast: line, with: pairs, three: of them', fields: [['Size', '1024x1024'], ['Seed', 7]] },
      { prompt: 'p', negativePrompt: 'line one\nline two, with comma', fields: [['Note', 'multi\nline, "quoted" \\ value: yes'], ['CFG scale', 7.5]] },
      { prompt: 'Steps: 1, Seed: 2, Size: 3', fields: [['Steps', 30]] },
    ];
    for (const [i, input] of tricky.entries()) {
      it(`gives back tricky case ${i + 1}`, () => {
        const parsed = parseInfotext(formatInfotext(input));
        assert.equal(parsed.prompt, input.prompt);
        assert.equal(parsed.negativePrompt, input.negativePrompt ?? '');
        assert.deepEqual(entries(parsed.fields), input.fields.map(([k, v]) => [k, String(v)]));
      });
    }

    it('gives back random prompts and values', () => {
      let seed = 7;
      const next = (n: number): number => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed % n;
      };
      const pieces = ['a', 'cat', ' ', ',', ':', '"', '\\', '\n', 'é', '夜', '🌙', '(x:1.2)', '<lora:y:0.5>', 'Steps: 3', '{"j": 1}', '\t', '  '];
      const text = (max: number): string => Array.from({ length: next(max) }, () => pieces[next(pieces.length)]).join('');
      const labels = ['Steps', 'Sampler', 'CFG scale', 'Seed', 'Size', 'Model hash', 'Lora hashes', 'Über-Größe', 'a/b'];
      const safePrompt = (raw: string): string =>
        raw
          .split('\n')
          .filter((line) => !line.trimStart().startsWith('Negative prompt:'))
          .join('\n')
          .trim();
      for (let i = 0; i < 1000; i++) {
        const prompt = safePrompt(`x${text(30)}`);
        const negativePrompt = next(2) ? safePrompt(text(20)) : '';
        const fields: InfotextField[] = labels.filter(() => next(2)).map((label) => {
          const kind = next(3);
          return [label, kind === 0 ? text(8) : kind === 1 ? next(100_000) / (next(3) ? 1 : 4) : next(2) === 1];
        });
        if (fields.length === 0) fields.push(['Seed', next(1000)]);
        const written = formatInfotext({ prompt, negativePrompt, fields });
        const parsed = parseInfotext(written);
        const context = JSON.stringify(written);
        assert.equal(parsed.prompt, prompt, context);
        assert.equal(parsed.negativePrompt, negativePrompt, context);
        assert.deepEqual(entries(parsed.fields), fields.map(([k, v]) => [k, String(v)]), context);
      }
    });
  });
});
