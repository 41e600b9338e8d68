import { strict as assert } from 'node:assert';
import { describeSizeRule, mapSize, parseSize, type SizeRule } from '../../src/core/sizes';
import { describeExportSize, exportSizeMapping, wantedSourceSize } from '../../src/core/export/exportSize';
import { parseRecipe } from '../../src/core/export/recipe';
import { CAPABILITIES } from '../../src/providers/capabilities';
import { POPCORD_SIZES } from '../../src/providers/documentedSizes';

const popcord: SizeRule = { kind: 'list', param: 'size', sizes: POPCORD_SIZES };
const openaiGpt = CAPABILITIES.openai.sizeRule({ params: { model: 'gpt-image-1' } });
const dalle3 = CAPABILITIES.openai.sizeRule({ params: { model: 'dall-e-3' } });
const stability = CAPABILITIES.stability.sizeRule({ params: {} });
const aithriving = CAPABILITIES.aithriving.sizeRule({ params: {} });
const automatic1111 = CAPABILITIES.automatic1111.sizeRule({ params: {} });

describe('size mapping', () => {
  it('keeps a size the list has', () => {
    const mapped = mapSize({ width: 1024, height: 576 }, popcord);
    assert.deepEqual(mapped.params, { size: '1024x576' });
    assert.equal(mapped.exact, true);
  });

  it('picks the nearest listed size of the same orientation, by shape first', () => {
    assert.equal(mapSize({ width: 1200, height: 630 }, popcord).made, '1024x576');
    assert.equal(mapSize({ width: 800, height: 600 }, popcord).made, '1024x768');
    assert.equal(mapSize({ width: 600, height: 600 }, popcord).made, '512x512');
    assert.equal(mapSize({ width: 1000, height: 1000 }, popcord).made, '1024x1024');
    assert.equal(mapSize({ width: 400, height: 900 }, popcord).made, '576x1024');
    assert.equal(mapSize({ width: 1200, height: 630 }, popcord).exact, false);
  });

  it("maps to OpenAI's sizes for the model: GPT image models and dall-e-3", () => {
    assert.deepEqual(mapSize({ width: 1920, height: 1080 }, openaiGpt).params, { size: '1536x1024' });
    assert.deepEqual(mapSize({ width: 1080, height: 1920 }, openaiGpt).params, { size: '1024x1536' });
    assert.deepEqual(mapSize({ width: 256, height: 256 }, openaiGpt).params, { size: '1024x1024' });
    assert.deepEqual(mapSize({ width: 1920, height: 1080 }, dalle3).params, { size: '1792x1024' });
    assert.ok(!(openaiGpt.kind === 'list' && openaiGpt.sizes.includes('auto')), 'auto is not a size to map to');
  });

  it("maps to Stability's aspect ratios", () => {
    assert.deepEqual(mapSize({ width: 1920, height: 1080 }, stability).params, { aspectRatio: '16:9' });
    assert.deepEqual(mapSize({ width: 1080, height: 1920 }, stability).params, { aspectRatio: '9:16' });
    assert.deepEqual(mapSize({ width: 500, height: 500 }, stability).params, { aspectRatio: '1:1' });
    assert.deepEqual(mapSize({ width: 1200, height: 1500 }, stability).params, { aspectRatio: '4:5' });
    assert.equal(mapSize({ width: 500, height: 500 }, stability).made, 'aspect ratio 1:1');
  });

  it('rounds to multiples of 64 within 320 to 1536 for AIThriving, keeping the shape when it must shrink', () => {
    assert.deepEqual(mapSize({ width: 1200, height: 630 }, aithriving).params, { width: 1216, height: 640 });
    assert.deepEqual(mapSize({ width: 512, height: 512 }, aithriving).params, { width: 512, height: 512 });
    assert.equal(mapSize({ width: 512, height: 512 }, aithriving).exact, true);
    assert.deepEqual(mapSize({ width: 3000, height: 1500 }, aithriving).params, { width: 1536, height: 768 });
    assert.deepEqual(mapSize({ width: 100, height: 100 }, aithriving).params, { width: 320, height: 320 });
  });

  it('rounds to multiples of 8 within 64 to 2048 for a local AUTOMATIC1111', () => {
    assert.deepEqual(mapSize({ width: 1200, height: 630 }, automatic1111).params, { width: 1200, height: 632 });
    assert.deepEqual(mapSize({ width: 4096, height: 2048 }, automatic1111).params, { width: 2048, height: 1024 });
    assert.deepEqual(mapSize({ width: 10, height: 10 }, automatic1111).params, { width: 64, height: 64 });
  });

  it('never turns a landscape wish into a square or portrait size', () => {
    const mapped = mapSize({ width: 330, height: 320 }, aithriving);
    assert.ok(Number(mapped.params.width) > Number(mapped.params.height), JSON.stringify(mapped.params));
    const portrait = mapSize({ width: 321, height: 330 }, aithriving);
    assert.ok(Number(portrait.params.height) > Number(portrait.params.width), JSON.stringify(portrait.params));
  });

  it("honours a model's only size: PopCord's poli", () => {
    const rule = CAPABILITIES.popcord.sizeRule({ params: { model: 'poli' }, lists: { size: [...POPCORD_SIZES] } });
    assert.deepEqual(mapSize({ width: 1920, height: 1080 }, rule).params, { size: '1024x1024' });
  });

  it("uses the server's list of sizes when there is one", () => {
    const rule = CAPABILITIES.popcord.sizeRule({ params: { model: 'flux' }, lists: { size: ['640x480', '480x640'] } });
    assert.deepEqual(mapSize({ width: 1920, height: 1080 }, rule).params, { size: '640x480' });
  });

  it('refuses a wanted size that is not whole pixels', () => {
    assert.throws(() => mapSize({ width: 0, height: 10 }, popcord), RangeError);
    assert.throws(() => mapSize({ width: 10.5, height: 10 }, popcord), RangeError);
    assert.throws(() => mapSize({ width: 100_000, height: 10 }, popcord), RangeError);
  });

  it('says what a rule allows in words', () => {
    assert.equal(describeSizeRule(openaiGpt), 'the sizes 1024x1024, 1536x1024 or 1024x1536');
    assert.equal(describeSizeRule(aithriving), '320 to 1536 pixels per side, in multiples of 64');
    assert.match(describeSizeRule(stability), /^the aspect ratios 1:1, 16:9, .* or 9:21$/);
  });

  it('reads WIDTHxHEIGHT', () => {
    assert.deepEqual(parseSize('1024x768'), { width: 1024, height: 768 });
    assert.equal(parseSize('auto'), undefined);
    assert.equal(parseSize('0x5'), undefined);
  });
});

