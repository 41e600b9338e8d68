import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { saveUnique } from '../../src/core/store';
import { WorkspaceImageStore } from '../../src/host/workspaceStore';
import { MemoryFileSystem } from './support/memoryFileSystem';

const SCHEME = 'imagesmith-test-memfs';

describe('Saving into a workspace that is not on disk (workspace.fs)', () => {
  const memory = new MemoryFileSystem();
  let registration: vscode.Disposable | undefined;
  const folder = vscode.Uri.from({ scheme: SCHEME, path: '/assets' });
  const text = (value: string) => new TextEncoder().encode(value);
  const names = () => [...memory.files.keys()].sort();

  before(() => {
    registration = vscode.workspace.registerFileSystemProvider(SCHEME, memory, { isCaseSensitive: true });
  });
  after(() => {
    registration?.dispose();
  });
  beforeEach(() => memory.files.clear());

  it('writes a draft whole on commit, under a name no file has, and leaves no temporary file', async () => {
    const store = new WorkspaceImageStore(folder);
    memory.files.set('/assets/taken.png', text('theirs'));
    const draft = store.draft();
    draft.write([text('head-')]);
    draft.write([text('body')]);
    assert.deepEqual(names(), ['/assets/taken.png'], 'nothing is written before the commit');
    assert.equal(await draft.commit('taken.png'), false);
    assert.equal(await draft.commit('mine.png'), true);
    assert.equal(new TextDecoder().decode(memory.files.get('/assets/mine.png')), 'head-body');
    assert.equal(new TextDecoder().decode(memory.files.get('/assets/taken.png')), 'theirs');
    assert.deepEqual(names(), ['/assets/mine.png', '/assets/taken.png']);
    assert.equal(store.locate('mine.png'), `${SCHEME}:/assets/mine.png`);
  });

  it('gives each of many simultaneous saves its own name, sidecars beside', async () => {
    const store = new WorkspaceImageStore(folder);
    const saved = await Promise.all(
      Array.from({ length: 8 }, (_, i) => {
        const draft = store.draft();
        draft.write([text(`image ${i}`)]);
        return saveUnique(store, 'stem', 'jpg', draft, `infotext ${i}`);
      }),
    );
    assert.equal(new Set(saved).size, 8);
    for (const [i, name] of saved.entries()) {
      assert.equal(new TextDecoder().decode(memory.files.get(`/assets/${name}`)), `image ${i}`);
      assert.equal(new TextDecoder().decode(memory.files.get(`/assets/${name.replace(/\.jpg$/, '.txt')}`)), `infotext ${i}`);
    }
    assert.equal(names().filter((name) => name.endsWith('.tmp')).length, 0);
  });

  it('leaves nothing behind for a discarded draft', async () => {
    const store = new WorkspaceImageStore(folder);
    const draft = store.draft();
    draft.write([text('never named')]);
    await draft.discard();
    await assert.rejects(draft.commit('late.png'), /committed or discarded/);
    assert.deepEqual(names(), []);
  });
});
