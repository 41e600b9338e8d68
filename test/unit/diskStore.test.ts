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

  it('saves under the next free name with saveUnique, sidecar beside, skipping a stray sidecar', async () => {
    const store = new DiskImageStore(root);
    await fs.writeFile(path.join(root, 'stem.jpg'), 'older');
    await fs.writeFile(path.join(root, 'stem-2.txt'), 'a stray note');
    const draft = store.draft();
    draft.write([bytes('jpeg')]);
    const name = await saveUnique(store, 'stem', 'jpg', draft, 'prompt text');
    assert.equal(name, 'stem-3.jpg');
    assert.equal(await fs.readFile(path.join(root, 'stem-3.jpg'), 'utf8'), 'jpeg');
    assert.equal(await fs.readFile(path.join(root, 'stem-3.txt'), 'utf8'), 'prompt text');
    assert.deepEqual(await listing(root), ['stem-2.txt', 'stem-3.jpg', 'stem-3.txt', 'stem.jpg']);
  });

  it('writes a draft in the background as pieces come, and names it only on commit', async () => {
    const store = new DiskImageStore(path.join(root, 'new'));
    const draft = store.draft();
    for (let i = 0; i < 50; i++) draft.write([bytes(`${i},`)]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const hidden = await listing(path.join(root, 'new'));
    assert.equal(hidden.length, 1);
    assert.match(hidden[0] ?? '', /^\..*\.tmp$/, 'only a hidden temporary file until the commit');
    draft.write([bytes('end')]);
    await fs.writeFile(path.join(root, 'new', 'taken.png'), 'theirs');
    assert.equal(await draft.commit('taken.png'), false, 'a taken name is refused');
    assert.equal(await draft.commit('mine.png'), true, 'and the draft can take another');
    const expected = `${Array.from({ length: 50 }, (_, i) => `${i},`).join('')}end`;
    assert.equal(await fs.readFile(path.join(root, 'new', 'mine.png'), 'utf8'), expected);
    assert.equal(await fs.readFile(path.join(root, 'new', 'taken.png'), 'utf8'), 'theirs');
    await draft.discard();
    assert.deepEqual(await listing(path.join(root, 'new')), ['mine.png', 'taken.png'], 'discard after a commit keeps the file');
    await assert.rejects(draft.commit('again.png'), /committed or discarded/);
  });

  it('leaves nothing behind when a draft is discarded, written or not', async () => {
    const store = new DiskImageStore(root);
    const unused = store.draft();
    const written = store.draft();
    written.write([bytes('half an image')]);
    await Promise.all([unused.discard(), written.discard(), written.discard()]);
    assert.deepEqual(await listing(root), []);
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
    prototype.writev = async function (this: fs.FileHandle, buffers: NodeJS.ArrayBufferView[]) {
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
