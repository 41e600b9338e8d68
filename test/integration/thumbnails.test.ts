import * as assert from 'node:assert/strict';
import { readFileSync, utimesSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PixelEngine } from '../../src/core/export/engine';
import { WorkerEngine } from '../../src/core/export/workerEngine';
import { imageInfo } from '../../src/core/imageInfo';
import { LogChannel } from '../../src/host/log';
import { ThumbnailCache, type ThumbnailSource } from '../../src/sidebar/gallery/thumbnails';
import { makePng } from '../fixtures/images';
import { workspaceFolder } from './support/commands';
import { MemoryFileSystem } from './support/memoryFileSystem';

/**
 * The cache as the gallery runs it: the extension's own image worker, a folder of its own;
 * `rendered` lists the width of each image the worker was given, in the order given, and
 * `byPath` how many it was given as a path to read itself.
 */
function cacheIn(folder: vscode.Uri, workers = 2): { cache: ThumbnailCache; engine: PixelEngine; log: LogChannel; rendered: number[]; byPath: () => number; writtenByWorker: () => number } {
  const extension = vscode.extensions.getExtension('imagesmith.imagesmith');
  assert.ok(extension, 'the extension is installed');
  const dist = path.join(extension.extensionPath, 'dist');
  const worker = new WorkerEngine(path.join(dist, 'imageWorker.js'));
  const rendered: number[] = [];
  let paths = 0;
  let written = 0;
  const engine: PixelEngine = {
    render: async (source, specs) => {
      if (!(source instanceof Uint8Array)) paths++;
      rendered.push(imageInfo(source instanceof Uint8Array ? source : readFileSync(source.path))?.width ?? 0);
      const outputs = await worker.render(source, specs);
      written += outputs.filter((output) => output.path !== undefined && output.bytes.length === 0).length;
      return outputs;
    },
    inspect: (source) => worker.inspect(source),
    dispose: () => worker.dispose(),
  };
  const log = new LogChannel(() => []);
  return { cache: new ThumbnailCache(engine, folder, log, workers), engine, log, rendered, byPath: () => paths, writtenByWorker: () => written };
}

async function sourceOf(uri: vscode.Uri): Promise<ThumbnailSource> {
  const stat = await vscode.workspace.fs.stat(uri);
  return { uri, size: stat.size, mtime: stat.mtime };
}

async function files(folder: vscode.Uri): Promise<string[]> {
  return (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name).sort();
}

