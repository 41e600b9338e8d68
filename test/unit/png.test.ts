import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { PngFormatError, crc32, isPng, pngSize, readChunks } from '../../src/core/pngChunks';
import { readPngText, readPngTextSync } from '../../src/core/pngText';
import { PngTextInserter, insertTextChunk } from '../../src/core/pngTextInserter';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// Built with zlib's own CRC so that the tests do not grade the module with its own code.
function chunk(type: string, data: Uint8Array | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  body.copy(out, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

function ihdr(width: number, height: number): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data[8] = 8; // bit depth
  data[9] = 2; // truecolour RGB
  return chunk('IHDR', data);
}

/** A 2x2 RGB image: red, green / blue, white; each row starts with filter type 0. */
const PIXEL_ROWS = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);

function makePng(options: { before?: Buffer[]; after?: Buffer[]; splitIdat?: boolean } = {}): Buffer {
  const compressed = zlib.deflateSync(PIXEL_ROWS);
  const idat = options.splitIdat
    ? [chunk('IDAT', compressed.subarray(0, 5)), chunk('IDAT', compressed.subarray(5))]
    : [chunk('IDAT', compressed)];
  return Buffer.concat([SIGNATURE, ihdr(2, 2), ...(options.before ?? []), ...idat, ...(options.after ?? []), chunk('IEND', '')]);
}

interface RawChunk {
  type: string;
  data: Buffer;
  crcOk: boolean;
}

/** An independent reader for checking the module's output. */
function parseIndependently(png: Uint8Array): RawChunk[] {
  const bytes = Buffer.from(png);
  assert.deepEqual(bytes.subarray(0, 8), SIGNATURE, 'signature');
  const out: RawChunk[] = [];
  let at = 8;
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    const crc = bytes.readUInt32BE(at + 8 + length);
    out.push({ type, data, crcOk: crc === zlib.crc32(bytes.subarray(at + 4, at + 8 + length)) });
    at += 12 + length;
  }
  assert.equal(at, bytes.length, 'chunks end exactly at the end of the file');
  return out;
}

function assertValidPng(png: Uint8Array): RawChunk[] {
  const chunks = parseIndependently(png);
  for (const c of chunks) assert.ok(c.crcOk, `CRC of ${c.type}`);
  assert.equal(chunks[0]?.type, 'IHDR');
  assert.equal(chunks[chunks.length - 1]?.type, 'IEND');
  const idat = Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data));
  assert.deepEqual(zlib.inflateSync(idat), PIXEL_ROWS, 'the pixel rows survive');
  return chunks;
}

function keywordOf(c: RawChunk): string {
  return c.data.toString('latin1', 0, c.data.indexOf(0));
}

/** A compressed iTXt chunk, as some tools write it. */
function compressedItxt(keyword: string, text: string): Buffer {
  return chunk('iTXt', Buffer.concat([Buffer.from(`${keyword}\0\x01\x00en\0Parameters\0`, 'latin1'), zlib.deflateSync(Buffer.from(text, 'utf8'))]));
}

function zTxt(keyword: string, latin1Text: string): Buffer {
  return chunk('zTXt', Buffer.concat([Buffer.from(`${keyword}\0\0`, 'latin1'), zlib.deflateSync(Buffer.from(latin1Text, 'latin1'))]));
}

const INFOTEXT = 'a café, "by night": 夜\nsecond line 🌙\nNegative prompt: blurry\nSteps: 30, Sampler: K_EULER, CFG scale: 7.5, Seed: 123, Size: 1024x1024';