describe('the size to generate at for an export', () => {
  const popcord = { kind: 'list', param: 'size', sizes: ['1024x1024', '1024x576', '1024x768', '512x512', '576x1024', '786x1024'] } as const;
  const grid = { kind: 'grid', width: 'width', height: 'height', min: 64, max: 2048, step: 8 } as const;

  it('asks for the nearest size the provider makes to a size recipe, the og image, or a square for the icon sets', () => {
    assert.deepEqual(exportSizeMapping(parseRecipe({ kind: 'size', width: 1200, height: 630 }), popcord, {})?.params, { size: '1024x576' });
    assert.deepEqual(exportSizeMapping(parseRecipe('og'), grid, {})?.params, { width: 1200, height: 632 });
    assert.deepEqual(exportSizeMapping(parseRecipe('favicon'), popcord, {})?.params, { size: '1024x1024' });
    assert.equal(wantedSourceSize(parseRecipe({ kind: 'format', format: 'webp' })), undefined);
    assert.equal(exportSizeMapping(parseRecipe({ kind: 'format', format: 'webp' }), popcord, {}), undefined);
  });

  it('leaves a size the caller gave alone', () => {
    assert.equal(exportSizeMapping(parseRecipe({ kind: 'size', width: 1200, height: 630 }), popcord, { size: '512x512' }), undefined);
    assert.equal(exportSizeMapping(parseRecipe('og'), grid, { width: 512 }), undefined);
  });

  it('says what was asked, what was made and that the export resized it; nothing when the size was made as it is', () => {
    const mapping = exportSizeMapping(parseRecipe({ kind: 'size', width: 1200, height: 630 }), popcord, {});
    assert.ok(mapping);
    assert.equal(describeExportSize('PopCord', mapping), 'PopCord does not make 1200x630: it was asked for 1024x576, the nearest size it makes; the export resized it.');
    assert.equal(
      describeExportSize('PopCord', mapping, { width: 64, height: 36 }),
      'PopCord does not make 1200x630: it was asked for 1024x576, the nearest size it makes and made 64x36; the export resized it.',
    );
    const exact = exportSizeMapping(parseRecipe('app-icon'), popcord, {});
    assert.ok(exact);
    assert.equal(describeExportSize('PopCord', exact, { width: 1024, height: 1024 }), undefined);
    assert.equal(describeExportSize('PopCord', exact, { width: 64, height: 64 }), 'PopCord was asked for 1024x1024 and made 64x64; the export resized it.');
  });
});
