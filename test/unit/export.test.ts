import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { exportImage, defaultTarget, MASKABLE_INSET } from '../../src/core/export/exportImage';
import { readIco, writeIco } from '../../src/core/export/ico';
import { formatRecipeText, parseRecipe, parseRecipeText, recipeFromInfotext } from '../../src/core/export/recipe';
import { SharpEngine } from '../../src/core/export/sharpEngine';
import { ImagesmithError } from '../../src/core/errors';
import { parseInfotext } from '../../src/core/infotext';
import { pngSize } from '../../src/core/pngChunks';
import { readPngTextSync } from '../../src/core/pngText';
import { makePng } from '../fixtures/images';
import { makeRgbaPng } from '../fixtures/rgbaPng';

const INFOTEXT = 'a lighthouse at dusk\nSteps: 30, Seed: 7, Size: 640x480, Model: sdxl-turbo, Provider: popcord';

/** What sharp (libvips, native: another build than the engine's) reads back from a file. */
async function readBack(bytes: Uint8Array) {
  const image = sharp(bytes);
  const [meta, stats] = await Promise.all([image.metadata(), image.stats()]);
  return { width: meta.width, height: meta.height, format: meta.format, hasAlpha: meta.hasAlpha ?? false, opaque: stats.isOpaque };
}

