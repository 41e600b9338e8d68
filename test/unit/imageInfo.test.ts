import { strict as assert } from 'node:assert';
import { imageInfo } from '../../src/core/imageInfo';
import { chunk, makePng, tinyJpeg, tinyWebp } from '../fixtures/images';

describe('imageInfo', () => {
  it('reads a PNG: size from IHDR, no alpha for RGB', () => {
    assert.deepEqual(imageInfo(makePng(64, 40)), { format: 'png', width: 64, height: 40, alpha: false });
  });

  it('reads alpha from an RGBA PNG', () => {
    assert.deepEqual(imageInfo(makePng(30, 20, { alpha: true })), { format: 'png', width: 30, height: 20, alpha: true });
  });

  it('counts a tRNS chunk as alpha', () => {
    const png = makePng(8, 8);
    const withTrns = Buffer.concat([png.subarray(0, 33), chunk('tRNS', Buffer.from([0, 0, 0, 0, 0, 0])), png.subarray(33)]);
    assert.equal(imageInfo(withTrns)?.alpha, true);
  });

  it('reads a JPEG frame header: no alpha', () => {
    assert.deepEqual(imageInfo(tinyJpeg()), { format: 'jpeg', width: 8, height: 8, alpha: false });
  });

  it('reads a lossy WebP (VP8)', () => {
    assert.deepEqual(imageInfo(tinyWebp()), { format: 'webp', width: 8, height: 8, alpha: false });
  });

  /** A RIFF/WEBP file holding one chunk with `fill` writing its first ten bytes. */
  function webp(chunkName: 'VP8L' | 'VP8X', fill: (data: Buffer) => void): Buffer {
    const file = Buffer.alloc(30);
    file.write('RIFF', 0, 'latin1');
    file.writeUInt32LE(22, 4);
    file.write(`WEBP${chunkName}`, 8, 'latin1');
    file.writeUInt32LE(10, 16);
    fill(file.subarray(20));
    return file;
  }

  it('reads a lossless WebP (VP8L) with its alpha bit, and an extended one (VP8X)', () => {
    const vp8l = webp('VP8L', (data) => {
      data[0] = 0x2f;
      data.writeUInt32LE((300 - 1) | ((200 - 1) << 14) | (1 << 28), 1);
    });
    assert.deepEqual(imageInfo(vp8l), { format: 'webp', width: 300, height: 200, alpha: true });
    const vp8x = webp('VP8X', (data) => {
      data[0] = 0x10;
      data.writeUIntLE(1920 - 1, 4, 3);
      data.writeUIntLE(1080 - 1, 7, 3);
    });
    assert.deepEqual(imageInfo(vp8x), { format: 'webp', width: 1920, height: 1080, alpha: true });
  });

  it('gives nothing for what it cannot read', () => {
    assert.equal(imageInfo(Buffer.from('<html></html>')), undefined);
    assert.equal(imageInfo(makePng(8, 8).subarray(0, 20)), undefined);
    assert.equal(imageInfo(tinyJpeg().subarray(0, 30)), undefined);
  });
});
