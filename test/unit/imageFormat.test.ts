import { strict as assert } from 'node:assert';
import * as zlib from 'node:zlib';
import { describeNonImage, isComplete, sniffImage } from '../../src/core/imageFormat';

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function png(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.from([0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// SOI, an APP0 segment, a few entropy-coded bytes, EOI: enough for the checks here.
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x12, 0x34, 0xff, 0xd9]);

function webp(payload = 'VP8L\x05\x00\x00\x00\x2f\x00\x00\x00\x00\x00'): Buffer {
  const body = Buffer.from(`WEBP${payload}`, 'latin1');
  const header = Buffer.alloc(8);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe('imageFormat', () => {
  describe('sniffImage', () => {
    it('tells PNG, JPEG and WebP by their magic numbers', () => {
      assert.deepEqual(sniffImage(png()), { format: 'png', ext: 'png', mime: 'image/png' });
      assert.deepEqual(sniffImage(JPEG), { format: 'jpeg', ext: 'jpg', mime: 'image/jpeg' });
      assert.deepEqual(sniffImage(webp()), { format: 'webp', ext: 'webp', mime: 'image/webp' });
    });

    it('says nothing about other bytes', () => {
      assert.equal(sniffImage(Buffer.from('GIF89a\x01\x00\x01\x00')), undefined);
      assert.equal(sniffImage(Buffer.from('RIFF\x04\x00\x00\x00WAVE')), undefined);
      assert.equal(sniffImage(Buffer.from([0xff, 0xd8])), undefined);
      assert.equal(sniffImage(Buffer.from([0x89, 0x50, 0x4e, 0x47])), undefined);
      assert.equal(sniffImage(new Uint8Array()), undefined);
      assert.equal(sniffImage(Buffer.from('{"error":"quota"}')), undefined);
    });
  });

  describe('isComplete', () => {
    it('accepts whole images', () => {
      assert.equal(isComplete(png(), 'png'), true);
      assert.equal(isComplete(JPEG, 'jpeg'), true);
      assert.equal(isComplete(webp(), 'webp'), true);
    });

    it('rejects images cut short', () => {
      const p = png();
      for (const cut of [1, 4, 12, 20, p.length - 8]) assert.equal(isComplete(p.subarray(0, p.length - cut), 'png'), false, `PNG minus ${cut}`);
      assert.equal(isComplete(JPEG.subarray(0, JPEG.length - 1), 'jpeg'), false);
      assert.equal(isComplete(JPEG.subarray(0, 10), 'jpeg'), false);
      const w = webp();
      assert.equal(isComplete(w.subarray(0, w.length - 1), 'webp'), false);
      assert.equal(isComplete(w.subarray(0, 12), 'webp'), false);
    });

    it('allows zero padding after a JPEG and bytes after the end of a PNG or WebP', () => {
      assert.equal(isComplete(Buffer.concat([JPEG, Buffer.alloc(7)]), 'jpeg'), true);
      assert.equal(isComplete(Buffer.concat([JPEG, Buffer.from('x')]), 'jpeg'), false);
      assert.equal(isComplete(Buffer.concat([png(), Buffer.alloc(3)]), 'png'), true);
      assert.equal(isComplete(Buffer.concat([webp(), Buffer.alloc(1)]), 'webp'), true);
    });

    it('does not take SOI and EOI alone for a JPEG, nor one format for another', () => {
      assert.equal(isComplete(Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 'jpeg'), false);
      assert.equal(isComplete(JPEG, 'png'), false);
      assert.equal(isComplete(png(), 'webp'), false);
    });
  });

  describe('describeNonImage', () => {
    const text = (s: string): Uint8Array => new TextEncoder().encode(s);
    const cases: Array<[string, Uint8Array, string]> = [
      ['empty', new Uint8Array(), 'an empty response'],
      ['HTML', text('<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head></html>'), 'an HTML page'],
      ['HTML with a BOM and whitespace', text('\uFEFF\n  <html lang="en"><body>Not found</body></html>'), 'an HTML page'],
      ['Cloudflare-style HTML without doctype', text('<head><meta charset="utf-8"></head>'), 'an HTML page'],
      ['SVG', text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'), 'an SVG image'],
      ['SVG after an XML declaration', text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'), 'an SVG image'],
      ['XML', text('<?xml version="1.0"?><Error><Code>AccessDenied</Code></Error>'), 'an XML document'],
      ['JSON object', text('{"status_code": 500, "detail": "boom"}'), 'JSON text'],
      ['JSON array', text('[{"loc": ["body"], "msg": "field required"}]'), 'JSON text'],
      ['JSON cut short', text('{"code": 1, "message": "truncat'), 'JSON text'],
      ['plain text', text('Internal Server Error'), 'plain text'],
      ['text in braces that is not JSON', text('{not json} at all'), 'plain text'],
      ['accented text', text('Clé API refusée'), 'plain text'],
      ['base64 PNG', text('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk'), 'base64-encoded image text'],
      ['base64 JPEG in quotes', text('"/9j/4AAQSkZJRgABAQAAAQABAAD"'), 'base64-encoded image text'],
      ['data URL', text('data:image/png;base64,iVBORw0KGgo='), 'a data: URL of an image'],
      ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00', 'latin1'), 'a GIF image'],
      ['PDF', text('%PDF-1.7\n%âãÏÓ'), 'a PDF document'],
      ['gzip', zlib.gzipSync('hello'), 'gzip-compressed data'],
      ['WAV', Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'), 'a RIFF file that is not WebP'],
      ['AVIF', Buffer.from('\x00\x00\x00\x1cftypavif\x00\x00\x00\x00', 'latin1'), 'an AVIF image'],
      ['truncated PNG', png().subarray(0, 30), 'a truncated PNG image'],
      ['truncated JPEG', JPEG.subarray(0, 12), 'a truncated JPEG image'],
      ['whole PNG', png(), 'a PNG image'],
      ['binary noise', Buffer.from([0x00, 0x9f, 0x92, 0x96, 0x00, 0x01, 0x02]), '7 bytes of unknown data'],
      ['one byte', Buffer.from([0x00]), '1 byte of unknown data'],
    ];
    for (const [name, bytes, expected] of cases) {
      it(`${name} → ${expected}`, () => assert.equal(describeNonImage(bytes), expected));
    }

    it('looks only at the start of a long text, even when a character is cut there', () => {
      const long = text(`${'é'.repeat(2049)}${'x'.repeat(100_000)}`);
      assert.equal(describeNonImage(long), 'plain text');
      assert.equal(describeNonImage(text(`<html>${'<p>x</p>'.repeat(10_000)}`)), 'an HTML page');
    });
  });
});
