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
  readonly json: unknown;
}

const KEY = 'sk-it-openai-5150';

async function posts(): Promise<Recorded[]> {
  return ((await receivedRequests('openai')) as Recorded[]).filter((r) => r.method === 'POST');
}

describe('Generate Image with OpenAI', function () {
  this.timeout(60_000);
  leaveImagesClosed();

  before(async () => {
    assert.equal(await vscode.commands.executeCommand('imagesmith.setApiKey', { provider: 'openai', apiKey: KEY }), true);
  });
  beforeEach(async () => {
    await reset('openai');
  });
  after(async () => {
    await vscode.commands.executeCommand('imagesmith.clearApiKey', { provider: 'openai' });
  });

  it('generates with a GPT image model, one file per image, the key sent as Bearer', async () => {
    const uris = await generate({ prompt: 'two paper boats', provider: 'openai', params: { n: 2, size: '1536x1024', quality: 'low' } });
    assert.equal(uris.length, 2);
    const [post] = await posts();
    assert.equal(post?.path, '/v1/images/generations');
    assert.equal(post?.headers['authorization'], `Bearer ${KEY}`);
    assert.deepEqual(post?.json, {
      model: 'gpt-image-1',
      prompt: 'two paper boats',
      n: 2,
      size: '1536x1024',
      quality: 'low',
      background: 'auto',
      output_format: 'png',
      moderation: 'auto',
    });
    for (const uri of uris) {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(uri));
      assert.equal(sniffImage(bytes)?.format, 'png');
      const info = parseInfotext((await readPngText(bytes)).get('parameters') ?? '');
      assert.equal(info.fields.get('Provider'), 'openai');
      assert.equal(info.fields.get('Model'), 'gpt-image-1');
      assert.equal(info.fields.get('Batch size'), '2');
    }
  });

  it('records the revised prompt dall-e-3 reports', async () => {
    const [uri] = await generate({ prompt: 'a fox', provider: 'openai', params: { model: 'dall-e-3', style: 'vivid' } });
    assert.ok(uri);
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(uri));
    const info = parseInfotext((await readPngText(bytes)).get('parameters') ?? '');
    assert.equal(info.prompt, 'a fox');
    assert.equal(info.fields.get('Revised prompt'), 'A detailed rendering of a fox, in soft light');
    assert.equal(((await posts())[0]?.json as { response_format?: string } | undefined)?.response_format, 'b64_json');
  });

  it('rejects a combination dall-e-3 does not take without sending anything', async () => {
    const error = await rejection({ prompt: 'x', provider: 'openai', params: { model: 'dall-e-3', n: 3 } });
    assert.match(error.message, /dall-e-3 makes one image per request/);
    assert.deepEqual(await posts(), []);
  });

  it('reports a content-policy refusal as such', async () => {
    await fault('openai', { fault: 'content-policy' });
    const error = await rejection({ prompt: 'x', provider: 'openai' });
    assert.match(error.message, /OpenAI refused the prompt under its content policy/);
  });
});
