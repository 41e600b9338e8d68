import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { imageInfo } from '../../src/core/imageInfo';
import { parseInfotext } from '../../src/core/infotext';
import { readPngText } from '../../src/core/pngText';
import { generate, workspaceFolder, leaveImagesClosed, exists } from './support/commands';
import { fault, receivedRequests, type ProviderId, type RecordedRequest } from './support/fixtures';
import { answerQuickInput, dismissQuickInput } from './support/workbench';
import { pick, readBack, RECIPES } from './support/recipes';

const GENERATE = 'imagesmith_generateImage';
const LIST = 'imagesmith_listProviders';

const at = (relative: string) => vscode.Uri.joinPath(workspaceFolder(), relative);

async function names(relativeFolder: string): Promise<string[]> {
  try {
    return (await vscode.workspace.fs.readDirectory(at(relativeFolder))).map(([name]) => name).sort();
  } catch {
    return [];
  }
}

async function posts(provider: ProviderId): Promise<RecordedRequest[]> {
  return ((await receivedRequests(provider)) as RecordedRequest[]).filter((request) => request.method === 'POST');
}

function text(result: vscode.LanguageModelToolResult): string {
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

function invoke(name: string, input: object, token?: vscode.CancellationToken): Thenable<vscode.LanguageModelToolResult> {
  return vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, token);
}

async function rejection(work: Thenable<unknown>): Promise<Error> {
  try {
    await work;
  } catch (error) {
    assert.ok(error instanceof Error, String(error));
    return error;
  }
  assert.fail('expected the tool to fail');
}

/** The `n.` entry of a report: its path and its facts line. */
function entry(report: string, n: number): { path: string; facts: string } {
  const match = new RegExp(`^${n}\\. (.+)\\n {3}(.+)$`, 'm').exec(report);
  assert.ok(match, `entry ${n} in:\n${report}`);
  return { path: match[1] ?? '', facts: match[2] ?? '' };
}

/** The report's facts agree with the file: format, pixel size, alpha and byte count, read from the file itself. */
async function checkFacts(report: string, n: number): Promise<vscode.Uri> {
  const { path, facts } = entry(report, n);
  const bytes = await vscode.workspace.fs.readFile(at(path));
  const info = imageInfo(bytes);
  assert.ok(info, `${path} is an image`);
  const format = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP' }[info.format];
  assert.equal(facts.split(', seed')[0], `format ${format}, ${info.width}x${info.height} pixels, alpha channel: ${info.alpha ? 'yes' : 'no'}, ${bytes.byteLength} bytes`);
  return at(path);
}

