import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseInfotext } from '../../src/core/infotext';
import { readPngText } from '../../src/core/pngText';
import { DEFAULT_MODEL_ID, pollDelay } from '../../src/providers/imagepipeline';
import { startImagepipeline } from '../fixtures/imagepipeline';
import { failure, harness, useStandIn } from './support';

const KEY = 'ip-test-key-abcdef';

describe('ImagePipeline', () => {
  const suite = useStandIn(() => startImagepipeline({ validKeys: [KEY] }), (server) => ({ popcord: '', aithriving: '', imagepipeline: server.url }));

  it('sends the documented body with the key in API-Key and saves every download URL', async () => {
    const saved = await suite.h.run(
      {
        provider: 'imagepipeline',
        prompt: 'woman in traditional clothes, forest',
        negativePrompt: 'cropped, low quality',
        params: { samples: 3, seed: 12345, strength: 0.4, guidanceScale: 8.5, numInferenceSteps: 25, width: 512, height: 640 },
      },
      { apiKey: KEY },
    );
    const [request] = suite.server.requests;
    assert.equal(request?.headers['api-key'], KEY);
    assert.deepEqual(request?.json, {
      model_id: DEFAULT_MODEL_ID,
      prompt: 'woman in traditional clothes, forest',
      negative_prompt: 'cropped, low quality',
      num_inference_steps: 25,
      samples: 3,
      guidance_scale: 8.5,
      width: 512,
      height: 640,
      seed: 12345,
      strength: 0.4,
      safety_checker: true,
      scheduler: 'UniPCMultistepScheduler',
      refiner: true,
    });
    assert.equal(saved.length, 3);
    assert.deepEqual(
      saved.map((s) => s.name.replace(/^\d{8}-\d{6}-/, '')),
      ['woman-in-traditional-clothes-forest.png', 'woman-in-traditional-clothes-forest-2.png', 'woman-in-traditional-clothes-forest-3.png'],
    );
    const info = parseInfotext((await readPngText(new Uint8Array(await fs.readFile(path.join(suite.h.folder, saved[1]?.name ?? ''))))).get('parameters') ?? '');
    assert.equal(info.negativePrompt, 'cropped, low quality');
    assert.equal(info.fields.get('Seed'), '12345');
    assert.equal(info.fields.get('CFG scale'), '8.5');
    assert.equal(info.fields.get('Model'), DEFAULT_MODEL_ID);
    assert.equal(info.fields.get('Provider'), 'imagepipeline');
  });

  it('omits a random seed and an unset strength', async () => {
    await suite.h.run({ provider: 'imagepipeline', prompt: 'x' }, { apiKey: KEY });
    const body = suite.server.requests[0]?.json as Record<string, unknown>;
    assert.equal('seed' in body, false);
    assert.equal('strength' in body, false);
    assert.equal('negative_prompt' in body, false);
  });

  it('polls a PENDING job with the key until SUCCESS, reporting each check', async () => {
    suite.server.setFault({ fault: 'pending', polls: 3 });
    const saved = await suite.h.run({ provider: 'imagepipeline', prompt: 'patience' }, { apiKey: KEY });
    assert.equal(saved.length, 1);
    const polls = suite.server.requestsTo('/sdxl/text2image/v1/status');
    assert.equal(polls.length, 3);
    assert.ok(polls.every((p) => p.headers['api-key'] === KEY));
    const checks = suite.h.progress.filter((p) => p.stage === 'waiting').map((p) => (p.stage === 'waiting' ? p.checks : 0));
    assert.deepEqual(checks, [1, 2, 3]);
  });

  for (const header of ['api-key', 'authorization'] as const) {
    it(`keeps polling a PENDING job when the status endpoint reads the key from ${header}`, async () => {
      const strict = await startImagepipeline({ validKeys: [KEY], statusKeyHeader: header });
      try {
        strict.setFault({ fault: 'pending', polls: 2 });
        const [saved] = await suite.h.run({ provider: 'imagepipeline', prompt: 'pending' }, { apiKey: KEY, baseUrl: strict.url });
        assert.ok(saved);
        const status = strict.requests.filter((r) => r.path.includes('/status/'));
        assert.equal(status.length, 2);
        for (const r of status) assert.deepEqual([r.headers['api-key'], r.headers['authorization']], [KEY, KEY]);
      } finally {
        await strict.close();
      }
    });
  }

  it('shows the error of a 2xx answer that has no status', async () => {
    suite.server.setFault({ fault: 'error-without-status', error: 'Server is busy, please retry', times: 1 });
    const error = await failure(suite.h.run({ provider: 'imagepipeline', prompt: 'x' }, { apiKey: KEY }));
    assert.equal(error.kind, 'provider');
    assert.match(error.message, /ImagePipeline could not make the image: Server is busy, please retry\./);
  });

  it('backs off from about a second to five seconds between checks', () => {
    assert.equal(pollDelay(0), 1000);
    assert.ok(pollDelay(1) > 1000 && pollDelay(1) < 2000);
    assert.equal(pollDelay(10), 5000);
  });

  it('gives up on a job that stays PENDING past the timeout', async () => {
    suite.server.setFault({ fault: 'pending-forever' });
    const short = await harness({ popcord: '', aithriving: '', imagepipeline: suite.server.url }, { pollTimeoutMs: 20_000 });
    try {
      const error = await failure(short.run({ provider: 'imagepipeline', prompt: 'x' }, { apiKey: KEY }));
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /did not finish the job within 20 s.*pollTimeoutSeconds/);
      const polls = suite.server.requestsTo('/sdxl/text2image/v1/status').length;
      assert.ok(polls >= 4 && polls <= 8, `${polls} status checks in 20 s of backoff`);
      assert.deepEqual(await short.files(), []);
    } finally {
      await short.close();
    }
  });

  it('reports FAILURE with its message, at once and after polling', async () => {
    suite.server.setFault({ fault: 'failure', error: 'Model is loading, try again later' });
    const first = await failure(suite.h.run({ provider: 'imagepipeline', prompt: 'x' }, { apiKey: KEY }));
    assert.equal(first.kind, 'provider');
    assert.match(first.message, /ImagePipeline could not make the image: Model is loading, try again later\./);
    suite.server.setFault({ fault: 'pending-then-failure', polls: 2, error: 'NSFW content detected' });
    const later = await failure(suite.h.run({ provider: 'imagepipeline', prompt: 'x' }, { apiKey: KEY }));
    assert.match(later.message, /NSFW content detected/);
    assert.deepEqual(await suite.h.files(), []);
  });

  it('rejects a wrong key and an unknown job', async () => {
    const error = await failure(suite.h.run({ provider: 'imagepipeline', prompt: 'x' }, { apiKey: 'nope-nope' }));
    assert.equal(error.kind, 'rejected-key');
    suite.server.setFault({ fault: 'status', status: 200, body: { status: 'PENDING', id: 'no-such-job' }, target: 'generate' });
    const unknown = await failure(suite.h.run({ provider: 'imagepipeline', prompt: 'x' }, { apiKey: KEY }));
    assert.match(unknown.message, /no longer knows this job \(HTTP 404/);
  });

  it('warns, without failing, about long prompts and large sides', async () => {
    const long = Array.from({ length: 90 }, (_, i) => `word${i}`).join(' ');
    await suite.h.run({ provider: 'imagepipeline', prompt: long, params: { width: 1024 } }, { apiKey: KEY });
    assert.equal(suite.h.warnings.length, 2);
    assert.match(suite.h.warnings[0] ?? '', /about 75 tokens of the prompt; this one has about 90/);
    assert.match(suite.h.warnings[1] ?? '', /768 pixels or less per side; 1024x768/);
  });

  it('stops polling when cancelled and saves nothing', async () => {
    suite.server.setFault({ fault: 'pending-forever' });
    const abort = new AbortController();
    const run = suite.h.run({ provider: 'imagepipeline', prompt: 'x' }, { apiKey: KEY, signal: abort.signal });
    while (suite.server.requestsTo('/sdxl/text2image/v1/status').length < 2) await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    const error = await failure(run);
    assert.equal(error.kind, 'cancelled');
    await new Promise((r) => setTimeout(r, 50));
    const polls = suite.server.requestsTo('/sdxl/text2image/v1/status').length;
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(suite.server.requestsTo('/sdxl/text2image/v1/status').length, polls);
    assert.deepEqual(await suite.h.files(), []);
  });
});
