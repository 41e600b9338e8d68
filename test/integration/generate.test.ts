import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sniffImage } from '../../src/core/imageFormat';
import { fault, receivedRequests, reset } from './support/fixtures';
import { generate, rejection, leaveImagesClosed, workspaceFolder, infotextOf } from './support/commands';

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly json: unknown;
}

const assets = () => vscode.Uri.joinPath(workspaceFolder(), 'assets');

async function assetNames(): Promise<string[]> {
  try {
    return (await vscode.workspace.fs.readDirectory(assets())).map(([name]) => name).sort();
  } catch {
    return [];
  }
}

async function requests(provider: 'popcord' | 'aithriving' | 'imagepipeline'): Promise<Recorded[]> {
  return (await receivedRequests(provider)) as Recorded[];
}

describe('Generate Image with arguments', function () {
  this.timeout(60_000);
  leaveImagesClosed();

  beforeEach(async () => {
    await reset();
  });

  it('generates with PopCord, the default, into assets/ with readable infotext', async () => {
    const [uri, ...rest] = await generate({ prompt: 'A lighthouse on a cliff' });
    assert.ok(uri);
    assert.equal(rest.length, 0);
    const file = vscode.Uri.parse(uri);
    assert.equal(file.path.startsWith(`${assets().path}/`), true, `${file.path} is in assets/`);
    assert.match(file.path, /\/\d{8}-\d{6}-a-lighthouse-on-a-cliff(-\d+)?\.png$/);
    const bytes = await vscode.workspace.fs.readFile(file);
    assert.equal(sniffImage(bytes)?.format, 'png');
    const info = await infotextOf(uri);
    assert.equal(info.prompt, 'A lighthouse on a cliff');
    assert.equal(info.fields.get('Provider'), 'popcord');
    assert.equal(info.fields.get('Model'), 'sdxl-turbo');
  });

  it('stores a key in secret storage, sends it to AIThriving in its headers, and clears it', async () => {
    const key = 'it-aithriving-key-4242';
    assert.equal(await vscode.commands.executeCommand('imagesmith.setApiKey', { provider: 'aithriving', apiKey: key }), true);
    const [uri] = await generate({ prompt: 'a red fox', provider: 'aithriving', params: { width: 512, height: 512, seed: 7 } });
    assert.ok(uri);
    const [post] = (await requests('aithriving')).filter((r) => r.method === 'POST');
    assert.equal(post?.headers['authorization'], key);
    assert.equal(post?.headers['authentication'], key);
    assert.deepEqual(post?.json, { prompt: 'a red fox', width: 512, height: 512, cfg_scale: 7, steps: 30, seed: 7 });
    const info = await infotextOf(uri);
    assert.equal(info.fields.get('Seed'), '7');
    assert.equal(info.fields.get('Size'), '512x512');

    assert.equal(await vscode.commands.executeCommand('imagesmith.clearApiKey', { provider: 'aithriving' }), true);
    const before = await assetNames();
    const error = await rejection({ prompt: 'a red fox', provider: 'aithriving' });
    assert.match(error.message, /AIThriving needs an API key\. Run "Imagesmith: Set API Key…"/);
    assert.deepEqual(await assetNames(), before);
  });

  it('generates with ImagePipeline through a PENDING job, one file per sample', async () => {
    await vscode.commands.executeCommand('imagesmith.setApiKey', { provider: 'imagepipeline', apiKey: 'it-ip-key-77' });
    await fault('imagepipeline', { fault: 'pending', polls: 1 });
    const uris = await generate({ prompt: 'two foxes', provider: 'imagepipeline', negativePrompt: 'blurry', params: { samples: 2 } });
    assert.equal(uris.length, 2);
    const recorded = await requests('imagepipeline');
    assert.ok(recorded.some((r) => r.path.startsWith('/sdxl/text2image/v1/status/') && r.headers['api-key'] === 'it-ip-key-77'));
    for (const uri of uris) {
      const info = await infotextOf(uri);
      assert.equal(info.negativePrompt, 'blurry');
      assert.equal(info.fields.get('Provider'), 'imagepipeline');
    }
  });

  it('rejects invalid parameters with a clear error and writes nothing', async () => {
    await vscode.commands.executeCommand('imagesmith.setApiKey', { provider: 'aithriving', apiKey: 'it-aithriving-key-4242' });
    const before = await assetNames();
    const steps = await rejection({ prompt: 'x', provider: 'aithriving', params: { steps: 99 } });
    assert.match(steps.message, /AIThriving: Steps \(steps\) must be at most 50; got 99\./);
    const unknown = await rejection({ prompt: 'x', provider: 'popcord', params: { quality: 'hd' } });
    assert.match(unknown.message, /PopCord has no parameter "quality"/);
    const provider = await rejection({ prompt: 'x', provider: 'dall-e' });
    assert.match(provider.message, /"provider"/);
    const empty = await rejection({ prompt: '  ' });
    assert.match(empty.message, /The prompt is empty/);
    assert.deepEqual(await assetNames(), before);
    assert.equal((await requests('aithriving')).length, 0);
  });

  it('gives twenty simultaneous generations of one prompt twenty files, through workspace.fs', async () => {
    await vscode.workspace.getConfiguration('imagesmith').update('maxConcurrentGenerations', 8, vscode.ConfigurationTarget.Workspace);
    try {
      const before = await assetNames();
      const results = await Promise.all(Array.from({ length: 20 }, () => generate({ prompt: 'a crowded fox' })));
      const names = results.flat().map((uri) => vscode.Uri.parse(uri).path.split('/').pop() ?? '');
      assert.equal(new Set(names).size, 20);
      const added = (await assetNames()).filter((name) => !before.includes(name));
      assert.deepEqual(added.sort(), [...names].sort(), 'exactly the twenty images, no temporary file');
    } finally {
      await vscode.workspace.getConfiguration('imagesmith').update('maxConcurrentGenerations', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('reports a provider failure by name and writes nothing', async () => {
    await fault('popcord', { fault: 'error-200', error: 'Model is overloaded' });
    const before = await assetNames();
    const error = await rejection({ prompt: 'x' });
    assert.match(error.message, /PopCord did not make an image: Model is overloaded/);
    assert.deepEqual(await assetNames(), before);
  });
});

describe('Generate Image from Selection', function () {
  this.timeout(60_000);

  afterEach(async () => {
    const config = vscode.workspace.getConfiguration('imagesmith');
    await config.update('insertMarkdownLink', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('openAfterGeneration', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('uses the selection as the prompt and inserts a link relative to the Markdown document', async () => {
    const config = vscode.workspace.getConfiguration('imagesmith');
    await config.update('insertMarkdownLink', 'always', vscode.ConfigurationTarget.Workspace);
    await config.update('openAfterGeneration', false, vscode.ConfigurationTarget.Workspace);
    const doc = vscode.Uri.joinPath(workspaceFolder(), 'docs', 'notes.md');
    await vscode.workspace.fs.writeFile(doc, new TextEncoder().encode('# Notes\n\nA small red fox in the snow\n\nThe end.\n'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(2, 0, 2, 'A small red fox in the snow'.length);

    const uris = await vscode.commands.executeCommand<string[]>('imagesmith.generateImageFromSelection');
    assert.ok(uris?.[0]);
    const name = vscode.Uri.parse(uris[0]).path.split('/').pop() ?? '';
    assert.match(name, /-a-small-red-fox-in-the-snow\.png$/);
    assert.equal(
      editor.document.getText(),
      `# Notes\n\nA small red fox in the snow\n![A small red fox in the snow](../assets/${name})\n\nThe end.\n`,
    );
    const info = await infotextOf(uris[0]);
    assert.equal(info.prompt, 'A small red fox in the snow');
  });

  it('inserts nothing when the setting says never', async () => {
    const config = vscode.workspace.getConfiguration('imagesmith');
    await config.update('insertMarkdownLink', 'never', vscode.ConfigurationTarget.Workspace);
    await config.update('openAfterGeneration', false, vscode.ConfigurationTarget.Workspace);
    const doc = vscode.Uri.joinPath(workspaceFolder(), 'docs', 'never.md');
    await vscode.workspace.fs.writeFile(doc, new TextEncoder().encode('a blue whale\n'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 12);
    const uris = await vscode.commands.executeCommand<string[]>('imagesmith.generateImageFromSelection');
    assert.equal(uris?.length, 1);
    assert.equal(editor.document.getText(), 'a blue whale\n');
  });

  it('opens the new image in the preview by default', async () => {
    const doc = vscode.Uri.joinPath(workspaceFolder(), 'docs', 'plain.txt');
    await vscode.workspace.fs.writeFile(doc, new TextEncoder().encode('a green parrot\n'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 14);
    const [uri] = (await vscode.commands.executeCommand<string[]>('imagesmith.generateImageFromSelection')) ?? [];
    assert.ok(uri);
    const deadline = Date.now() + 10_000;
    const isOpen = () =>
      vscode.window.tabGroups.all.some((group) =>
        group.tabs.some((tab) => tab.input instanceof vscode.TabInputCustom && tab.input.uri.toString() === uri),
      );
    while (!isOpen() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(isOpen(), 'the image is open in the image preview');
  });
});

describe('the output folder', function () {
  this.timeout(60_000);
  const config = () => vscode.workspace.getConfiguration('imagesmith');

  afterEach(async () => {
    await config().update('outputFolder', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('is created when missing, nested folders included', async () => {
    await config().update('outputFolder', 'art/generated', vscode.ConfigurationTarget.Workspace);
    const [uri] = await generate({ prompt: 'a nested fox' });
    assert.ok(uri);
    assert.match(vscode.Uri.parse(uri).path, /\/art\/generated\/\d{8}-\d{6}-a-nested-fox(-\d+)?\.png$/);
  });

  it('refuses absolute paths, paths that climb out, and links that lead out', async () => {
    const fs = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    for (const bad of ['/tmp/images', '../outside', 'assets/../../outside']) {
      await config().update('outputFolder', bad, vscode.ConfigurationTarget.Workspace);
      const error = await rejection({ prompt: 'x' });
      assert.match(error.message, /is not a folder inside the workspace\. Set imagesmith\.outputFolder to a relative path without "\.\."/, bad);
    }
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'imagesmith-outside-'));
    await fs.symlink(outside, path.join(workspaceFolder().fsPath, 'escape'));
    try {
      await config().update('outputFolder', 'escape/images', vscode.ConfigurationTarget.Workspace);
      const error = await rejection({ prompt: 'x' });
      assert.match(error.message, /leads out of the workspace through a link/);
      assert.deepEqual(await fs.readdir(outside), [], 'nothing was written through the link');
    } finally {
      await fs.rm(path.join(workspaceFolder().fsPath, 'escape'));
      await fs.rm(outside, { recursive: true, force: true });
    }
  });
});
