import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseInfotext } from '../../src/core/infotext';
import { readPngText } from '../../src/core/pngText';
import { EXAMPLE_WORKFLOW } from '../fixtures/comfyui';
import { fault, receivedRequests, reset } from './support/fixtures';
import { generate, rejection, leaveImagesClosed, workspaceFolder } from './support/commands';

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly json: unknown;
}

describe('Generate Image with ComfyUI', function () {
  this.timeout(60_000);
  leaveImagesClosed();
  const workflow = () => vscode.Uri.joinPath(workspaceFolder(), 'comfy', 'txt2img_api.json');

  before(async () => {
    await vscode.workspace.fs.writeFile(workflow(), new TextEncoder().encode(JSON.stringify(EXAMPLE_WORKFLOW, null, 2)));
  });
  beforeEach(async () => {
    await reset();
  });
  after(async () => {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceFolder(), 'comfy'), { recursive: true });
  });

  it('runs the workflow read from the workspace, with the placeholders filled', async () => {
    const [uri, ...rest] = await generate({
      prompt: 'A lighthouse in fog',
      provider: 'comfyui',
      negativePrompt: 'people',
      params: { workflow: 'comfy/txt2img_api.json', steps: 9, seed: 77 },
    });
    assert.ok(uri);
    assert.equal(rest.length, 0);
    const [post] = ((await receivedRequests('comfyui')) as Recorded[]).filter((r) => r.path === '/prompt');
    const nodes = (post?.json as { prompt: Record<string, { inputs: Record<string, unknown> }> }).prompt;
    assert.equal(nodes['6']?.inputs.text, 'A lighthouse in fog');
    assert.equal(nodes['7']?.inputs.text, 'people');
    assert.equal(nodes['3']?.inputs.steps, 9);
    assert.equal(nodes['3']?.inputs.seed, 77);
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(uri));
    const info = parseInfotext((await readPngText(bytes)).get('parameters') ?? '');
    assert.equal(info.fields.get('Workflow'), 'comfy/txt2img_api.json');
    assert.equal(info.fields.get('Seed'), '77');
    assert.equal(info.fields.get('Provider'), 'comfyui');
  });

  it('names the workflow setting when the file is missing, and refuses paths out of the workspace', async () => {
    const missing = await rejection({ prompt: 'x', provider: 'comfyui', params: { workflow: 'nowhere/flow.json' } });
    assert.match(missing.message, /There is no file "nowhere\/flow\.json" in the workspace\..*imagesmith\.providers\.comfyui\.workflow/);
    const outside = await rejection({ prompt: 'x', provider: 'comfyui', params: { workflow: '../flow.json' } });
    assert.match(outside.message, /is not a file inside the workspace/);
    assert.equal(((await receivedRequests('comfyui')) as Recorded[]).filter((r) => r.path === '/prompt').length, 0);
  });

  it('reports an error raised while the workflow runs', async () => {
    await fault('comfyui', { fault: 'execution-error', message: 'CUDA out of memory' });
    const error = await rejection({ prompt: 'x', provider: 'comfyui', params: { workflow: 'comfy/txt2img_api.json' } });
    assert.match(error.message, /ComfyUI could not run the workflow in node 3 \(KSampler\): CUDA out of memory/);
  });
});
