import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiskImageStore } from '../../src/core/diskStore';
import { saveUnique } from '../../src/core/store';

describe('DiskImageStore', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'imagesmith-disk-'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  const bytes = (text: string) => new TextEncoder().encode(text);
  const listing = async (folder: string) => (await fs.readdir(folder)).sort();

  it('writes the pieces one after another, making the folder on first use', async () => {
    const folder = path.join(root, 'assets', 'images');
    const store = new DiskImageStore(folder);
    assert.equal(await store.create('a.png', [bytes('head-'), bytes(''), bytes('body-'), bytes('tail')]), true);
    assert.equal(await fs.readFile(path.join(folder, 'a.png'), 'utf8'), 'head-body-tail');
    assert.deepEqual(await listing(folder), ['a.png'], 'no temporary file is left');
    assert.equal(store.locate('a.png'), path.join(folder, 'a.png'));
  });

  it('never replaces a file, and says the name is taken', async () => {
    const store = new DiskImageStore(root);
    await fs.writeFile(path.join(root, 'a.png'), 'theirs');
    assert.equal(await store.create('a.png', [bytes('ours')]), false);
    assert.equal(await fs.readFile(path.join(root, 'a.png'), 'utf8'), 'theirs');
    assert.deepEqual(await listing(root), ['a.png']);
  });

  it('gives a name to exactly one of many writers at once', async () => {
    const store = new DiskImageStore(root);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => store.create('same.png', [bytes(`writer ${i}`)])));
    assert.equal(results.filter(Boolean).length, 1);
    const winner = results.indexOf(true);
    assert.equal(await fs.readFile(path.join(root, 'same.png'), 'utf8'), `writer ${winner}`);
    assert.deepEqual(await listing(root), ['same.png']);
  });

  it('saves under the next free name with saveUnique, sidecar beside', async () => {
    const store = new DiskImageStore(root);
    await fs.writeFile(path.join(root, 'stem.jpg'), 'older');
    const name = await saveUnique(store, 'stem', 'jpg', [bytes('jpeg')], 'prompt text');
    assert.equal(name, 'stem-2.jpg');
    assert.equal(await fs.readFile(path.join(root, 'stem-2.txt'), 'utf8'), 'prompt text');
  });

  it('fails without leaving anything when the folder cannot be made', async () => {
    await fs.writeFile(path.join(root, 'assets'), 'a file where the folder should be');
    const store = new DiskImageStore(path.join(root, 'assets', 'sub'));
    await assert.rejects(store.create('a.png', [bytes('x')]), (error: NodeJS.ErrnoException) => ['ENOTDIR', 'EEXIST'].includes(error.code ?? ''));
    assert.deepEqual(await listing(root), ['assets']);
  });

  it('removes the temporary file when the disk fills half-way', async () => {
    const probe = await fs.open(path.join(root, 'probe'), 'w');
    const prototype = Object.getPrototypeOf(probe) as { writev: fs.FileHandle['writev'] };
    await probe.close();
    await fs.rm(path.join(root, 'probe'));
    const writev = prototype.writev;
    prototype.writev = async function (this: fs.FileHandle, buffers: readonly NodeJS.ArrayBufferView[]) {
      await writev.call(this, buffers.slice(0, 1));
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    } as fs.FileHandle['writev'];
    try {
      const store = new DiskImageStore(root);
      await assert.rejects(store.create('a.png', [bytes('start'), bytes('rest')]), { code: 'ENOSPC' });
      assert.deepEqual(await listing(root), []);
    } finally {
      prototype.writev = writev;
    }
  });

  it('takes the file back when closing it reports a failed write, as network shares do', async () => {
    const open = fs.open;
    fs.open = async (...args: Parameters<typeof open>) => {
      const handle = await open(...args);
      const close = handle.close.bind(handle);
      handle.close = async () => {
        await close();
        throw Object.assign(new Error('input/output error'), { code: 'EIO' });
      };
      return handle;
    };
    try {
      const store = new DiskImageStore(root);
      await assert.rejects(store.create('a.png', [bytes('image')]), { code: 'EIO' });
      assert.deepEqual(await listing(root), []);
    } finally {
      fs.open = open;
    }
  });

  it('falls back to rename-if-free on file systems without hard links', async () => {
    const link = fs.link;
    fs.link = () => Promise.reject(Object.assign(new Error('operation not supported'), { code: 'ENOTSUP' }));
    try {
      const store = new DiskImageStore(root);
      assert.equal(await store.create('a.png', [bytes('first')]), true);
      assert.equal(await store.create('a.png', [bytes('second')]), false);
      assert.equal(await fs.readFile(path.join(root, 'a.png'), 'utf8'), 'first');
      assert.deepEqual(await listing(root), ['a.png']);
    } finally {
      fs.link = link;
    }
  });

  it('deletes quietly what is already gone', async () => {
    const store = new DiskImageStore(root);
    await store.create('a.png', [bytes('x')]);
    await store.delete('a.png');
    await store.delete('a.png');
    assert.deepEqual(await listing(root), []);
  });
});
