import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { HttpStack } from '../../src/core/http';
import { parseInfotext } from '../../src/core/infotext';
import { readPngText } from '../../src/core/png';
import { automatic1111, automatic1111ParamsFromInfotext, clearAutomatic1111Lists } from '../../src/providers/automatic1111';
import { A1111_MODELS, startAutomatic1111, type Automatic1111Server } from '../fixtures/automatic1111';
import { startAllProviders, type AllProviders } from '../fixtures/all';
import { failure, harness, type Harness } from './support';

describe('AUTOMATIC1111', function () {
  this.timeout(20_000);
  let servers: AllProviders;
  let h: Harness;

  before(async () => {
    servers = await startAllProviders();
  });
  after(async () => servers.close());
  beforeEach(async () => {
    servers.reset();
    clearAutomatic1111Lists();
    h = await harness(servers.urls);
  });
  afterEach(async () => h.close());

  it('posts txt2img with every parameter, decodes the images and records the seed from info', async () => {
    const saved = await h.run({
      provider: 'automatic1111',
      prompt: 'A lighthouse at dusk',
      negativePrompt: 'blurry',
      params: { samplerName: 'DPM++ 2M', steps: 28, cfgScale: 6.5, seed: 1234, width: 768, height: 512, batchSize: 2 },
    });
    assert.equal(saved.length, 2);
    const post = servers.automatic1111.requestsTo('/sdapi/v1/txt2img')[0];
    assert.deepEqual(post?.json, {
      prompt: 'A lighthouse at dusk',
      negative_prompt: 'blurry',
      steps: 28,
      sampler_name: 'DPM++ 2M',
      cfg_scale: 6.5,
      seed: 1234,
      width: 768,
      height: 512,
      batch_size: 2,
      n_iter: 1,
      send_images: true,
      save_images: false,
    });
    assert.equal(post?.headers['authorization'], undefined);
    const bytes = new Uint8Array(await fs.readFile(path.join(h.folder, saved[0]?.name ?? '')));
    const info = parseInfotext((await readPngText(bytes)).get('parameters') ?? '');
    assert.equal(info.prompt, 'A lighthouse at dusk');
    assert.equal(info.negativePrompt, 'blurry');
    assert.equal(info.fields.get('Sampler'), 'DPM++ 2M');
    assert.equal(info.fields.get('Seed'), '1234');
    assert.equal(info.fields.get('Size'), '768x512');
    assert.equal(info.fields.get('Model'), 'v1-5-pruned-emaonly');
    assert.equal(info.fields.get('Batch size'), '2');
    assert.equal(info.fields.get('Provider'), 'automatic1111');
    assert.equal(saved[0]?.seed, 1234);
  });

  it('records the seed the server chose for -1', async () => {
    const [saved] = await h.run({ provider: 'automatic1111', prompt: 'random' });
    assert.equal(servers.automatic1111.requestsTo('/sdapi/v1/txt2img')[0]?.json && (servers.automatic1111.requestsTo('/sdapi/v1/txt2img')[0]?.json as { seed: number }).seed, -1);
    assert.ok(saved?.seed !== undefined && saved.seed >= 0, 'a real seed');
    const bytes = new Uint8Array(await fs.readFile(path.join(h.folder, saved.name)));
    assert.equal(parseInfotext((await readPngText(bytes)).get('parameters') ?? '').fields.get('Seed'), String(saved.seed));
  });

  it('switches checkpoint through override_settings, by title or short name', async () => {
    const [model] = A1111_MODELS.slice(1);
    await h.run({ provider: 'automatic1111', prompt: 'x', params: { checkpoint: model?.title } });
    await h.run({ provider: 'automatic1111', prompt: 'x', params: { checkpoint: model?.model_name } });
    const posts = servers.automatic1111.requestsTo('/sdapi/v1/txt2img').map((r) => r.json as { override_settings?: unknown });
    assert.deepEqual(posts[0]?.override_settings, { sd_model_checkpoint: model?.title });
    assert.deepEqual(posts[1]?.override_settings, { sd_model_checkpoint: model?.model_name });
  });

  it('validates sampler and checkpoint against the server lists before sending anything', async () => {
    const sampler = await failure(h.run({ provider: 'automatic1111', prompt: 'x', params: { samplerName: 'K_EULER' } }));
    assert.equal(sampler.kind, 'invalid-input');
    assert.equal(sampler.parameter, 'samplerName');
    assert.match(sampler.message, /Sampler \(samplerName\) must be one of DPM\+\+ 2M, DPM\+\+ SDE, Euler a, Euler, DDIM; got "K_EULER"/);
    const checkpoint = await failure(h.run({ provider: 'automatic1111', prompt: 'x', params: { checkpoint: 'nope.ckpt' } }));
    assert.equal(checkpoint.parameter, 'checkpoint');
    assert.equal(servers.automatic1111.requestsTo('/sdapi/v1/txt2img').length, 0);
    await h.run({ provider: 'automatic1111', prompt: 'x', params: { samplerName: 'k_euler_a' } });
    assert.equal(servers.automatic1111.requestsTo('/sdapi/v1/samplers').length, 1, 'the lists are read once');
  });

  it("leaves validation to the server when its lists cannot be read, and reports FastAPI's detail", async () => {
    servers.automatic1111.setFault({ fault: 'lists-fail' });
    const error = await failure(h.run({ provider: 'automatic1111', prompt: 'x', params: { samplerName: 'K_EULER' } }));
    assert.equal(error.kind, 'invalid-input');
    assert.match(error.message, /^AUTOMATIC1111 refused the request \(HTTP 400: Sampler not found\)/);
  });

  it('schema refuses bad values with the setting name', async () => {
    const error = await failure(h.run({ provider: 'automatic1111', prompt: 'x', params: { width: 500 } }));
    assert.equal(error.kind, 'invalid-input');
    assert.equal(error.parameter, 'width');
  });

  it("reports the web UI's own 500 body {error, errors}", async () => {
    servers.automatic1111.setFault({ fault: 'exception' });
    const error = await failure(h.run({ provider: 'automatic1111', prompt: 'x' }));
    assert.equal(error.kind, 'provider');
    assert.match(error.message, /server error \(HTTP 500: OutOfMemoryError: CUDA out of memory\.\)/);
    assert.deepEqual(await h.files(), []);
  });

  it('reports an answer without images, and keeps the image when info is unreadable', async () => {
    servers.automatic1111.setFault({ fault: 'no-images', times: 1 });
    const error = await failure(h.run({ provider: 'automatic1111', prompt: 'x' }));
    assert.match(error.message, /AUTOMATIC1111 sent no image/);
    servers.automatic1111.setFault({ fault: 'bad-info', times: 1 });
    const [saved] = await h.run({ provider: 'automatic1111', prompt: 'x', params: { seed: 5 } });
    assert.equal(saved?.seed, 5);
  });

  it('says there is no API at the address on a bare 404', async () => {
    const error = await failure(h.run({ provider: 'automatic1111', prompt: 'x' }, { baseUrl: `${servers.automatic1111.url}nothing/` }));
    assert.match(error.message, /answered HTTP 404: Not Found|has no API at this address/);
  });

  it('reports progress from /sdapi/v1/progress while it samples', async () => {
    servers.automatic1111.setFault({ fault: 'busy', ms: 2_500 });
    await h.run({ provider: 'automatic1111', prompt: 'slow lighthouse' });
    const fractions = h.progress.flatMap((p) => (p.stage === 'generating' ? [p.fraction] : []));
    assert.ok(fractions.length >= 2, `progress was reported (${fractions.join(', ')})`);
    assert.ok(fractions.every((f, i) => i === 0 || f >= (fractions[i - 1] ?? 0)), 'it only grows');
    assert.ok(servers.automatic1111.requestsTo('/sdapi/v1/progress').length >= 2);
  });

  it('interrupts the server when cancelled, and saves nothing', async () => {
    servers.automatic1111.setFault({ fault: 'busy', ms: 10_000 });
    const abort = new AbortController();
    const pending = h.run({ provider: 'automatic1111', prompt: 'cancel me' }, { signal: abort.signal });
    while (servers.automatic1111.requestsTo('/sdapi/v1/txt2img').length === 0) await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    const error = await failure(pending);
    assert.equal(error.kind, 'cancelled');
    for (let i = 0; i < 100 && servers.automatic1111.interrupts === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(servers.automatic1111.interrupts, 1);
    assert.deepEqual(await h.files(), []);
  });

  it('offers the server samplers and checkpoints through choices()', async () => {
    const http = new HttpStack();
    try {
      const choices = await automatic1111.choices?.({ baseUrl: new URL(servers.automatic1111.url), http: http.forProvider('AUTOMATIC1111'), signal: AbortSignal.timeout(5_000) });
      assert.deepEqual(choices?.samplerName, ['DPM++ 2M', 'DPM++ SDE', 'Euler a', 'Euler', 'DDIM']);
      assert.deepEqual(choices?.checkpoint, ['', ...A1111_MODELS.map((m) => m.title)]);
    } finally {
      await http.close();
    }
  });

  it('reads its own infotext and the web UI’s back', () => {
    const fields = parseInfotext('a fox\nSteps: 30, Sampler: DPM++ 2M, CFG scale: 5, Seed: 99, Size: 1024x768, Model hash: 31e35c80fc, Model: sd_xl_base_1.0').fields;
    assert.deepEqual(automatic1111ParamsFromInfotext(fields), {
      checkpoint: 'sd_xl_base_1.0',
      samplerName: 'DPM++ 2M',
      steps: 30,
      cfgScale: 5,
      seed: 99,
      width: 1024,
      height: 768,
      batchSize: 1,
    });
    assert.ok(automatic1111.params.safeParse(automatic1111ParamsFromInfotext(fields)).success);
  });

  describe('with --api-auth', () => {
    let guarded: Automatic1111Server;
    before(async () => {
      guarded = await startAutomatic1111({ auth: 'ada:s3cret' });
    });
    after(async () => guarded.close());

    it('sends the stored user:password as basic auth, and says what to do without it', async () => {
      const missing = await failure(h.run({ provider: 'automatic1111', prompt: 'x' }, { baseUrl: guarded.url }));
      assert.equal(missing.kind, 'rejected-key');
      assert.match(missing.message, /asks for a user name and password \(HTTP 401: Incorrect username or password\)\. Run "Imagesmith: Set API Key…" and enter user:password/);
      const wrong = await failure(h.run({ provider: 'automatic1111', prompt: 'x' }, { baseUrl: guarded.url, apiKey: 'ada:wrong' }));
      assert.match(wrong.message, /rejected the user name and password/);
      assert.doesNotMatch(wrong.message, /wrong/);
      const [saved] = await h.run({ provider: 'automatic1111', prompt: 'x' }, { baseUrl: guarded.url, apiKey: 'ada:s3cret' });
      assert.ok(saved);
      const post = guarded.requestsTo('/sdapi/v1/txt2img').at(-1);
      assert.equal(post?.headers['authorization'], `Basic ${Buffer.from('ada:s3cret').toString('base64')}`);
    });
  });
});
