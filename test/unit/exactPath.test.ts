import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiskImageStore } from '../../src/core/diskStore';
import { ImagesmithError } from '../../src/core/errors';
import { extensionFor, linkLeadsOut, parseTargetPath } from '../../src/core/exactPath';
import { isPng } from '../../src/core/pngChunks';
import { readPngText } from '../../src/core/pngText';
import { startAllProviders, type AllProviders } from '../fixtures/all';
import { harness } from './support';

function refusal(given: string): ImagesmithError {
  try {
    parseTargetPath(given);
  } catch (error) {
    assert.ok(error instanceof ImagesmithError);
    assert.equal(error.kind, 'invalid-input');
    assert.equal(error.parameter, 'path');
    return error;
  }
  assert.fail(`"${given}" was accepted`);
}

describe('exact target paths', () => {
  it('reads a workspace-relative path into folders, stem and extension', () => {
    assert.deepEqual(parseTargetPath('public/images/hero.png'), { path: 'public/images/hero.png', folders: ['public', 'images'], stem: 'hero', ext: 'png' });
    assert.deepEqual(parseTargetPath('./img\\Logo.JPG'), { path: 'img/Logo.JPG', folders: ['img'], stem: 'Logo', ext: 'jpg' });
    assert.deepEqual(parseTargetPath('hero'), { path: 'hero', folders: [], stem: 'hero' });
    assert.deepEqual(parseTargetPath('a.b/hero.v2.webp'), { path: 'a.b/hero.v2.webp', folders: ['a.b'], stem: 'hero.v2', ext: 'webp' });
  });

  it('refuses absolute paths, ".." escapes and folders, saying what to give instead', () => {
    for (const given of ['/etc/hero.png', '\\\\server\\share\\hero.png', 'C:\\hero.png', 'c:hero.png', '~/hero.png']) {
      assert.match(refusal(given).message, /is absolute.*relative to the workspace folder/, given);
    }
    for (const given of ['../hero.png', 'public/../../hero.png', 'a/.../hero.png', 'a\\..\\..\\b.png']) {
      assert.match(refusal(given).message, /climbs out of the workspace/, given);
    }
    assert.match(refusal('public/images/').message, /names a folder/);
    assert.match(refusal('').message, /is empty/);
    assert.match(refusal('a/\0b.png').message, /NUL/);
  });

  it('refuses names that do not work everywhere and extensions that are not images', () => {
    assert.match(refusal('logo.svg').message, /ends in "\.svg".*PNG, JPEG or WebP/);
    assert.match(refusal('what?.png').message, /not a valid file or folder name/);
    assert.match(refusal('folder./hero.png').message, /not a valid file or folder name/);
    assert.match(refusal('images/.png').message, /no file name/);
  });

  it('keeps the extension asked for when it means the format, else follows the bytes', () => {
    assert.equal(extensionFor('png', 'png'), 'png');
    assert.equal(extensionFor('png', 'jpg'), 'png');
    assert.equal(extensionFor('jpeg', 'jpeg'), 'jpeg');
    assert.equal(extensionFor('jpeg', 'png'), 'jpg');
    assert.equal(extensionFor('webp', undefined), 'webp');
  });

  describe('links', () => {
    let root: string;
    let outside: string;
    before(async () => {
      root = await fs.mkdtemp(path.join(os.tmpdir(), 'imagesmith-root-'));
      outside = await fs.mkdtemp(path.join(os.tmpdir(), 'imagesmith-outside-'));
      await fs.mkdir(path.join(root, 'real'));
      await fs.symlink(outside, path.join(root, 'out'), 'dir');
      await fs.symlink(path.join(root, 'real'), path.join(root, 'in'), 'dir');
      await fs.writeFile(path.join(outside, 'target.png'), 'x');
      await fs.symlink(path.join(outside, 'target.png'), path.join(root, 'real', 'file-out.png'));
    });
    after(async () => {
      await fs.rm(root, { recursive: true, force: true });
      await fs.rm(outside, { recursive: true, force: true });
    });

    it('refuses a folder link that leads out, even to folders not made yet', async () => {
      assert.equal(await linkLeadsOut(root, path.join(root, 'out', 'new', 'hero.png')), path.join(await fs.realpath(outside), 'new', 'hero.png'));
    });

    it('refuses a file link that leads out', async () => {
      assert.ok(await linkLeadsOut(root, path.join(root, 'real', 'file-out.png')));
    });

    it('accepts links that stay inside and folders that do not exist yet', async () => {
      assert.equal(await linkLeadsOut(root, path.join(root, 'in', 'hero.png')), undefined);
      assert.equal(await linkLeadsOut(root, path.join(root, 'a', 'b', 'hero.png')), undefined);
    });
  });

  describe('saving', () => {
    let servers: AllProviders;
    before(async () => {
      servers = await startAllProviders();
    });
    after(async () => servers.close());
    beforeEach(() => {
      servers.reset();
    });

    async function at(folders: string, target: { stem: string; ext?: string }) {
      const h = await harness(servers.urls);
      const folder = path.join(h.folder, folders);
      const exact = await harness(servers.urls, { store: new DiskImageStore(folder), target });
      return {
        folder,
        run: (...args: Parameters<typeof exact.run>) => exact.run(...args),
        files: async () => (await fs.readdir(folder)).sort(),
        close: async () => {
          await fs.rm(h.folder, { recursive: true, force: true });
          await h.close();
          await exact.close();
        },
      };
    }

    it('writes the file at its name, creating the folders, with the infotext inside', async () => {
      const t = await at('public/images', { stem: 'hero', ext: 'png' });
      try {
        const [saved] = await t.run({ provider: 'popcord', prompt: 'a hero image' });
        assert.equal(saved?.name, 'hero.png');
        assert.deepEqual(await t.files(), ['hero.png']);
        const bytes = new Uint8Array(await fs.readFile(path.join(t.folder, 'hero.png')));
        assert.ok(isPng(bytes));
        assert.match((await readPngText(bytes)).get('parameters') ?? '', /^a hero image\n.*Provider: popcord/s);
      } finally {
        await t.close();
      }
    });

    it('never overwrites: the next is name-2, then name-3', async () => {
      const t = await at('img', { stem: 'hero', ext: 'png' });
      try {
        await fs.mkdir(t.folder, { recursive: true });
        await fs.writeFile(path.join(t.folder, 'hero.png'), 'not to be touched');
        const [second] = await t.run({ provider: 'popcord', prompt: 'again' });
        const [third] = await t.run({ provider: 'popcord', prompt: 'again' });
        assert.equal(second?.name, 'hero-2.png');
        assert.equal(third?.name, 'hero-3.png');
        assert.equal(await fs.readFile(path.join(t.folder, 'hero.png'), 'utf8'), 'not to be touched');
      } finally {
        await t.close();
      }
    });

    it('lets the extension follow the bytes: hero.png asked, JPEG received, hero.jpg with its sidecar', async () => {
      const t = await at('img', { stem: 'hero', ext: 'png' });
      try {
        servers.popcord.setFault({ fault: 'format', format: 'jpeg' });
        const [saved] = await t.run({ provider: 'popcord', prompt: 'jpeg please' });
        assert.equal(saved?.name, 'hero.jpg');
        assert.equal(saved?.format, 'jpeg');
        assert.deepEqual(await t.files(), ['hero.jpg', 'hero.txt']);
        assert.match(await fs.readFile(path.join(t.folder, 'hero.txt'), 'utf8'), /^jpeg please\n/);
      } finally {
        await t.close();
      }
    });

    it('keeps .jpeg when that was asked and a JPEG came', async () => {
      const t = await at('img', { stem: 'photo', ext: 'jpeg' });
      try {
        servers.popcord.setFault({ fault: 'format', format: 'jpeg' });
        const [saved] = await t.run({ provider: 'popcord', prompt: 'jpeg' });
        assert.equal(saved?.name, 'photo.jpeg');
      } finally {
        await t.close();
      }
    });

    it('names several images of one request name, name-2, …', async () => {
      const t = await at('img', { stem: 'set' });
      try {
        const saved = await t.run({ provider: 'imagepipeline', prompt: 'four', params: { samples: 3 } }, { apiKey: 'k' });
        assert.deepEqual(
          saved.map((image) => image.name),
          ['set.png', 'set-2.png', 'set-3.png'],
        );
      } finally {
        await t.close();
      }
    });
  });
});