describe('png', () => {
  describe('crc32', () => {
    it('gives the standard check value', () => {
      assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
      assert.equal(crc32(new Uint8Array()), 0);
    });

    it('agrees with zlib on random data and on views with an offset', () => {
      const data = randomBytes(100_003);
      assert.equal(crc32(data), zlib.crc32(data));
      const view = new Uint8Array(data.buffer, data.byteOffset + 7, 1000);
      assert.equal(crc32(view), zlib.crc32(view));
    });
  });

  describe('isPng and pngSize', () => {
    it('recognises the signature only', () => {
      assert.equal(isPng(makePng()), true);
      assert.equal(isPng(SIGNATURE.subarray(0, 7)), false);
      assert.equal(isPng(Buffer.from('<html>')), false);
    });

    it('reads width and height from IHDR, big-endian', () => {
      assert.deepEqual(pngSize(makePng()), { width: 2, height: 2 });
      const wide = Buffer.concat([SIGNATURE, ihdr(70_000, 513), chunk('IEND', '')]);
      assert.deepEqual(pngSize(wide), { width: 70_000, height: 513 });
    });

    it('refuses what is not a PNG', () => {
      assert.throws(() => pngSize(Buffer.from('GIF89a............................')), /not a PNG/);
      assert.throws(() => pngSize(makePng().subarray(0, 20)), /truncated/);
    });
  });

  describe('readChunks', () => {
    it('lists the chunks with their offsets and data', () => {
      const png = makePng({ splitIdat: true });
      const chunks = readChunks(png);
      assert.deepEqual(chunks.map((c) => c.type), ['IHDR', 'IDAT', 'IDAT', 'IEND']);
      assert.deepEqual(chunks.map((c) => c.offset), [8, 33, 50, png.length - 12]);
      assert.deepEqual(Buffer.from(chunks[1]?.data ?? []), zlib.deflateSync(PIXEL_ROWS).subarray(0, 5));
      assert.equal(chunks[3]?.data.length, 0);
    });

    it('ignores bytes after IEND', () => {
      const png = Buffer.concat([makePng(), Buffer.from('trailing junk')]);
      assert.equal(readChunks(png).length, 3);
    });

    it('names the problem in a broken file', () => {
      const png = makePng();
      const iendAt = png.length - 12;
      assert.throws(() => readChunks(Buffer.from('<!doctype html>')), (e: unknown) => e instanceof PngFormatError && /^not a PNG/.test(e.message));
      assert.throws(() => readChunks(png.subarray(0, png.length - 3)), { message: `truncated chunk IEND at byte ${iendAt}` });
      assert.throws(() => readChunks(png.subarray(0, 45)), { message: 'truncated chunk IDAT at byte 33' });
      assert.throws(() => readChunks(png.subarray(0, iendAt)), { message: `truncated PNG: it ends at byte ${iendAt} without an IEND chunk` });
      assert.throws(() => readChunks(png.subarray(0, iendAt + 2)), { message: `truncated chunk at byte ${iendAt}` });
      const corrupt = Buffer.from(png);
      corrupt[33 + 8 + 2] = (corrupt[33 + 8 + 2] ?? 0) ^ 0xff;
      assert.throws(() => readChunks(corrupt), { message: 'bad CRC in chunk IDAT at byte 33' });
      assert.equal(readChunks(corrupt, { checkCrc: false }).length, 3);
      const idatFirst = Buffer.concat([SIGNATURE, chunk('IDAT', 'x'), chunk('IEND', '')]);
      assert.throws(() => readChunks(idatFirst), { message: 'the first chunk is IDAT, not IHDR' });
    });
  });

  describe('insertTextChunk', () => {
    const withTextChunk = (png: Uint8Array, keyword: string, text: string) => Buffer.concat(insertTextChunk(png, keyword, text));

    it('writes an uncompressed iTXt chunk right after IHDR and keeps the image valid', () => {
      const png = makePng({ splitIdat: true });
      const out = withTextChunk(png, 'parameters', INFOTEXT);
      const chunks = assertValidPng(out);
      assert.deepEqual(chunks.map((c) => c.type), ['IHDR', 'iTXt', 'IDAT', 'IDAT', 'IEND']);
      const itxt = chunks[1]?.data ?? Buffer.alloc(0);
      const header = Buffer.from('parameters\0\0\0\0\0', 'latin1');
      assert.deepEqual(itxt.subarray(0, header.length), header);
      assert.equal(itxt.subarray(header.length).toString('utf8'), INFOTEXT);
      assert.equal(out.length, png.length + 12 + itxt.length, 'only the new chunk is added');
      assert.equal(isPng(png), true, 'the input is left alone');
      assert.equal(readChunks(png).length, 4);
    });

    it('reads back the same text, sync and async', async () => {
      const out = withTextChunk(makePng(), 'parameters', INFOTEXT);
      assert.equal(readPngTextSync(out).get('parameters'), INFOTEXT);
      assert.equal((await readPngText(out)).get('parameters'), INFOTEXT);
    });

    it('replaces earlier text chunks of the keyword wherever they are and keeps the others', async () => {
      const png = makePng({
        before: [chunk('tEXt', 'parameters\0old tEXt'), chunk('tEXt', 'Software\0Imagesmith')],
        after: [zTxt('parameters', 'old zTXt'), compressedItxt('parameters', 'old iTXt'), chunk('tEXt', 'Comment\0after')],
      });
      const once = withTextChunk(png, 'parameters', 'first');
      const twice = withTextChunk(once, 'parameters', 'second');
      const chunks = assertValidPng(twice);
      const textChunks = chunks.filter((c) => ['tEXt', 'zTXt', 'iTXt'].includes(c.type));
      assert.deepEqual(textChunks.map(keywordOf), ['parameters', 'Software', 'Comment']);
      assert.equal(chunks[1]?.type, 'iTXt');
      const text = await readPngText(twice);
      assert.deepEqual([...text.entries()], [['parameters', 'second'], ['Software', 'Imagesmith'], ['Comment', 'after']]);
    });

    it('handles an empty text and a text with NUL-free control characters', () => {
      assert.equal(readPngTextSync(withTextChunk(makePng(), 'parameters', '')).get('parameters'), '');
      assert.equal(readPngTextSync(withTextChunk(makePng(), 'parameters', 'a\tb\r\nc')).get('parameters'), 'a\tb\r\nc');
    });

    it('refuses keywords PNG does not allow', () => {
      assert.throws(() => withTextChunk(makePng(), '', 'x'), RangeError);
      assert.throws(() => withTextChunk(makePng(), 'k'.repeat(80), 'x'), RangeError);
      assert.throws(() => withTextChunk(makePng(), ' parameters', 'x'), RangeError);
      assert.throws(() => withTextChunk(makePng(), 'para\u0100meters', 'x'), RangeError);
      assert.throws(() => withTextChunk(makePng(), 'para\0meters', 'x'), RangeError);
      assert.doesNotThrow(() => withTextChunk(makePng(), 'Beschreibung Ü', 'x'));
    });

    it('refuses a corrupt or truncated image instead of dressing it up', () => {
      const png = makePng();
      assert.throws(() => withTextChunk(png.subarray(0, png.length - 1), 'parameters', 'x'), /truncated chunk IEND/);
      const corrupt = Buffer.from(png);
      corrupt[20] = (corrupt[20] ?? 0) ^ 1;
      assert.throws(() => withTextChunk(corrupt, 'parameters', 'x'), /bad CRC in chunk IHDR/);
    });

    it('checks the CRC of every chunk but the image data', () => {
      const png = makePng();
      const idat = Buffer.from(png);
      idat[33 + 8 + 2] = (idat[33 + 8 + 2] ?? 0) ^ 0xff;
      assert.throws(() => readChunks(idat), /bad CRC in chunk IDAT/, 'the byte is inside IDAT');
      assert.doesNotThrow(() => withTextChunk(idat, 'parameters', 'x'));
      const text = makePng({ after: [chunk('tEXt', 'Comment\0after')] });
      const comment = Buffer.from(text);
      comment[comment.length - 12 - 4 - 2] = 0x41;
      assert.throws(() => withTextChunk(comment, 'parameters', 'x'), /bad CRC in chunk tEXt/);
    });

    it('leaves a large image where it is: the pieces view the input around the new chunk', () => {
      const big = Buffer.concat([SIGNATURE, ihdr(4096, 4096), chunk('IDAT', randomBytes(20 * 1024 * 1024)), chunk('IEND', '')]);
      const pieces = insertTextChunk(big, 'parameters', 'x');
      assert.equal(pieces.length, 3);
      assert.equal(pieces[0]?.buffer, big.buffer);
      assert.equal(pieces[2]?.buffer, big.buffer);
      assert.equal(pieces[2]?.byteLength, big.length - 33);
      const out = Buffer.concat(pieces);
      assert.equal(out.length, big.length + 12 + 'parameters'.length + 5 + 1);
      assert.deepEqual(out.subarray(out.length - 12), big.subarray(big.length - 12));
    });
  });

  describe('PngTextInserter', () => {
    /** Pushes `png` in parts cut at `cuts`, as a download delivers it, and joins what comes out. */
    const streamed = (png: Uint8Array, cuts: readonly number[], keyword = 'parameters', text = INFOTEXT): Buffer => {
      const inserter = new PngTextInserter(keyword, text);
      const out: Uint8Array[] = [];
      let from = 0;
      for (const cut of [...cuts, png.length]) {
        // Copies, so that nothing depends on the parts sharing one buffer.
        out.push(...inserter.push(Uint8Array.from(png.subarray(from, cut))));
        from = cut;
      }
      inserter.end();
      return Buffer.concat(out);
    };
    const randomCuts = (length: number, count: number): number[] =>
      Array.from({ length: count }, () => Math.floor(Math.random() * length)).sort((a, b) => a - b);

    const png = makePng({
      splitIdat: true,
      before: [chunk('tEXt', 'parameters\0old'), chunk('tEXt', 'Software\0Imagesmith')],
      after: [compressedItxt('parameters', 'old iTXt'), chunk('tEXt', 'Comment\0after')],
    });
    const whole = Buffer.concat(insertTextChunk(png, 'parameters', INFOTEXT));

    it('writes the same file however the PNG is cut, down to one byte at a time', () => {
      assert.deepEqual(streamed(png, Array.from({ length: png.length - 1 }, (_, i) => i + 1)), whole);
      for (let round = 0; round < 200; round++) assert.deepEqual(streamed(png, randomCuts(png.length, 1 + (round % 12))), whole);
      assertValidPng(whole);
    });

    it('says where a PNG cut short ends, wherever the cut falls', () => {
      for (let length = 0; length < png.length; length++) {
        const inserter = new PngTextInserter('parameters', 'x');
        inserter.push(png.subarray(0, length));
        assert.throws(() => inserter.end(), (error: unknown) => error instanceof PngFormatError && /truncated|signature/.test(error.message), `cut at ${length}`);
      }
    });

    it('refuses a bad CRC in a text chunk even when the chunk arrives in pieces', () => {
      const corrupt = Buffer.from(png);
      const at = corrupt.indexOf('Software');
      corrupt[at + 9] = (corrupt[at + 9] ?? 0) ^ 1;
      assert.throws(() => streamed(corrupt, [at - 3, at + 4, at + 11]), /bad CRC in chunk tEXt/);
    });

    it('refuses what is not a PNG at its first byte, and leaves out what follows IEND', () => {
      assert.throws(() => new PngTextInserter('parameters', 'x').push(Buffer.from('<html>')), /signature is missing/);
      assert.deepEqual(streamed(Buffer.concat([png, Buffer.from('trailing junk')]), [png.length - 2, png.length + 3]), whole);
    });
  });

  describe('reading text written by other tools', () => {
    it('reads a tEXt parameters chunk as AUTOMATIC1111 writes it (Latin-1)', async () => {
      const a1111 = 'a caf\u00e9\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512';
      const png = makePng({ before: [chunk('tEXt', `parameters\0${a1111}`)] });
      assert.equal(Buffer.from(png).includes(Buffer.from([0x63, 0x61, 0x66, 0xe9])), true, 'é is one byte');
      assert.equal(readPngTextSync(png).get('parameters'), a1111);
      assert.equal((await readPngText(png)).get('parameters'), a1111);
    });

    it('maps every Latin-1 byte to its own code point (not windows-1252)', () => {
      const all = Buffer.from(Array.from({ length: 255 }, (_, i) => i + 1));
      const png = makePng({ before: [chunk('tEXt', Buffer.concat([Buffer.from('bytes\0'), all]))] });
      const text = readPngTextSync(png).get('bytes') ?? '';
      assert.deepEqual(Array.from(text, (c) => c.charCodeAt(0)), Array.from(all));
    });

    it('reads a compressed iTXt chunk and a zTXt chunk, async only', async () => {
      const png = makePng({ after: [compressedItxt('parameters', INFOTEXT), zTxt('Comment', 'd\u00e9j\u00e0 vu')] });
      const text = await readPngText(png);
      assert.equal(text.get('parameters'), INFOTEXT);
      assert.equal(text.get('Comment'), 'déjà vu');
      assert.equal(readPngTextSync(png).size, 0);
    });

    it('keeps the first chunk of a keyword seen twice', async () => {
      const png = makePng({ before: [chunk('tEXt', 'parameters\0first')], after: [chunk('tEXt', 'parameters\0second')] });
      assert.equal(readPngTextSync(png).get('parameters'), 'first');
      assert.equal((await readPngText(png)).get('parameters'), 'first');
    });

    it('inflates with node:zlib where DecompressionStream is missing', async () => {
      const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'DecompressionStream');
      assert.ok(descriptor?.configurable);
      Object.defineProperty(globalThis, 'DecompressionStream', { value: undefined, configurable: true, writable: true });
      try {
        const png = makePng({ after: [compressedItxt('parameters', INFOTEXT)] });
        assert.equal((await readPngText(png)).get('parameters'), INFOTEXT);
      } finally {
        Object.defineProperty(globalThis, 'DecompressionStream', descriptor);
      }
      assert.equal(typeof DecompressionStream, 'function');
    });

    it('names a compressed chunk that does not inflate', async () => {
      const broken = chunk('zTXt', Buffer.concat([Buffer.from('parameters\0\0', 'latin1'), Buffer.from('not zlib data at all')]));
      await assert.rejects(readPngText(makePng({ before: [broken] })), (e: unknown) => e instanceof PngFormatError && /"parameters"/.test(e.message));
    });

    it('checks the CRC of text chunks when reading them', () => {
      const png = makePng({ before: [chunk('tEXt', 'parameters\0abc')] });
      const corrupt = Buffer.from(png);
      corrupt[33 + 8 + 12] = 0x41; // inside the tEXt text
      assert.throws(() => readPngTextSync(corrupt), /bad CRC in chunk tEXt at byte 33/);
    });
  });
});
