import { strict as assert } from 'node:assert';
import { promises as fsp } from 'node:fs';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatInfotext } from '../../src/core/infotext';
import { insertTextChunk } from '../../src/core/pngTextInserter';
import { compareNewestFirst, diffListings, isGalleryImage, listImages, type FileEntry } from '../../src/sidebar/gallery/listing';
import { readInfotext, summarize, type FolderReader } from '../../src/sidebar/gallery/metadata';
import { scanPngHead } from '../../src/sidebar/gallery/pngHead';
import { makePng, tinyJpeg, tinyWebp } from '../fixtures/images';

/** A FolderReader on a real folder that counts the bytes it reads, as the host's node:fs reader does. */
function nodeReader(folder: string): FolderReader & { bytesRead: number } {
  const reader = {
    bytesRead: 0,
    async readHead(name: string, length: number) {
      const handle = await fsp.open(join(folder, name), 'r');
      try {
        const buffer = new Uint8Array(length);
        const { bytesRead } = await handle.read(buffer, 0, length, 0);
        reader.bytesRead += bytesRead;
        return { bytes: buffer.subarray(0, bytesRead), complete: bytesRead < length };
      } finally {
        await handle.close();
      }
    },
    async readText(name: string, maxBytes: number) {
      try {
        const stat = await fsp.stat(join(folder, name));
        if (stat.size > maxBytes) return undefined;
        reader.bytesRead += stat.size;
        return await fsp.readFile(join(folder, name), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
  return reader;
}

const INFOTEXT = formatInfotext({
  prompt: 'a red fox in the snow',
  negativePrompt: 'blurry',
  fields: [
    ['Steps', 30],
    ['Seed', 123],
    ['Size', '1024x1024'],
    ['Provider', 'imagepipeline'],
  ],
});

describe('gallery listing', () => {
  it('lists PNG, JPEG and WebP images, not sidecars, hidden or temporary files', () => {
    const names = ['a.png', 'b.JPG', 'c.jpeg', 'd.webp', 'a.txt', 'notes.md', '.a.png.1f2e.tmp', '.hidden.png', 'e.gif'];
    assert.deepEqual(names.filter(isGalleryImage), ['a.png', 'b.JPG', 'c.jpeg', 'd.webp']);
  });

  it('sorts newest first, then by name (names start with their time)', () => {
    const entries: FileEntry[] = [
      { name: '20250101-100000-old.png', mtime: 1_000 },
      { name: '20250103-100000-new.png', mtime: 3_000 },
      { name: '20250102-100000-b.png', mtime: 2_000 },
      { name: '20250102-100000-a.png', mtime: 2_000 },
    ];
    assert.deepEqual(
      listImages(0, entries).map((image) => image.name),
      ['20250103-100000-new.png', '20250102-100000-b.png', '20250102-100000-a.png', '20250101-100000-old.png'],
    );
    assert.ok(compareNewestFirst({ folder: 0, name: 'a', mtime: 2 }, { folder: 0, name: 'a', mtime: 1 }) < 0);
  });

  it('tells what came, went and changed (a new sidecar changes its image)', () => {
    const before = listImages(0, [
      { name: 'keep.png', mtime: 1 },
      { name: 'gone.png', mtime: 2 },
      { name: 'photo.jpg', mtime: 3 },
    ]);
    const after = listImages(0, [
      { name: 'keep.png', mtime: 1 },
      { name: 'photo.jpg', mtime: 3 },
      { name: 'photo.txt', mtime: 4 },
      { name: 'new.webp', mtime: 5 },
    ]);
    const { added, removed } = diffListings(before, after);
    assert.deepEqual(added.map((image) => image.name).sort(), ['new.webp', 'photo.jpg']);
    assert.deepEqual(removed.map((image) => image.name).sort(), ['gone.png', 'photo.jpg']);
    assert.deepEqual(diffListings(after, after), { added: [], removed: [] });
  });

  it('lists a thousand images quickly', () => {
    const entries = Array.from({ length: 1_000 }, (_, i) => ({ name: `img-${String(i).padStart(4, '0')}.png`, mtime: i }));
    const started = performance.now();
    const listed = listImages(0, entries);
    assert.ok(performance.now() - started < 200);
    assert.equal(listed[0]?.name, 'img-0999.png');
    assert.equal(listed.length, 1_000);
  });
});

describe('gallery metadata from the files', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'imagesmith-gallery-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads our PNG’s iTXt from the first kilobytes of a large file', async () => {
    const png = Buffer.concat(insertTextChunk(makePng(1024, 1024, { padTo: 3_000_000 }), 'parameters', INFOTEXT));
    await writeFile(join(folder, 'big.png'), png);
    const reader = nodeReader(folder);
    assert.equal(await readInfotext(reader, 'big.png'), INFOTEXT);
    assert.ok(reader.bytesRead <= 16 * 1024, `read ${reader.bytesRead} bytes of ${png.length}`);
  });

  it('reads A1111’s tEXt before IDAT, reading on when the text is past the first read', async () => {
    const long = `${'a very long prompt, '.repeat(2_000)}\nSteps: 20, Seed: 5, Size: 512x512`;
    const png = makePng(512, 512, { text: { parameters: long }, padTo: 500_000 });
    await writeFile(join(folder, 'a1111.png'), png);
    const reader = nodeReader(folder);
    assert.equal(await readInfotext(reader, 'a1111.png'), long);
    assert.ok(reader.bytesRead < 200_000, `read ${reader.bytesRead} bytes`);
  });

  it('reads a JPEG’s or WebP’s same-name .txt sidecar', async () => {
    await writeFile(join(folder, 'photo.jpg'), tinyJpeg());
    await writeFile(join(folder, 'photo.txt'), INFOTEXT);
    await writeFile(join(folder, 'pic.webp'), tinyWebp());
    const reader = nodeReader(folder);
    assert.equal(await readInfotext(reader, 'photo.jpg'), INFOTEXT);
    assert.equal(await readInfotext(reader, 'pic.webp'), undefined);
  });

  it('falls back to a sidecar for a PNG without text, and reads nothing from a PNG without either', async () => {
    await writeFile(join(folder, 'plain.png'), makePng(8, 8));
    assert.equal(await readInfotext(nodeReader(folder), 'plain.png'), undefined);
    await writeFile(join(folder, 'plain.txt'), 'from the sidecar');
    assert.equal(await readInfotext(nodeReader(folder), 'plain.png'), 'from the sidecar');
  });

  it('survives files that are not what their names say', async () => {
    await writeFile(join(folder, 'fake.png'), 'not a png at all');
    await writeFile(join(folder, 'empty.png'), '');
    const truncated = Buffer.concat(insertTextChunk(makePng(8, 8), 'parameters', INFOTEXT)).subarray(0, 40);
    await writeFile(join(folder, 'cut.png'), truncated);
    const reader = nodeReader(folder);
    for (const name of ['fake.png', 'empty.png', 'cut.png']) assert.equal(await readInfotext(reader, name), undefined, name);
  });

  it('refuses a text chunk with a bad CRC rather than showing garbage', async () => {
    const png = Buffer.concat(insertTextChunk(makePng(8, 8), 'parameters', INFOTEXT));
    const corrupt = new Uint8Array(png);
    corrupt[50] = (corrupt[50] ?? 0) ^ 0xff;
    assert.deepEqual(await scanPngHead(corrupt, true), { kind: 'unreadable' });
  });

  it('summarises the prompt and a few fields; an image without infotext shows its name only', () => {
    assert.deepEqual(summarize({ folder: 0, name: 'a.png' }, INFOTEXT), {
      folder: 0,
      name: 'a.png',
      prompt: 'a red fox in the snow',
      provider: 'imagepipeline',
      size: '1024x1024',
      seed: '123',
    });
    assert.deepEqual(summarize({ folder: 1, name: 'b.png' }, undefined), { folder: 1, name: 'b.png', prompt: '' });
    assert.equal(summarize({ folder: 0, name: 'c.png' }, 'x'.repeat(5_000)).prompt.length, 1_000);
  });

  it('a folder of 1,000 images: metadata of all of them reads fast', async function () {
    this.timeout(60_000);
    const png = Buffer.concat(insertTextChunk(makePng(160, 160, { padTo: 60_000 }), 'parameters', INFOTEXT));
    const entries: FileEntry[] = [];
    for (let i = 0; i < 1_000; i++) {
      const name = `img-${String(i).padStart(4, '0')}.png`;
      await writeFile(join(folder, name), png);
      const when = new Date(1_700_000_000_000 + i * 1_000);
      await utimes(join(folder, name), when, when);
      entries.push({ name, mtime: when.getTime() });
    }
    const reader = nodeReader(folder);
    const started = performance.now();
    const listed = listImages(0, entries);
    const metas = await Promise.all(listed.map(async (image) => summarize(image, await readInfotext(reader, image.name))));
    const elapsed = performance.now() - started;
    assert.equal(metas.length, 1_000);
    assert.ok(metas.every((meta) => meta.prompt === 'a red fox in the snow'));
    assert.ok(reader.bytesRead <= 1_000 * 16 * 1024, `read ${reader.bytesRead} bytes`);
    assert.ok(elapsed < 5_000, `took ${Math.round(elapsed)} ms`);
  });
});
