import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { makePng } from '../fixtures/images';
import { makeRgbaPng } from '../fixtures/rgbaPng';
import { infotextOf, workspaceFolder } from './support/commands';
import { receivedRequests, reset } from './support/fixtures';

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly body: string;
  readonly json: unknown;
}

const KEY = 'sk-it-edit-5521';
const SOURCE = makePng(64, 64, { seed: 11 });

async function write(relative: string, bytes: Uint8Array): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceFolder(), ...relative.split('/'));
  await vscode.workspace.fs.writeFile(uri, bytes);
  return uri;
}

async function run(command: string, args: Record<string, unknown>): Promise<string[]> {
  const result = await vscode.commands.executeCommand<string[]>(command, args);
  assert.ok(Array.isArray(result), `${command} with arguments resolves to the saved files`);
  return result;
}

async function refusal(command: string, args: Record<string, unknown>): Promise<Error> {
  try {
    await vscode.commands.executeCommand(command, args);
  } catch (error) {
    assert.ok(error instanceof Error);
    return error;
  }
  assert.fail(`expected ${command} to reject`);
}

describe('Edit Image and Remove Background, called with arguments', function () {
  this.timeout(60_000);

  before(async () => {
    await vscode.workspace.getConfiguration('imagesmith').update('openAfterGeneration', false, vscode.ConfigurationTarget.Workspace);
    assert.equal(await vscode.commands.executeCommand('imagesmith.setApiKey', { provider: 'stability', apiKey: KEY }), true);
    await write('art/source.png', SOURCE);
    await write('art/mask.png', makeRgbaPng(64, 64, 8));
  });
  beforeEach(async () => {
    await reset('stability');
    await reset('automatic1111');
  });
  after(async () => {
    await vscode.commands.executeCommand('imagesmith.clearApiKey', { provider: 'stability' });
    const config = vscode.workspace.getConfiguration('imagesmith');
    await config.update('openAfterGeneration', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('maxImageMegabytes', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('edits with Stability AI image-to-image, records the source and strength, and leaves the source as it was', async () => {
    const [uri] = await run('imagesmith.editImage', { image: 'art/source.png', prompt: 'the same, at night', provider: 'stability', params: { strength: 0.4 } });
    assert.ok(uri);
    assert.notEqual(uri, vscode.Uri.joinPath(workspaceFolder(), 'art', 'source.png').toString());
    const [post] = ((await receivedRequests('stability')) as Recorded[]).filter((r) => r.method === 'POST');
    assert.equal(post?.path, '/v2beta/stable-image/generate/sd3');
    assert.match(post?.body ?? '', /name="mode"\r\n\r\nimage-to-image\r\n/);
    assert.match(post?.body ?? '', /name="strength"\r\n\r\n0\.4\r\n/);
    const fields = (await infotextOf(uri)).fields;
    assert.equal(fields.get('Source'), 'art/source.png');
    assert.equal(fields.get('Denoising strength'), '0.4');
    assert.equal(fields.get('Provider'), 'stability');
    const after = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceFolder(), 'art', 'source.png'));
    assert.ok(Buffer.from(after).equals(SOURCE), 'the source is unchanged');
  });

  it('inpaints with AUTOMATIC1111 from a mask file given as a URI, at an exact path', async () => {
    const mask = vscode.Uri.joinPath(workspaceFolder(), 'art', 'mask.png').toString();
    const [uri] = await run('imagesmith.editImage', { image: 'art/source.png', prompt: 'a red door', provider: 'automatic1111', mask, path: 'art/door.png' });
    assert.equal(uri, vscode.Uri.joinPath(workspaceFolder(), 'art', 'door.png').toString());
    const img2img = ((await receivedRequests('automatic1111')) as Recorded[]).find((r) => r.path === '/sdapi/v1/img2img');
    const body = img2img?.json as { init_images?: string[]; mask?: string; denoising_strength?: number };
    assert.equal(body.init_images?.[0], Buffer.from(SOURCE).toString('base64'));
    assert.ok(body.mask, 'the mask is sent');
    assert.equal(body.denoising_strength, 0.75);
    const fields = (await infotextOf(uri ?? '')).fields;
    assert.equal(fields.get('Mask'), 'art/mask.png');
    assert.equal(fields.get('Denoising strength'), '0.75');
  });

  it('removes a background with Stability AI into a file with real transparency', async () => {
    const [uri] = await run('imagesmith.removeBackground', { image: 'art/source.png', provider: 'stability' });
    assert.ok(uri);
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(uri));
    assert.equal(bytes[25], 6, 'an RGBA PNG');
    assert.match(uri, /source-no-background\.png$/);
    const fields = (await infotextOf(uri)).fields;
    assert.equal(fields.get('Operation'), 'removeBackground');
    assert.equal(((await receivedRequests('stability')) as Recorded[]).find((r) => r.method === 'POST')?.path, '/v2beta/stable-image/edit/remove-background');
  });

  it('says why a provider that cannot edit is refused, and sends nothing', async () => {
    const error = await refusal('imagesmith.removeBackground', { image: 'art/source.png', provider: 'popcord' });
    assert.match(error.message, /PopCord’s API only makes images from a prompt/);
    assert.match(error.message, /Use Stability AI or OpenAI/);
  });

  it('refuses an image outside the workspace, a missing one, and one over the size limit', async () => {
    assert.match((await refusal('imagesmith.editImage', { image: '../outside.png', prompt: 'x', provider: 'automatic1111' })).message, /not a file inside the workspace/);
    assert.match((await refusal('imagesmith.editImage', { image: 'art/none.png', prompt: 'x', provider: 'automatic1111' })).message, /There is no file "art\/none\.png"/);
    await write('art/big.png', makePng(1200, 1200, { padTo: 1_300_000 }));
    await vscode.workspace.getConfiguration('imagesmith').update('maxImageMegabytes', 1, vscode.ConfigurationTarget.Workspace);
    const large = await refusal('imagesmith.editImage', { image: 'art/big.png', prompt: 'x', provider: 'automatic1111' });
    assert.match(large.message, /art\/big\.png is 1\.\d MB, more than the 1 MB Imagesmith reads \(imagesmith\.maxImageMegabytes\)/);
    assert.deepEqual(((await receivedRequests('automatic1111')) as Recorded[]).filter((r) => r.path === '/sdapi/v1/img2img'), []);
  });

  it('refuses a bad argument naming it', async () => {
    assert.match((await refusal('imagesmith.editImage', { image: 'art/source.png' })).message, /"prompt"/);
    assert.match((await refusal('imagesmith.editImage', { image: 'art/source.png', prompt: 'x', provider: 'automatic1111', params: { strength: 'high' } })).message, /params\.strength/);
  });

  it('lets the chat tool start from an image, with its strength', async () => {
    const result = await vscode.lm.invokeTool('imagesmith_generateImage', { input: { prompt: 'the same, in winter', provider: 'automatic1111', image: 'art/source.png', params: { strength: 0.3, maskBlur: 2 } }, toolInvocationToken: undefined });
    const report = result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
    assert.match(report, /^Generated 1 image with AUTOMATIC1111/);
    const body = ((await receivedRequests('automatic1111')) as Recorded[]).find((r) => r.path === '/sdapi/v1/img2img')?.json as { denoising_strength?: number; init_images?: string[] };
    assert.equal(body.denoising_strength, 0.3);
    assert.equal(body.init_images?.[0], Buffer.from(SOURCE).toString('base64'));
    assert.match(report, /Source: art\/source\.png/);
  });
});