describe('Chat tools', function () {
  this.timeout(60_000);
  leaveImagesClosed();

  after(async () => {
    await vscode.commands.executeCommand('imagesmith.clearApiKey', { provider: 'openai' });
  });

  it('are listed in vscode.lm.tools with their input schemas', () => {
    const generateTool = vscode.lm.tools.find((tool) => tool.name === GENERATE);
    const listTool = vscode.lm.tools.find((tool) => tool.name === LIST);
    assert.ok(generateTool, `${GENERATE} is listed`);
    assert.ok(listTool, `${LIST} is listed`);
    const schema = generateTool.inputSchema as { properties: Record<string, { type?: string }>; required: string[] };
    assert.deepEqual(Object.keys(schema.properties).sort(), ['count', 'export', 'height', 'image', 'negativePrompt', 'params', 'path', 'prompt', 'provider', 'width']);
    assert.deepEqual(schema.required, ['prompt']);
    assert.equal(schema.properties.width?.type, 'integer');
    assert.match(generateTool.description, /imagesmith_listProviders/);
    assert.deepEqual((listTool.inputSchema as { properties: object }).properties, {});
  });

  it('lists what each provider can do, without asking', async () => {
    const report = text(await invoke(LIST, {}));
    const json = JSON.parse(report.slice(report.indexOf('['))) as Array<Record<string, unknown>>;
    assert.deepEqual(
      json.map((provider) => provider.id),
      ['popcord', 'aithriving', 'imagepipeline', 'openai', 'stability', 'automatic1111', 'comfyui'],
    );
    const popcord = json[0] ?? {};
    assert.equal(popcord.ready, true);
    assert.equal(popcord.paid, false);
    assert.match(String(popcord.sizes), /^the sizes .*1024x576/);
    const openai = json.find((provider) => provider.id === 'openai') ?? {};
    assert.equal(openai.paid, true);
    assert.equal(openai.maxImagesPerRequest, 10);
    assert.match(String(openai.transparentBackground), /transparent/);
    assert.equal(json.find((provider) => provider.id === 'imagepipeline')?.negativePrompt, true);
  });

  // Its confirmation is confirmed by VS Code itself here: in extension-test mode the dialog
  // service answers yes without showing it. What it shows is in test/unit/tools.test.ts.
  it('generates at the exact path; a second time it writes name-2', async () => {
    const report = text(await invoke(GENERATE, { prompt: 'A lighthouse hero image', provider: 'popcord', path: 'public/images/hero.png' }));
    assert.match(report, /^Generated 1 image with PopCord \(provider "popcord", model sdxl-turbo\)\./);
    assert.equal(entry(report, 1).path, 'public/images/hero.png');
    const uri = await checkFacts(report, 1);
    const info = parseInfotext((await readPngText(await vscode.workspace.fs.readFile(uri))).get('parameters') ?? '');
    assert.equal(info.prompt, 'A lighthouse hero image');
    assert.match(report, /markdown: !\[A lighthouse hero image\]\(public\/images\/hero\.png\)/);

    const second = text(await invoke(GENERATE, { prompt: 'A lighthouse hero image', provider: 'popcord', path: 'public/images/hero.png' }));
    assert.equal(entry(second, 1).path, 'public/images/hero-2.png');
    assert.match(second, /public\/images\/hero\.png already existed and is never overwritten/);
    assert.deepEqual(await names('public/images'), ['hero-2.png', 'hero.png']);
  });

  it('maps a wanted size to the provider’s nearest, and reports the real pixels and alpha of the file', async () => {
    await vscode.commands.executeCommand('imagesmith.setApiKey', { provider: 'openai', apiKey: 'sk-it-tool-key-7788' });
    const result = await invoke(GENERATE, {
      prompt: 'An app icon, transparent background',
      provider: 'openai',
      path: 'icons/app.jpg',
      width: 1200,
      height: 630,
      params: { background: 'transparent', outputFormat: 'png' },
    });
    const [post] = await posts('openai');
    assert.equal((post?.json as { size?: string }).size, '1536x1024');
    const report = text(result);
    assert.match(report, /Size: 1200x630 was asked; OpenAI accepts the sizes 1024x1024, 1536x1024 or 1024x1536, so 1536x1024 was requested/);
    assert.equal(entry(report, 1).path, 'icons/app.png');
    assert.match(report, /icons\/app\.jpg was asked, but the provider sent PNG, so the extension is \.png/);
    assert.match(entry(report, 1).facts, /alpha channel: yes/);
    await checkFacts(report, 1);
    assert.ok(!report.includes('sk-it-tool-key-7788'), 'the key is not in the result');
  });

  it('refuses a path outside the workspace without asking or sending anything', async () => {
    for (const path of ['../outside.png', '/tmp/outside.png']) {
      const error = await rejection(invoke(GENERATE, { prompt: 'escape', provider: 'popcord', path }));
      assert.match(error.message, /climbs out of the workspace|is absolute/, path);
      assert.match(error.message, /relative to the workspace folder/);
    }
    assert.deepEqual(await posts('popcord'), []);
  });

  it('refuses a path through a link that leads out of the workspace', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'imagesmith-outside-'));
    await fs.symlink(outside, at('elsewhere').fsPath, 'dir');
    try {
      const error = await rejection(invoke(GENERATE, { prompt: 'through a link', provider: 'popcord', path: 'elsewhere/art/x.png' }));
      assert.match(error.message, /leads out of the workspace through a link/);
      assert.deepEqual(await fs.readdir(outside), []);
      assert.deepEqual(await posts('popcord'), []);
    } finally {
      await fs.unlink(at('elsewhere').fsPath);
      await fs.rm(outside, { recursive: true, force: true });
    }
  });

  it('asks for a missing key as Generate Image does, and fails saying so when it is dismissed', async () => {
    await vscode.commands.executeCommand('imagesmith.clearApiKey', { provider: 'aithriving' });
    const run = invoke(GENERATE, { prompt: 'a red fox', provider: 'aithriving', path: 'fox.png' });
    const box = await dismissQuickInput();
    assert.match(box.title, /AIThriving API Key/);
    assert.match(box.prompt, /needs an API key/);
    const error = await rejection(run);
    assert.match(error.message, /AIThriving needs an API key, and the person dismissed the prompt/);
    assert.match(error.message, /Imagesmith: Set API Key…/);
    assert.deepEqual(await posts('aithriving'), []);
    assert.equal(await exists(at('fox.png')), false);
  });

  it('goes on with the key the person enters, and never returns it', async () => {
    const key = 'it-entered-key-3344';
    await vscode.commands.executeCommand('imagesmith.clearApiKey', { provider: 'aithriving' });
    const run = invoke(GENERATE, { prompt: 'a red fox', provider: 'aithriving', path: 'fox.png', width: 500, height: 500 });
    await answerQuickInput(key);
    const report = text(await run);
    const [post] = await posts('aithriving');
    assert.equal(post?.headers.authorization, key);
    assert.deepEqual([(post?.json as { width?: number }).width, (post?.json as { height?: number }).height], [512, 512]);
    assert.match(report, /Size: 500x500 was asked; AIThriving accepts 320 to 1536 pixels per side, in multiples of 64, so 512x512 was requested/);
    await checkFacts(report, 1);
    assert.ok(!report.includes(key));
    await vscode.commands.executeCommand('imagesmith.clearApiKey', { provider: 'aithriving' });
  });

  it('refuses more images than the provider makes in one request, saying how many it makes', async () => {
    const error = await rejection(invoke(GENERATE, { prompt: 'two please', provider: 'popcord', count: 2 }));
    assert.match(error.message, /PopCord makes at most 1 image per request; ask for "count" 1/);
    assert.deepEqual(await posts('popcord'), []);
  });

  it('cancels through the token and leaves no file', async () => {
    await fault('popcord', { fault: 'slow', ms: 60_000 });
    const source = new vscode.CancellationTokenSource();
    const run = invoke(GENERATE, { prompt: 'slow one', provider: 'popcord', path: 'slow/cancelled.png' }, source.token);
    while ((await posts('popcord')).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    source.cancel();
    const error = await rejection(run);
    assert.match(error.name + error.message, /Canceled|cancel/i);
    assert.deepEqual(await names('slow'), []);
  });

  it('never returns a key, even when the provider echoes it in an error', async () => {
    const key = 'sk-it-echoed-key-5566';
    await vscode.commands.executeCommand('imagesmith.setApiKey', { provider: 'openai', apiKey: key });
    await fault('openai', { fault: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${key}`, type: 'invalid_request_error', code: 'invalid_api_key' } } });
    const error = await rejection(invoke(GENERATE, { prompt: 'an echo', provider: 'openai' }));
    assert.ok(!error.message.includes(key), error.message);
    assert.match(error.message, /OpenAI/);
  });

  for (const { recipe, check } of RECIPES) {
    it(`exports ${JSON.stringify(recipe)} from the generated image, and lists each derived file as written`, async () => {
      const report = text(await invoke(GENERATE, { prompt: 'A paper boat', provider: 'popcord', export: { recipe } }));
      const listed = [...report.matchAll(/^- (\S+): format (\w+), (\d+)x(\d+) pixels, alpha channel: (yes|no), (\d+) bytes$/gm)];
      assert.ok(listed.length > 0, report);
      const uris = listed.map((line) => at(line[1]!).toString());
      await check(uris);
      for (const line of listed) assert.equal(Number(line[6]), (await vscode.workspace.fs.readFile(at(line[1]!))).byteLength, `${line[1]}'s bytes`);
    });
  }

  it('asks for the nearest size the provider makes to the export’s, says the export resized it, and gives the snippet', async () => {
    const report = text(await invoke(GENERATE, { prompt: 'A hero banner', provider: 'popcord', export: { recipe: { kind: 'size', width: 1200, height: 630, format: 'webp' }, path: 'public/hero.webp' } }));
    const [post] = await posts('popcord');
    assert.equal((post?.json as { size?: string }).size, '1024x576');
    assert.match(report, /PopCord does not make 1200x630: it was asked for 1024x576, the nearest size it makes and made \d+x\d+; the export resized it\./);
    assert.match(report, /^- public\/hero\.webp: format WEBP, 1200x630 pixels, alpha channel: no, \d+ bytes$/m);
    assert.match(report, /Snippet \(html\):\n {2}<img src="\/hero\.webp" width="1200" height="630"/);
    assert.deepEqual(pick(await readBack(at('public/hero.webp'))), { width: 1200, height: 630, format: 'webp', alpha: false });
  });

  it('refuses a bad recipe, an export path out of the workspace, and JPEG for a transparent background, sending nothing', async () => {
    await vscode.commands.executeCommand('imagesmith.setApiKey', { provider: 'openai', apiKey: 'sk-it-tool-key-7788' });
    const transparent = { provider: 'openai', params: { background: 'transparent', outputFormat: 'png' } };
    assert.match((await rejection(invoke(GENERATE, { prompt: 'x', provider: 'popcord', export: { recipe: { kind: 'poster' } } }))).message, /export\.recipe/);
    assert.match((await rejection(invoke(GENERATE, { prompt: 'x', provider: 'popcord', export: { recipe: 'favicon', path: '../out' } }))).message, /not inside the workspace/);
    assert.match((await rejection(invoke(GENERATE, { prompt: 'a cut-out', ...transparent, export: { recipe: 'og' } }))).message, /JPEG cannot carry transparency: export to the og set as webp/);
    assert.deepEqual(await posts('popcord'), []);
    assert.deepEqual(await posts('openai'), []);
  });

  it('writes at an exact path from the argument form of Generate Image too', async () => {
    const [uri] = await generate({ prompt: 'a fox for the docs', path: 'docs/img/fox.jpg' });
    assert.ok(uri);
    assert.equal(vscode.Uri.parse(uri).path, at('docs/img/fox.png').path);
  });
});