describe('export recipes', function () {
  this.timeout(60_000);
  const engine = new SharpEngine();
  const photo = { bytes: makePng(640, 480, { text: { parameters: INFOTEXT } }), name: '20260101-120000-a-lighthouse.png', infotext: INFOTEXT };
  const cutout = { bytes: makeRgbaPng(300, 300, 40), name: 'cutout.png' };
  after(() => engine.dispose());

  describe('the text form', () => {
    it('reads sizes, fits, focus, formats, quality and a path', () => {
      assert.deepEqual(parseRecipeText('1200x630 cover top webp q70 public/hero.webp'), {
        recipe: { kind: 'size', width: 1200, height: 630, fit: 'cover', focus: 'top', format: 'webp', quality: 70 },
        path: 'public/hero.webp',
      });
      assert.deepEqual(parseRecipeText('256x256 contain #ff0000').recipe, { kind: 'size', width: 256, height: 256, fit: 'contain', background: '#ff0000' });
      assert.deepEqual(parseRecipeText('avif q40').recipe, { kind: 'format', format: 'avif', quality: 40 });
      assert.deepEqual(parseRecipeText('og webp').recipe, { kind: 'og', format: 'webp' });
      assert.deepEqual(parseRecipeText('favicon').recipe, { kind: 'favicon' });
      assert.deepEqual(parseRecipeText('800x600 public/a.jpg').recipe, { kind: 'size', width: 800, height: 600, fit: 'cover', format: 'jpeg' });
    });
    it('writes back what it reads', () => {
      for (const text of ['1200x630 cover top webp q70', 'avif q40', 'og webp', 'favicon', 'pwa #000000', 'app-icon', '64x64 stretch png']) {
        assert.equal(formatRecipeText(parseRecipeText(text).recipe), text);
      }
    });
    it('refuses what it cannot read, naming the word', () => {
      assert.throws(() => parseRecipeText('1200x630 sideways'), (e: unknown) => e instanceof ImagesmithError && /sideways/.test(e.message));
      assert.throws(() => parseRecipeText('favicon webp'), /favicon takes no format/);
      assert.throws(() => parseRecipe({ kind: 'size', width: 0, height: 10 }), /recipe.width/);
      assert.throws(() => parseRecipe({ kind: 'thumbnail' }), ImagesmithError);
    });
  });

  it('size cover: exact size, cropped around the focus, infotext with the recipe', async () => {
    const recipe = parseRecipe({ kind: 'size', width: 300, height: 100, fit: 'cover', focus: { x: 0.5, y: 0 } });
    const result = await exportImage(photo, recipe, engine);
    assert.equal(result.shape, 'file');
    const [file] = result.files;
    assert.equal(file?.name, '20260101-120000-a-lighthouse-300x100.png');
    assert.ok(file);
    assert.deepEqual(await readBack(file.bytes), { width: 300, height: 100, format: 'png', hasAlpha: false, opaque: true });
    const text = readPngTextSync(file.bytes).get('parameters') ?? '';
    const parsed = parseInfotext(text);
    assert.equal(parsed.prompt, 'a lighthouse at dusk');
    assert.equal(parsed.fields.get('Seed'), '7');
    assert.deepEqual(recipeFromInfotext(parsed.fields), recipe);
    assert.equal(parsed.fields.get('Export source'), photo.name);
  });

  it('size contain: padded with transparency, or with a colour; stretch: no padding', async () => {
    const transparent = await exportImage(photo, parseRecipe({ kind: 'size', width: 200, height: 200, fit: 'contain' }), engine, 'a.webp');
    assert.deepEqual(await readBack(transparent.files[0]!.bytes), { width: 200, height: 200, format: 'webp', hasAlpha: true, opaque: false });
    assert.ok(transparent.files[0]!.alpha);
    assert.equal(transparent.files[0]!.sidecar?.name, 'a.txt');
    const red = await exportImage(photo, parseRecipe({ kind: 'size', width: 200, height: 200, fit: 'contain', background: '#ff0000' }), engine);
    const back = await readBack(red.files[0]!.bytes);
    assert.equal(back.opaque, true);
    const { data } = await sharp(red.files[0]!.bytes).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([...data.subarray(0, 3)], [255, 0, 0], 'the top-left corner is padding');
    const stretched = await exportImage(photo, parseRecipe({ kind: 'size', width: 50, height: 300, fit: 'stretch', format: 'jpeg' }), engine);
    assert.deepEqual(await readBack(stretched.files[0]!.bytes), { width: 50, height: 300, format: 'jpeg', hasAlpha: false, opaque: true });
  });

  it('format: png, jpeg, webp and avif at the source size; JPEG is refused a transparent background', async () => {
    for (const format of ['png', 'jpeg', 'webp', 'avif'] as const) {
      const result = await exportImage(cutout, parseRecipe({ kind: 'format', format, quality: 60 }), engine);
      const back = await readBack(result.files[0]!.bytes);
      assert.equal(back.format, format === 'avif' ? 'heif' : format);
      assert.deepEqual([back.width, back.height], [300, 300]);
      assert.equal(back.opaque, format === 'jpeg', `${format} keeps the transparency unless it cannot`);
      assert.equal(result.files[0]!.alpha, format !== 'jpeg');
    }
    await assert.rejects(exportImage(cutout, parseRecipe({ kind: 'size', width: 10, height: 10, background: 'transparent', format: 'jpeg' }), engine), /JPEG cannot be transparent/);
  });

  it('favicon: an ICO with 16, 32 and 48, the 32 PNG, the 180 touch icon, and the link tags', async () => {
    const result = await exportImage(cutout, parseRecipe('favicon'), engine);
    assert.deepEqual(result.files.map((f) => f.name), ['favicon.ico', 'favicon-32x32.png', 'apple-touch-icon.png']);
    const entries = readIco(result.files[0]!.bytes);
    assert.deepEqual(entries.map((e) => [e.width, e.height]), [[16, 16], [32, 32], [48, 48]]);
    for (const entry of entries) assert.deepEqual(pngSize(entry.bytes), { width: entry.width, height: entry.height });
    assert.deepEqual((await readBack(result.files[1]!.bytes)).width, 32);
    const touch = await readBack(result.files[2]!.bytes);
    assert.deepEqual([touch.width, touch.height, touch.opaque], [180, 180, true]);
    assert.match(result.snippet?.text ?? '', /<link rel="icon" href="\/favicon.ico"/);
    assert.match(result.snippet?.text ?? '', /apple-touch-icon/);
  });

  it('pwa: 192 and 512, maskable ones padded to the safe zone, and the manifest icons', async () => {
    const result = await exportImage(cutout, parseRecipe({ kind: 'pwa', background: '#0000ff' }), engine);
    assert.deepEqual(result.files.map((f) => [f.name, f.width]), [['icon-192.png', 192], ['icon-512.png', 512], ['icon-maskable-192.png', 192], ['icon-maskable-512.png', 512]]);
    const maskable = result.files[3]!.bytes;
    assert.equal((await readBack(maskable)).opaque, true);
    const { data, info } = await sharp(maskable).raw().toBuffer({ resolveWithObject: true });
    const edge = Math.floor(512 * MASKABLE_INSET) - 2;
    const at = (edge * info.width + 256) * info.channels;
    assert.deepEqual([...data.subarray(at, at + 3)], [0, 0, 255], 'the safe-zone padding is the background colour');
    const manifest = JSON.parse(result.snippet?.text ?? '{}') as { icons: Array<{ purpose: string; sizes: string }> };
    assert.deepEqual(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`), ['192x192 any', '512x512 any', '192x192 maskable', '512x512 maskable']);
  });

  it('og: 1200×630 JPEG or WebP and the meta tags; app-icon: 1024 square without alpha', async () => {
    for (const format of ['jpeg', 'webp'] as const) {
      const result = await exportImage(photo, parseRecipe({ kind: 'og', format }), engine);
      const back = await readBack(result.files[0]!.bytes);
      assert.deepEqual([back.width, back.height, back.format], [1200, 630, format]);
      assert.match(result.snippet?.text ?? '', /og:image:width" content="1200"/);
    }
    const icon = await exportImage(cutout, parseRecipe('app-icon'), engine);
    const back = await readBack(icon.files[0]!.bytes);
    assert.deepEqual([back.width, back.height, back.hasAlpha], [1024, 1024, false]);
  });

  it('names derived files beside the source, sets in a folder of their own', () => {
    assert.equal(defaultTarget('a.png', parseRecipe({ kind: 'size', width: 10, height: 20, format: 'webp' })), 'a-10x20.webp');
    assert.equal(defaultTarget('a.png', parseRecipe({ kind: 'format', format: 'png' })), 'a-export.png');
    assert.equal(defaultTarget('a.png', parseRecipe('pwa')), 'a-pwa');
  });

  it('writes a thumbnail to the file for its alpha, and the text beside it, itself: nothing half-written is left', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'imagesmith-thumbs-'));
    try {
      for (const [name, bytes, alpha] of [['photo', photo.bytes, false], ['cutout', cutout.bytes, true]] as const) {
        const writeTo = { opaque: path.join(folder, 'sub', `${name}-o.webp`), alpha: path.join(folder, 'sub', `${name}-a.webp`), sidecar: { path: path.join(folder, 'sub', `${name}.json`), text: `{"name":"${name}"}` } };
        const [made] = await engine.render(bytes, [{ width: 256, height: 256, fit: 'inside', format: 'webp', quality: 75, writeTo }]);
        assert.ok(made);
        assert.equal(made.alpha, alpha);
        assert.equal(made.path, alpha ? writeTo.alpha : writeTo.opaque);
        assert.equal(made.bytes.length, 0, 'the bytes are on disk, not handed back');
        const back = await readBack(readFileSync(made.path));
        assert.deepEqual([back.width, back.format, back.hasAlpha], [256, 'webp', alpha]);
        assert.equal(readFileSync(writeTo.sidecar.path, 'utf8'), writeTo.sidecar.text);
      }
      assert.deepEqual(readdirSync(path.join(folder, 'sub')).sort(), ['cutout-a.webp', 'cutout.json', 'photo-o.webp', 'photo.json']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('writes ICO files that its reader reads back, 256 as 0', () => {
    const ico = writeIco([makePng(256, 256), makePng(16, 16)]);
    assert.deepEqual(readIco(ico).map((e) => e.width), [16, 256]);
    assert.equal(ico[6 + 16], 0, 'the 256 entry is written as 0');
    assert.throws(() => writeIco([makePng(300, 300)]), RangeError);
  });
});
