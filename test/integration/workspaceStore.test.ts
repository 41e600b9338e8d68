import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { saveUnique } from '../../src/core/store';
import { WorkspaceImageStore } from '../../src/host/workspaceStore';

const SCHEME = 'imagesmith-test-memfs';

/** A file system held in memory, as a virtual workspace's (a remote repository, a web folder) is to VS Code. */
class MemoryFileSystem implements vscode.FileSystemProvider {
  readonly files = new Map<string, Uint8Array>();
  readonly folders = new Set<string>(['/']);
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const file = this.files.get(uri.path);
    if (file) return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: file.length };
    if (this.folders.has(uri.path)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    const prefix = uri.path.endsWith('/') ? uri.path : `${uri.path}/`;
    return [...this.files.keys()].filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).map((p) => [p.slice(prefix.length), vscode.FileType.File]);
  }

  createDirectory(uri: vscode.Uri): void {
    this.folders.add(uri.path);
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const file = this.files.get(uri.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(uri);
    return file;
  }

  writeFile(uri: vscode.Uri, content: Uint8Array, options: { create: boolean; overwrite: boolean }): void {
    const exists = this.files.has(uri.path);
    if (exists && !options.overwrite) throw vscode.FileSystemError.FileExists(uri);
    if (!exists && !options.create) throw vscode.FileSystemError.FileNotFound(uri);
    if (!this.folders.has(uri.path.slice(0, uri.path.lastIndexOf('/')) || '/')) throw vscode.FileSystemError.FileNotFound(uri);
    this.files.set(uri.path, new Uint8Array(content));
  }

  delete(uri: vscode.Uri): void {
    if (!this.files.delete(uri.path)) throw vscode.FileSystemError.FileNotFound(uri);
  }

  rename(from: vscode.Uri, to: vscode.Uri, options: { overwrite: boolean }): void {
    const file = this.files.get(from.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(from);
    if (this.files.has(to.path) && !options.overwrite) throw vscode.FileSystemError.FileExists(to);
    this.files.delete(from.path);
    this.files.set(to.path, file);
  }
}

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
