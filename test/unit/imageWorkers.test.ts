import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { EnginePool } from '../../src/core/export/enginePool';
import type { PixelEngine } from '../../src/core/export/engine';
import { SharpEngine } from '../../src/core/export/sharpEngine';
import { makePng } from '../fixtures/images';
import { makeRgbaPng } from '../fixtures/rgbaPng';

const THUMBNAIL = { width: 256, height: 256, fit: 'inside', format: 'webp', quality: 75 } as const;

describe('thumbnails and the pool of image workers', function () {
  this.timeout(120_000);
  const engines: PixelEngine[] = [];
  const start = () => {
    const engine = new SharpEngine();
    engines.push(engine);
    return engine;
  };
  after(async () => {
    for (const engine of engines) await engine.dispose();
  });

  it('a thumbnail keeps the shape within 256 pixels, never enlarges, and says whether it has real alpha', async () => {
    const engine = start();
    const [wide] = await engine.render(makePng(1024, 512), [THUMBNAIL]);
    const wideBack = await sharp(wide!.bytes).metadata();
    assert.deepEqual([wideBack.format, wideBack.width, wideBack.height, wide!.alpha], ['webp', 256, 128, false]);
    const [small] = await engine.render(makePng(100, 60), [THUMBNAIL]);
    assert.deepEqual([small!.width, small!.height], [100, 60]);
    const [cutout] = await engine.render(makeRgbaPng(600, 600, 40), [THUMBNAIL]);
    const stats = await sharp(cutout!.bytes).stats();
    assert.deepEqual([cutout!.width, cutout!.alpha, stats.isOpaque], [256, true, false]);
  });

  it('starts a second engine only while the first is busy, and spreads the work over both', async () => {
    let made = 0;
    const pool = new EnginePool(2, () => {
      made++;
      return start();
    });
    await pool.render(makePng(300, 300), [THUMBNAIL]);
    await pool.inspect(makePng(300, 300));
    assert.equal(made, 1, 'one call at a time needs one engine');
    const sources = Array.from({ length: 6 }, (_, i) => makePng(400 + i * 10, 300));
    const rendered = await Promise.all(sources.map((source) => pool.render(source, [THUMBNAIL])));
    assert.equal(made, 2, 'calls at once use the second engine, and no more');
    assert.deepEqual(
      rendered.map(([item]) => item?.width),
      sources.map(() => 256),
    );
    await pool.dispose();
    assert.throws(() => new EnginePool(0, start), /at least one engine/);
  });

  it('writes AVIF and reads it back: inspects it and makes its thumbnail', async () => {
    const engine = start();
    const [avif] = await engine.render(makePng(200, 150), [{ width: 64, height: 48, fit: 'cover', format: 'avif' }]);
    assert.ok(avif, 'an AVIF was written');
    // An AVIF file is an ISO media file: a box of type `ftyp` first.
    assert.equal(Buffer.from(avif.bytes.subarray(4, 8)).toString('latin1'), 'ftyp');
    assert.equal((await sharp(avif.bytes).metadata()).format, 'heif');
    const facts = await engine.inspect(avif.bytes);
    assert.deepEqual([facts.format, facts.width, facts.height], ['heif', 64, 48]);
    const [thumbnail] = await engine.render(avif.bytes, [THUMBNAIL]);
    assert.deepEqual([thumbnail?.format, thumbnail?.width], ['webp', 64]);
  });

  it('reads an image from its path itself, and names a path that is gone', async () => {
    const engine = start();
    const dir = mkdtempSync(path.join(tmpdir(), 'imagesmith-engine-'));
    try {
      const file = path.join(dir, 'photo.png');
      writeFileSync(file, makeRgbaPng(512, 300, 40));
      const [thumbnail] = await engine.render({ path: file }, [THUMBNAIL]);
      assert.deepEqual([thumbnail?.format, thumbnail?.width, thumbnail?.height, thumbnail?.alpha], ['webp', 256, 150, true]);
      const facts = await engine.inspect({ path: file });
      assert.deepEqual([facts.width, facts.height, facts.format, facts.alpha], [512, 300, 'png', true]);
      const gone = path.join(dir, 'gone.png');
      await assert.rejects(engine.render({ path: gone }, [THUMBNAIL]), (error: Error) => error.message.includes(gone));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses what is not an image, naming the reason', async () => {
    const engine = start();
    await assert.rejects(engine.render(Buffer.from('not an image at all'), [THUMBNAIL]), /unsupported image format/i);
    await assert.rejects(engine.render(makePng(640, 480).subarray(0, 400), [THUMBNAIL]), /png|truncated|premature|end|read/i);
  });
});
