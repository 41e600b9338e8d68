import * as assert from 'node:assert/strict';
import sharp from 'sharp';
import * as vscode from 'vscode';
import { readIco } from '../../src/core/export/ico';
import { recipeFromInfotext } from '../../src/core/export/recipe';
import { parseInfotext } from '../../src/core/infotext';
import { pngSize } from '../../src/core/pngChunks';
import { readPngText } from '../../src/core/pngText';
import { makePng } from '../fixtures/images';
import { makeRgbaPng } from '../fixtures/rgbaPng';
import { generate } from './support/commands';

const INFOTEXT = 'a paper boat on a pond\nSteps: 20, Seed: 42, Size: 800x600, Model: sdxl-turbo, Provider: popcord';

function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with a workspace folder open');
  return folder.uri;
}

/** What sharp (native libvips, not the extension's WebAssembly build) reads back from a written file. */
async function readBack(uri: string | vscode.Uri) {
  const bytes = await vscode.workspace.fs.readFile(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
  const image = sharp(bytes);
  const [meta, stats] = await Promise.all([image.metadata(), image.stats()]);
  return { width: meta.width, height: meta.height, format: meta.format, alpha: !stats.isOpaque, bytes };
}

async function exportImage(args: Record<string, unknown>): Promise<string[]> {
  const result = await vscode.commands.executeCommand<string[]>('imagesmith.exportImage', args);
  assert.ok(Array.isArray(result), 'exportImage with arguments resolves to the written files');
  return result;
}

/** The command's outcome as a Promise, for assert.rejects. */
const run = (command: string, args: unknown): Promise<unknown> => Promise.resolve(vscode.commands.executeCommand(command, args));

const names = (uris: readonly string[]) => uris.map((uri) => uri.slice(uri.lastIndexOf('/') + 1));

/** Every recipe, and what its files must read back as. */
const RECIPES: ReadonlyArray<{ recipe: unknown; check: (uris: string[]) => Promise<void> }> = [
  {
    recipe: { kind: 'size', width: 300, height: 120, fit: 'cover', focus: 'top', format: 'webp' },
    check: async ([uri]) => assert.deepEqual(pick(await readBack(uri!)), { width: 300, height: 120, format: 'webp', alpha: false }),
  },
  {
    recipe: { kind: 'size', width: 200, height: 100, fit: 'contain' },
    check: async ([uri]) => assert.deepEqual(pick(await readBack(uri!)), { width: 200, height: 100, format: 'png', alpha: true }),
  },
  {
    recipe: { kind: 'size', width: 64, height: 256, fit: 'stretch', format: 'jpeg' },
    check: async ([uri]) => assert.deepEqual(pick(await readBack(uri!)), { width: 64, height: 256, format: 'jpeg', alpha: false }),
  },
  {
    recipe: { kind: 'format', format: 'avif', quality: 50 },
    check: async ([uri]) => assert.equal((await readBack(uri!)).format, 'heif'),
  },
  {
    recipe: 'favicon',
    check: async (uris) => {
      assert.deepEqual(names(uris), ['favicon.ico', 'favicon-32x32.png', 'apple-touch-icon.png']);
      const ico = readIco(await vscode.workspace.fs.readFile(vscode.Uri.parse(uris[0]!)));
      assert.deepEqual(ico.map((entry) => [entry.width, pngSize(entry.bytes).width]), [[16, 16], [32, 32], [48, 48]]);
      assert.equal((await readBack(uris[2]!)).width, 180);
    },
  },
  {
    recipe: { kind: 'pwa' },
    check: async (uris) => {
      assert.deepEqual(names(uris), ['icon-192.png', 'icon-512.png', 'icon-maskable-192.png', 'icon-maskable-512.png']);
      assert.deepEqual(await Promise.all(uris.map(async (uri) => (await readBack(uri)).width)), [192, 512, 192, 512]);
    },
  },
  {
    recipe: { kind: 'og', format: 'webp' },
    check: async ([uri]) => assert.deepEqual(pick(await readBack(uri!)), { width: 1200, height: 630, format: 'webp', alpha: false }),
  },
  {
    recipe: 'app-icon',
    check: async ([uri]) => {
      const back = await readBack(uri!);
      assert.deepEqual(pick(back), { width: 1024, height: 1024, format: 'png', alpha: false });
      assert.equal((await sharp(back.bytes).metadata()).hasAlpha, false, 'no alpha channel at all');
    },
  },
];

function pick(back: Awaited<ReturnType<typeof readBack>>) {
  return { width: back.width, height: back.height, format: back.format, alpha: back.alpha };
}

describe('Export Image', function () {
  this.timeout(120_000);
  const source = () => vscode.Uri.joinPath(root(), 'art', 'boat.png');

  before(async () => {
    await vscode.workspace.getConfiguration('imagesmith').update('openAfterGeneration', false, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.writeFile(source(), makePng(800, 600, { text: { parameters: INFOTEXT } }));
  });
  after(async () => {
    await vscode.workspace.getConfiguration('imagesmith').update('openAfterGeneration', undefined, vscode.ConfigurationTarget.Workspace);
  });

  for (const { recipe, check } of RECIPES) {
    it(`exportImage ${JSON.stringify(recipe)}: the files read back at their sizes and formats`, async () => {
      const uris = await exportImage({ image: 'art/boat.png', recipe });
      assert.ok(uris.length > 0);
      for (const uri of uris) assert.ok(vscode.Uri.parse(uri).path.startsWith(`${root().path}/art/`), `${uri} is beside the source`);
      await check(uris);
    });
  }

  it('writes exactly the path given, and carries the infotext plus the recipe', async () => {
    const [uri, ...rest] = await exportImage({ image: source().toString(), recipe: { kind: 'size', width: 320, height: 200 }, path: 'public/img/boat-small.png' });
    assert.equal(rest.length, 0);
    assert.equal(vscode.Uri.parse(uri!).path, `${root().path}/public/img/boat-small.png`);
    const fields = parseInfotext((await readPngText(await vscode.workspace.fs.readFile(vscode.Uri.parse(uri!)))).get('parameters') ?? '');
    assert.equal(fields.fields.get('Seed'), '42');
    assert.deepEqual(recipeFromInfotext(fields.fields), { kind: 'size', width: 320, height: 200, fit: 'cover' });
    const [webp] = await exportImage({ image: 'art/boat.png', recipe: { kind: 'size', width: 100, height: 100 }, path: 'public/img/boat.webp' });
    assert.equal((await readBack(webp!)).format, 'webp', 'the path’s extension picks the format');
    const sidecar = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root(), 'public', 'img', 'boat.txt')));
    assert.match(sidecar, /^a paper boat on a pond\n/);
  });

  it('keeps real transparency, and refuses JPEG for a transparent background', async () => {
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root(), 'art', 'cutout.png'), makeRgbaPng(200, 200, 30));
    const [webp] = await exportImage({ image: 'art/cutout.png', recipe: { kind: 'format', format: 'webp' } });
    assert.equal((await readBack(webp!)).alpha, true);
    await assert.rejects(
      run('imagesmith.exportImage', { image: 'art/cutout.png', recipe: { kind: 'size', width: 10, height: 10, background: 'transparent', format: 'jpeg' } }),
      /JPEG cannot be transparent/,
    );
  });

  it('refuses a bad recipe, a path out of the workspace and a missing image, asking nothing', async () => {
    await assert.rejects(run('imagesmith.exportImage', { image: 'art/boat.png', recipe: { kind: 'poster' } }), /export recipe is not valid/);
    await assert.rejects(run('imagesmith.exportImage', { image: 'art/boat.png', recipe: 'favicon', path: '../outside' }), /not inside the workspace/);
    await assert.rejects(run('imagesmith.exportImage', { image: 'art/none.png', recipe: 'favicon' }), /Cannot read art\/none.png/);
  });

  for (const { recipe, check } of RECIPES) {
    it(`generateImage with export ${JSON.stringify(recipe)}: the generated image, then the derived files`, async () => {
      const [generated, ...derived] = await generate({ prompt: 'A paper boat', export: { recipe } });
      assert.match(generated!, /\/assets\/\d{8}-\d{6}-a-paper-boat(-\d+)?\.png$/);
      await check(derived);
    });
  }

  it('generateImage with export and a path: the hero at public/hero.webp in one step', async () => {
    const result = await generate({ prompt: 'A hero banner', export: { recipe: { kind: 'size', width: 1200, height: 630 }, path: 'public/hero.webp' } });
    assert.equal(result.length, 2);
    assert.equal(vscode.Uri.parse(result[1]!).path, `${root().path}/public/hero.webp`);
    assert.deepEqual(pick(await readBack(result[1]!)), { width: 1200, height: 630, format: 'webp', alpha: false });
    await assert.rejects(run('imagesmith.generateImage', { prompt: 'x', export: { recipe: { kind: 'size' } } }), /export.recipe/);
  });
});