describe('The gallery’s thumbnail cache', function () {
  this.timeout(120_000);
  const images = () => vscode.Uri.joinPath(workspaceFolder(), 'thumbs-src');
  const store = () => vscode.Uri.joinPath(workspaceFolder(), '.thumbnail-cache-test');
  let made: ReturnType<typeof cacheIn> | undefined;

  afterEach(async () => {
    await made?.engine.dispose();
    made?.log.dispose();
    made = undefined;
    for (const folder of [images(), store()]) await Promise.resolve(vscode.workspace.fs.delete(folder, { recursive: true })).catch(() => undefined);
  });

  it('makes each thumbnail once, in the order asked, and prunes those of deleted and changed images', async () => {
    made = cacheIn(store());
    const uris = ['kept', 'deleted', 'changed'].map((name) => vscode.Uri.joinPath(images(), `${name}.png`));
    for (const [index, uri] of uris.entries()) await vscode.workspace.fs.writeFile(uri, makePng(600 + index * 10, 400));
    const sources = await Promise.all(uris.map(sourceOf));
    const thumbnails = await Promise.all(made.cache.request(sources));
    assert.ok(thumbnails.every((thumbnail) => thumbnail !== undefined));
    assert.equal(made.byPath(), 3, 'an image on disk is read by the worker, not by the extension host');
    assert.equal((await files(store())).length, 6, 'a WebP and its JSON per image, nothing else');
    assert.equal(made.writtenByWorker(), 3, 'a cache on this disk is written by the worker itself');
    assert.equal((await made.cache.cached(sources[0]!))?.uri.toString(), thumbnails[0]?.uri.toString());

    await vscode.workspace.fs.delete(uris[1]!);
    await vscode.workspace.fs.writeFile(uris[2]!, makePng(300, 300));
    const report = await made.cache.prune();
    assert.equal(report.stale, 2);
    assert.equal(report.kept, 1);
    const key = ThumbnailCache.keyOf(sources[0]!);
    assert.deepEqual(await files(store()), [`${key}-o.webp`, `${key}.json`].sort());
    assert.equal(await made.cache.cached(sources[1]!), undefined, 'the index forgets what was pruned');
    // The changed image gets a new thumbnail under its new key.
    const fresh = await made.cache.get(await sourceOf(uris[2]!));
    assert.ok(fresh);
    assert.equal((await files(store())).length, 4);
  });

  it('makes the thumbnail of an image in a workspace that is not on disk from its bytes', async () => {
    const memory = new MemoryFileSystem();
    const registration = vscode.workspace.registerFileSystemProvider('imagesmith-test-thumbs', memory, { isCaseSensitive: true });
    try {
      made = cacheIn(store());
      const uri = vscode.Uri.from({ scheme: 'imagesmith-test-thumbs', path: '/virtual.png' });
      memory.files.set(uri.path, makePng(320, 200));
      const thumbnail = await made.cache.get({ uri, size: memory.files.get(uri.path)?.length ?? 0, mtime: 0 });
      assert.ok(thumbnail, 'a thumbnail is made');
      assert.equal(made.byPath(), 0, 'the bytes went to the worker');
      assert.deepEqual(made.rendered, [320]);
      const made256 = imageInfo(await vscode.workspace.fs.readFile(thumbnail.uri));
      assert.deepEqual([made256?.width, made256?.height], [256, 160]);
    } finally {
      registration.dispose();
    }
  });

  it('gives the worker its next image while the files of the last one are still being written', async () => {
    // A cache folder whose thumbnails are written only when the test lets them: a slow disk.
    let letWrite: () => void = () => undefined;
    const written = new Promise<void>((resolve) => (letWrite = resolve));
    const disk = new MemoryFileSystem();
    disk.delayWrite = (uri) => (uri.path.endsWith('.webp') ? written : undefined);
    const registration = vscode.workspace.registerFileSystemProvider('imagesmith-test-slow-cache', disk, { isCaseSensitive: true });
    try {
      // One worker: two images with it at once.
      made = cacheIn(vscode.Uri.from({ scheme: 'imagesmith-test-slow-cache', path: '/thumbnails' }), 1);
      const sources: ThumbnailSource[] = [];
      for (const width of [121, 122, 123, 124]) {
        const uri = vscode.Uri.joinPath(images(), `w${width}.png`);
        await vscode.workspace.fs.writeFile(uri, makePng(width, 80));
        sources.push(await sourceOf(uri));
      }
      const thumbnails = Promise.all(made.cache.request(sources, { inView: 4 }));
      const rendered = made.rendered;
      const deadline = Date.now() + 30_000;
      while (rendered.length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual([...rendered].sort(), [121, 122, 123, 124], 'all four went to the worker before any thumbnail was written');
      assert.equal([...disk.files.keys()].filter((name) => name.endsWith('.webp')).length, 0);
      letWrite();
      const made4 = await thumbnails;
      assert.ok(made4.every((thumbnail) => thumbnail !== undefined));
      assert.equal([...disk.files.keys()].filter((name) => name.endsWith('.webp')).length, 4);
      assert.equal(made.writtenByWorker(), 0, 'a cache not on this disk is written through VS Code');
    } finally {
      letWrite();
      registration.dispose();
    }
  });

  it('makes the tiles in view first, then those near the view, then the newest images; an image under way is not made again', async () => {
    // One worker: two thumbnails under way at once.
    made = cacheIn(store(), 1);
    // Each image has a width of its own, which names it in the order the worker was given them.
    const sources: ThumbnailSource[] = [];
    for (const width of [101, 102, 103, 104, 105, 106]) {
      const uri = vscode.Uri.joinPath(images(), `w${width}.png`);
      await vscode.workspace.fs.writeFile(uri, makePng(width, 80));
      sources.push(await sourceOf(uri));
    }
    const [w101, w102, w103, w104, w105, w106] = sources as [ThumbnailSource, ThumbnailSource, ThumbnailSource, ThumbnailSource, ThumbnailSource, ThumbnailSource];
    const prefetched = made.cache.request([w101, w102], { prefetch: true });
    // In view (w101 is under way already), then tiles only near the view asked after them, as the webview's second report of tiles does.
    const inView = made.cache.request([w105, w106, w101], { inView: 3 });
    const near = made.cache.request([w103, w104]);
    const thumbnails = await Promise.all([...prefetched, ...inView, ...near]);
    assert.ok(thumbnails.every((thumbnail) => thumbnail !== undefined));
    assert.equal(thumbnails[0]?.uri.toString(), thumbnails[4]?.uri.toString());
    const pairs = [made.rendered.slice(0, 2), made.rendered.slice(2, 4), made.rendered.slice(4)].map((pair) => [...pair].sort());
    assert.deepEqual(pairs, [[101, 102], [105, 106], [103, 104]], `the worker was given ${made.rendered.join(', ')}`);
  });

  it('makes a tile asked for as near, then again as in view, ahead of the other tiles near the view', async () => {
    made = cacheIn(store(), 1);
    const sources: ThumbnailSource[] = [];
    for (const width of [111, 112, 113, 114, 115]) {
      const uri = vscode.Uri.joinPath(images(), `w${width}.png`);
      await vscode.workspace.fs.writeFile(uri, makePng(width, 80));
      sources.push(await sourceOf(uri));
    }
    const [w111, w112, w113, w114, w115] = sources as [ThumbnailSource, ThumbnailSource, ThumbnailSource, ThumbnailSource, ThumbnailSource];
    // Two under way; three near the view wait; then the panel grows and the last of them is in view.
    const underway = made.cache.request([w111, w112], { inView: 2 });
    const near = made.cache.request([w113, w114, w115]);
    const promoted = made.cache.request([w115], { inView: 1 });
    const thumbnails = await Promise.all([...underway, ...near, ...promoted]);
    assert.ok(thumbnails.every((thumbnail) => thumbnail !== undefined));
    assert.equal(thumbnails[4]?.uri.toString(), thumbnails[5]?.uri.toString(), 'both requests get the one thumbnail');
    // Two at a time: w115 goes with the first near tile, ahead of the second; unpromoted it would be last.
    const pairs = [made.rendered.slice(2, 4), made.rendered.slice(4)].map((pair) => [...pair].sort());
    assert.deepEqual(pairs, [[113, 115], [114]], `the worker was given ${made.rendered.join(', ')}`);
  });

  it('keeps the cache under its size cap, the oldest thumbnails going first, and leaves images it cannot reach', async () => {
    made = cacheIn(store());
    const uris = Array.from({ length: 4 }, (_, index) => vscode.Uri.joinPath(images(), `image-${index}.png`));
    const sizes: number[] = [];
    for (const uri of uris) {
      await vscode.workspace.fs.writeFile(uri, makePng(640, 480, { seed: uris.indexOf(uri) + 1 }));
      const [thumbnail] = made.cache.request([await sourceOf(uri)]);
      const written = await thumbnail;
      assert.ok(written);
      sizes.push((await vscode.workspace.fs.stat(written.uri)).size);
      // Thumbnails made a moment apart, so that their times order them.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // A thumbnail of an image in a file system this window does not have (another window's virtual folder).
    const elsewhere = vscode.Uri.parse('vscode-vfs://github/someone/repo/image.png');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(store(), `${'f'.repeat(32)}-o.webp`), new Uint8Array(sizes[0] ?? 100));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(store(), `${'f'.repeat(32)}.json`), new TextEncoder().encode(JSON.stringify({ uri: elsewhere.toString(), size: 1, mtime: 1 })));

    const total = sizes.reduce((sum, size) => sum + size, 0) + (sizes[0] ?? 100);
    const report = await made.cache.prune({ maxBytes: total - 1 });
    assert.equal(report.stale, 0);
    assert.ok(report.bytes <= (total - 1) * 0.8, `${report.bytes} bytes kept, under 80% of the cap`);
    const oldest = ThumbnailCache.keyOf(await sourceOf(uris[0]!));
    assert.ok(report.removedKeys.includes(oldest), 'the oldest thumbnail went first');
    const newest = ThumbnailCache.keyOf(await sourceOf(uris[3]!));
    assert.ok(!report.removedKeys.includes(newest), 'the newest thumbnail stays');
    assert.equal(await made.cache.cached(await sourceOf(uris[0]!)), undefined);
  });

  it('clears a thumbnail left half-written by an editor that closed, once it is a day old, and leaves one being written', async () => {
    made = cacheIn(store());
    const uri = vscode.Uri.joinPath(images(), 'kept.png');
    await vscode.workspace.fs.writeFile(uri, makePng(300, 200));
    const key = ThumbnailCache.keyOf(await sourceOf(uri));
    assert.ok(await made.cache.get(await sourceOf(uri)));
    const old = vscode.Uri.joinPath(store(), `${'a'.repeat(32)}-o.webp.4242-1.partial`);
    const current = vscode.Uri.joinPath(store(), `${'b'.repeat(32)}-a.webp.4243-2.partial`);
    for (const partial of [old, current]) await vscode.workspace.fs.writeFile(partial, new Uint8Array(64));
    const dayAndMore = (Date.now() - 25 * 60 * 60 * 1000) / 1000;
    utimesSync(old.fsPath, dayAndMore, dayAndMore);

    const report = await made.cache.prune();
    assert.deepEqual(report.removedKeys, []);
    assert.equal(report.kept, 1);
    assert.deepEqual(await files(store()), [`${key}-o.webp`, `${key}.json`, `${'b'.repeat(32)}-a.webp.4243-2.partial`].sort());
  });
});
