import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sniffImage } from '../../src/core/imageFormat';
import { parseInfotext } from '../../src/core/infotext';
import { readPngText } from '../../src/core/pngText';
import { fault, receivedRequests, reset } from './support/fixtures';
import { generate, rejection, leaveImagesClosed } from './support/commands';

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const KEY = 'sk-it-stability-6174';

async function posts(): Promise<Recorded[]> {
  return ((await receivedRequests('stability')) as Recorded[]).filter((r) => r.method === 'POST');
}

describe('Generate Image with Stability AI', function () {
  this.timeout(60_000);
  leaveImagesClosed();

  before(async () => {
    assert.equal(await vscode.commands.executeCommand('imagesmith.setApiKey', { provider: 'stability', apiKey: KEY }), true);
  });
  beforeEach(async () => {
    await reset('stability');
  });
  after(async () => {
    await vscode.commands.executeCommand('imagesmith.clearApiKey', { provider: 'stability' });
  });

  it('posts a multipart form with a Bearer key and saves the image with the seed it reported', async () => {
    const [uri] = await generate({ prompt: 'a harbour at night', provider: 'stability', negativePrompt: 'people', params: { aspectRatio: '16:9', stylePreset: 'cinematic' } });
    assert.ok(uri);
    const [post] = await posts();
    assert.equal(post?.path, '/v2beta/stable-image/generate/core');
    assert.equal(post?.headers['authorization'], `Bearer ${KEY}`);
    assert.equal(post?.headers['accept'], 'image/*');
    assert.match(post?.headers['content-type'] ?? '', /^multipart\/form-data; boundary=/);
    for (const [name, value] of [['prompt', 'a harbour at night'], ['negative_prompt', 'people'], ['aspect_ratio', '16:9'], ['style_preset', 'cinematic']]) {
      assert.match(post?.body ?? '', new RegExp(`name="${name}"\\r\\n\\r\\n${value}\\r\\n`), `${name} is in the form`);
    }
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(uri));
    assert.equal(sniffImage(bytes)?.format, 'png');
    const info = parseInfotext((await readPngText(bytes)).get('parameters') ?? '');
    assert.equal(info.negativePrompt, 'people');
    assert.match(info.fields.get('Seed') ?? '', /^\d+$/);
    assert.equal(info.fields.get('Model'), 'stable-image-core');
    assert.equal(info.fields.get('Provider'), 'stability');
  });

  it('uses the sd3 endpoint with its model', async () => {
    const [uri] = await generate({ prompt: 'a glass teapot', provider: 'stability', params: { service: 'sd3', model: 'sd3.5-medium', outputFormat: 'jpeg' } });
    assert.match(uri ?? '', /\.jpg$/);
    assert.equal((await posts())[0]?.path, '/v2beta/stable-image/generate/sd3');
  });

  it('saves a content-filtered result, which was charged, and records the finish reason', async () => {
    await fault('stability', { fault: 'content-filtered' });
    const [uri] = await generate({ prompt: 'a filtered harbour', provider: 'stability' });
    assert.ok(uri);
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(uri));
    const info = parseInfotext((await readPngText(bytes)).get('parameters') ?? '');
    assert.equal(info.fields.get('Finish reason'), 'CONTENT_FILTERED');
  });

  it('rejects a style preset on ultra without sending anything', async () => {
    const error = await rejection({ prompt: 'x', provider: 'stability', params: { service: 'ultra', stylePreset: 'anime' } });
    assert.match(error.message, /Style preset is for the core service only/);
    assert.deepEqual(await posts(), []);
  });
});
