import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { recipeFromInfotext } from '../../src/core/export/recipe';
import { parseInfotext } from '../../src/core/infotext';
import { readPngText } from '../../src/core/pngText';
import { makePng } from '../fixtures/images';
import { makeRgbaPng } from '../fixtures/rgbaPng';
import { generate, leaveImagesClosed, workspaceFolder } from './support/commands';
import { receivedRequests, type RecordedRequest } from './support/fixtures';
import { answerQuickInput } from './support/workbench';
import { pick, readBack, RECIPES } from './support/recipes';

const INFOTEXT = 'a paper boat on a pond\nSteps: 20, Seed: 42, Size: 800x600, Model: sdxl-turbo, Provider: popcord';

async function exportImage(args: Record<string, unknown>): Promise<string[]> {
  const result = await vscode.commands.executeCommand<string[]>('imagesmith.exportImage', args);
  assert.ok(Array.isArray(result), 'exportImage with arguments resolves to the written files');
  return result;
}

/** The command's outcome as a Promise, for assert.rejects. */
const run = (command: string, args: unknown): Promise<unknown> => Promise.resolve(vscode.commands.executeCommand(command, args));

describe('Export Image', function () {
  this.timeout(120_000);
  leaveImagesClosed();
  const source = () => vscode.Uri.joinPath(workspaceFolder(), 'art', 'boat.png');

  before(async () => {
    await vscode.workspace.fs.writeFile(source(), makePng(800, 600, { text: { parameters: INFOTEXT } }));
  });

  for (const { recipe, check } of RECIPES) {
    it(`exportImage ${JSON.stringify(recipe)}: the files read back at their sizes and formats`, async () => {
      const uris = await exportImage({ image: 'art/boat.png', recipe });
      assert.ok(uris.length > 0);
      for (const uri of uris) assert.ok(vscode.Uri.parse(uri).path.startsWith(`${workspaceFolder().path}/art/`), `${uri} is beside the source`);
      await check(uris);
    });
  }

  it('writes exactly the path given, and carries the infotext plus the recipe', async () => {
    const [uri, ...rest] = await exportImage({ image: source().toString(), recipe: { kind: 'size', width: 320, height: 200 }, path: 'public/img/boat-small.png' });
    assert.equal(rest.length, 0);
    assert.equal(vscode.Uri.parse(uri!).path, `${workspaceFolder().path}/public/img/boat-small.png`);
    const fields = parseInfotext((await readPngText(await vscode.workspace.fs.readFile(vscode.Uri.parse(uri!)))).get('parameters') ?? '');
    assert.equal(fields.fields.get('Seed'), '42');
    assert.deepEqual(recipeFromInfotext(fields.fields), { kind: 'size', width: 320, height: 200, fit: 'cover' });
    const [webp] = await exportImage({ image: 'art/boat.png', recipe: { kind: 'size', width: 100, height: 100 }, path: 'public/img/boat.webp' });
    assert.equal((await readBack(webp!)).format, 'webp', 'the path’s extension picks the format');
    const sidecar = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceFolder(), 'public', 'img', 'boat.txt')));
    assert.match(sidecar, /^a paper boat on a pond\n/);
  });

  it('keeps real transparency, and refuses JPEG for a transparent background', async () => {
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(workspaceFolder(), 'art', 'cutout.png'), makeRgbaPng(200, 200, 30));
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

  for (const { recipe, answers, check } of RECIPES.filter((item) => item.answers !== undefined)) {
    it(`from the Explorer's context menu (the clicked file, the recipe picked): ${answers?.join(' → ')}`, async () => {
      const pending = Promise.resolve(vscode.commands.executeCommand<string[] | undefined>('imagesmith.exportImage', source(), [source()]));
      for (const answer of answers ?? []) await answerQuickInput(answer);
      const uris = await pending;
      assert.ok(Array.isArray(uris) && uris.length > 0, `${JSON.stringify(recipe)} wrote files`);
      await check(uris);
    });
  }

  it('generateImage with export asks the provider for the nearest size it makes; a size in params wins', async () => {
    const popcordPosts = async () => ((await receivedRequests('popcord')) as RecordedRequest[]).filter((request) => request.method === 'POST' && request.path.includes('generate'));
    const [, derived] = await generate({ prompt: 'A wide banner', provider: 'popcord', export: { recipe: { kind: 'size', width: 1200, height: 630, format: 'webp' } } });
    assert.equal((((await popcordPosts())[0]?.json ?? {}) as { size?: string }).size, '1024x576', 'PopCord makes 1024x576, the nearest to 1200x630');
    assert.deepEqual(pick(await readBack(derived!)), { width: 1200, height: 630, format: 'webp', alpha: false });
    await generate({ prompt: 'A square banner', provider: 'popcord', params: { size: '512x512' }, export: { recipe: { kind: 'size', width: 1200, height: 630 } } });
    assert.equal((((await popcordPosts())[1]?.json ?? {}) as { size?: string }).size, '512x512');
  });

  it('a transparent background is refused an export to JPEG, before anything is sent', async () => {
    await vscode.commands.executeCommand('imagesmith.setApiKey', { provider: 'openai', apiKey: 'sk-it-export-1234' });
    try {
      for (const recipe of ['og', { kind: 'format', format: 'jpeg' }, { kind: 'size', width: 100, height: 100, format: 'jpeg' }]) {
        await assert.rejects(
          run('imagesmith.generateImage', { prompt: 'a cut-out', provider: 'openai', params: { background: 'transparent', outputFormat: 'png' }, export: { recipe } }),
          /JPEG cannot carry transparency/,
        );
      }
      assert.deepEqual(((await receivedRequests('openai')) as RecordedRequest[]).filter((request) => request.method === 'POST'), []);
    } finally {
      await vscode.commands.executeCommand('imagesmith.clearApiKey', { provider: 'openai' });
    }
  });

  it('generateImage with export and a path: the hero at public/hero.webp in one step', async () => {
    const result = await generate({ prompt: 'A hero banner', export: { recipe: { kind: 'size', width: 1200, height: 630 }, path: 'public/hero.webp' } });
    assert.equal(result.length, 2);
    assert.equal(vscode.Uri.parse(result[1]!).path, `${workspaceFolder().path}/public/hero.webp`);
    assert.deepEqual(pick(await readBack(result[1]!)), { width: 1200, height: 630, format: 'webp', alpha: false });
    await assert.rejects(run('imagesmith.generateImage', { prompt: 'x', export: { recipe: { kind: 'size' } } }), /export.recipe/);
  });
});
