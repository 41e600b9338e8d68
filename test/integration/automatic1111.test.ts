import * as assert from 'node:assert/strict';
import { fault, receivedRequests, reset } from './support/fixtures';
import { generate, rejection, leaveImagesClosed, infotextOf } from './support/commands';

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly json: unknown;
}

describe('Generate Image with AUTOMATIC1111', function () {
  this.timeout(60_000);
  leaveImagesClosed();

  beforeEach(async () => {
    await reset();
  });

  it('generates through txt2img with the given parameters and records the seed the server used', async () => {
    const uris = await generate({
      prompt: 'A lighthouse, painted',
      provider: 'automatic1111',
      negativePrompt: 'text',
      params: { samplerName: 'DPM++ 2M', steps: 12, batchSize: 2 },
    });
    assert.equal(uris.length, 2);
    const [post] = ((await receivedRequests('automatic1111')) as Recorded[]).filter((r) => r.path === '/sdapi/v1/txt2img');
    assert.ok(post);
    const body = post.json as Record<string, unknown>;
    assert.equal(body.sampler_name, 'DPM++ 2M');
    assert.equal(body.steps, 12);
    assert.equal(body.batch_size, 2);
    assert.equal(body.negative_prompt, 'text');
    const info = await infotextOf(uris[0] ?? '');
    assert.equal(info.fields.get('Provider'), 'automatic1111');
    assert.match(info.fields.get('Seed') ?? '', /^\d+$/);
    assert.equal(info.fields.get('Model'), 'v1-5-pruned-emaonly');
  });

  it('refuses a sampler the server does not list, naming the choices', async () => {
    const error = await rejection({ prompt: 'x', provider: 'automatic1111', params: { samplerName: 'K_EULER' } });
    assert.match(error.message, /Sampler \(samplerName\) must be one of DPM\+\+ 2M, .*; got "K_EULER"/);
  });

  it("reports the web UI's own error", async () => {
    await fault('automatic1111', { fault: 'exception', errors: 'CUDA out of memory.' });
    const error = await rejection({ prompt: 'x', provider: 'automatic1111' });
    assert.match(error.message, /AUTOMATIC1111 had a server error \(HTTP 500: OutOfMemoryError: CUDA out of memory\.\)/);
  });
});
