import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { HttpStack } from '../../src/core/http';
import { parseInfotext } from '../../src/core/infotext';
import { readPngText } from '../../src/core/pngText';
import { automatic1111, automatic1111ParamsFromInfotext } from '../../src/providers/automatic1111';
import { ServerLists } from '../../src/core/serverLists';
import { A1111_MODELS, startAutomatic1111, type Automatic1111Server } from '../fixtures/automatic1111';
import { startAllProviders } from '../fixtures/all';
import { failure, harness, useStandIn } from './support';

describe('AUTOMATIC1111', function () {
  this.timeout(20_000);
  const suite = useStandIn(() => startAllProviders(), (server) => server.urls);

  it('posts txt2img with every parameter, decodes the images and records the seed from info', async () => {
    const saved = await suite.h.run({
      provider: 'automatic1111',
      prompt: 'A lighthouse at dusk',
      negativePrompt: 'blurry',
      params: { samplerName: 'DPM++ 2M', steps: 28, cfgScale: 6.5, seed: 1234, width: 768, height: 512, batchSize: 2 },
    });
    assert.equal(saved.length, 2);
    const post = suite.server.automatic1111.requestsTo('/sdapi/v1/txt2img')[0];
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
    const bytes = new Uint8Array(await fs.readFile(path.join(suite.h.folder, saved[0]?.name ?? '')));
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
    const [saved] = await suite.h.run({ provider: 'automatic1111', prompt: 'random' });
    assert.equal(suite.server.automatic1111.requestsTo('/sdapi/v1/txt2img')[0]?.json && (suite.server.automatic1111.requestsTo('/sdapi/v1/txt2img')[0]?.json as { seed: number }).seed, -1);
    assert.ok(saved?.seed !== undefined && saved.seed >= 0, 'a real seed');
    const bytes = new Uint8Array(await fs.readFile(path.join(suite.h.folder, saved.name)));
    assert.equal(parseInfotext((await readPngText(bytes)).get('parameters') ?? '').fields.get('Seed'), String(saved.seed));
  });

  it('switches checkpoint through override_settings, by title or short name', async () => {
    const [model] = A1111_MODELS.slice(1);
    await suite.h.run({ provider: 'automatic1111', prompt: 'x', params: { checkpoint: model?.title } });
    await suite.h.run({ provider: 'automatic1111', prompt: 'x', params: { checkpoint: model?.model_name } });
    const posts = suite.server.automatic1111.requestsTo('/sdapi/v1/txt2img').map((r) => r.json as { override_settings?: unknown });
    assert.deepEqual(posts[0]?.override_settings, { sd_model_checkpoint: model?.title });
    assert.deepEqual(posts[1]?.override_settings, { sd_model_checkpoint: model?.model_name });
  });

  it('validates sampler and checkpoint against the server lists before sending anything', async () => {
    const sampler = await failure(suite.h.run({ provider: 'automatic1111', prompt: 'x', params: { samplerName: 'K_EULER' } }));
    assert.equal(sampler.kind, 'invalid-input');
    assert.equal(sampler.parameter, 'samplerName');
    assert.match(sampler.message, /Sampler \(samplerName\) must be one of DPM\+\+ 2M, DPM\+\+ SDE, Euler a, Euler, DDIM; got "K_EULER"/);
    const checkpoint = await failure(suite.h.run({ provider: 'automatic1111', prompt: 'x', params: { checkpoint: 'nope.ckpt' } }));
    assert.equal(checkpoint.parameter, 'checkpoint');
    assert.equal(suite.server.automatic1111.requestsTo('/sdapi/v1/txt2img').length, 0);
    await suite.h.run({ provider: 'automatic1111', prompt: 'x', params: { samplerName: 'k_euler_a' } });
    assert.equal(suite.server.automatic1111.requestsTo('/sdapi/v1/samplers').length, 1, 'the lists are read once');
  });

  it('sends an alias as the sampler name, since current servers look samplers up by name only', async () => {
    const [saved] = await suite.h.run({ provider: 'automatic1111', prompt: 'x', params: { samplerName: 'k_euler_a' } });
    const post = suite.server.automatic1111.requestsTo('/sdapi/v1/txt2img')[0]?.json as { sampler_name?: string };
    assert.equal(post.sampler_name, 'Euler a');
    assert.match(saved?.infotext ?? '', /Sampler: Euler a,/);
    assert.deepEqual(suite.h.warnings, []);
  });

  it('when its lists cannot be read, sends what was asked and records what the server says it used', async () => {
    suite.server.automatic1111.setFault({ fault: 'lists-fail' });
    const [saved] = await suite.h.run({ provider: 'automatic1111', prompt: 'x', params: { samplerName: 'K_EULER', checkpoint: 'nope.ckpt', seed: 77 } });
    assert.ok(saved);
    // The server silently used its first sampler and its loaded checkpoint.
    const info = parseInfotext(saved.infotext).fields;
    assert.equal(info.get('Sampler'), 'DPM++ 2M');
    assert.equal(info.get('Model'), 'v1-5-pruned-emaonly');
    assert.equal(info.get('Seed'), '77');
    assert.match(suite.h.warnings.join('\n'), /used the sampler DPM\+\+ 2M, not K_EULER/);
    assert.match(suite.h.warnings.join('\n'), /generated with v1-5-pruned-emaonly, not the checkpoint nope\.ckpt/);
  });

  it('offers, sends and records the schedule type, and reads it back', async () => {
    const http = new HttpStack();
    try {
      const choices = await automatic1111.choices?.({ baseUrl: new URL(suite.server.automatic1111.url), http: http.forProvider('AUTOMATIC1111'), lists: new ServerLists(), signal: AbortSignal.timeout(5_000) });
      assert.deepEqual(choices?.scheduler, ['', 'Automatic', 'Uniform', 'Karras', 'Exponential', 'SGM Uniform']);
    } finally {
      await http.close();
    }
    const [saved] = await suite.h.run({ provider: 'automatic1111', prompt: 'x', params: { samplerName: 'DPM++ 2M', scheduler: 'Karras' } });
    const post = suite.server.automatic1111.requestsTo('/sdapi/v1/txt2img')[0]?.json as { sampler_name?: string; scheduler?: string };
    assert.deepEqual([post.sampler_name, post.scheduler], ['DPM++ 2M', 'Karras']);
    const fields = parseInfotext(saved?.infotext ?? '').fields;
    assert.equal(fields.get('Schedule type'), 'Karras');
    assert.equal(automatic1111ParamsFromInfotext(fields).scheduler, 'Karras');
    // An older image's "DPM++ 2M Karras" is split as the server splits it.
    await suite.h.run({ provider: 'automatic1111', prompt: 'x', params: { samplerName: 'DPM++ 2M Karras' } });
    const older = suite.server.automatic1111.requestsTo('/sdapi/v1/txt2img')[1]?.json as { sampler_name?: string; scheduler?: string };
    assert.deepEqual([older.sampler_name, older.scheduler], ['DPM++ 2M', 'Karras']);
    const bad = await failure(suite.h.run({ provider: 'automatic1111', prompt: 'x', params: { scheduler: 'Wobbly' } }));
    assert.equal(bad.parameter, 'scheduler');
    assert.match(bad.message, /Schedule type \(scheduler\) must be one of Automatic, Uniform, Karras, Exponential, SGM Uniform; got "Wobbly"/);
  });

  it("shows the detail of the web UI's HTTPException body", async () => {
    suite.server.automatic1111.setFault({ fault: 'http-exception', status: 422, detail: 'Script not found', times: 1 });
    const error = await failure(suite.h.run({ provider: 'automatic1111', prompt: 'x' }));
    assert.match(error.message, /HTTP 422: Script not found\)/);
    assert.doesNotMatch(error.message, /HTTPException|422: 422/);
  });

  it('interrupts a cancelled job only once it runs, never the job of someone else it waits behind', async function () {
    this.timeout(15_000);
    suite.server.automatic1111.setFault({ fault: 'busy', ms: 1_500 });
    // Someone else's job, sent straight to the web UI.
    const theirs = fetch(`${suite.server.automatic1111.url}sdapi/v1/txt2img`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'theirs' }) });
    while (suite.server.automatic1111.requestsTo('/sdapi/v1/txt2img').length === 0) await new Promise((r) => setTimeout(r, 5));
    const abort = new AbortController();
    const pending = suite.h.run({ provider: 'automatic1111', prompt: 'mine' }, { signal: abort.signal });
    while (suite.server.automatic1111.requestsTo('/sdapi/v1/txt2img').length < 2) await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    assert.equal((await failure(pending)).kind, 'cancelled');
    const answer = await theirs;
    assert.equal(answer.status, 200);
    assert.equal(((await answer.json()) as { images: string[] }).images.length, 1, 'their job finished');
    assert.equal(suite.server.automatic1111.interrupts, 0, 'their job was not interrupted');
    // Then mine runs, and is interrupted.
    for (let i = 0; i < 400 && suite.server.automatic1111.interrupts === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(suite.server.automatic1111.interrupts, 1);
  });

  it('schema refuses bad values with the setting name', async () => {
    const error = await failure(suite.h.run({ provider: 'automatic1111', prompt: 'x', params: { width: 500 } }));
    assert.equal(error.kind, 'invalid-input');
    assert.equal(error.parameter, 'width');
  });

  it("reports the web UI's own 500 body {error, errors}", async () => {
    suite.server.automatic1111.setFault({ fault: 'exception' });
    const error = await failure(suite.h.run({ provider: 'automatic1111', prompt: 'x' }));
    assert.equal(error.kind, 'provider');
    assert.match(error.message, /server error \(HTTP 500: OutOfMemoryError: CUDA out of memory\.\)/);
    assert.deepEqual(await suite.h.files(), []);
  });

  it('reports an answer without images, and keeps the image when info is unreadable', async () => {
    suite.server.automatic1111.setFault({ fault: 'no-images', times: 1 });
    const error = await failure(suite.h.run({ provider: 'automatic1111', prompt: 'x' }));
    assert.match(error.message, /AUTOMATIC1111 sent no image/);
    suite.server.automatic1111.setFault({ fault: 'bad-info', times: 1 });
    const [saved] = await suite.h.run({ provider: 'automatic1111', prompt: 'x', params: { seed: 5 } });
    assert.equal(saved?.seed, 5);
  });

  it('says there is no API at the address on a bare 404', async () => {
    const error = await failure(suite.h.run({ provider: 'automatic1111', prompt: 'x' }, { baseUrl: `${suite.server.automatic1111.url}nothing/` }));
    assert.match(error.message, /answered HTTP 404: Not Found|has no API at this address/);
  });

  it('reports progress from /sdapi/v1/progress while it samples', async () => {
    suite.server.automatic1111.setFault({ fault: 'busy', ms: 2_500 });
    await suite.h.run({ provider: 'automatic1111', prompt: 'slow lighthouse' });
    const fractions = suite.h.progress.flatMap((p) => (p.stage === 'generating' ? [p.fraction] : []));
    assert.ok(fractions.length >= 2, `progress was reported (${fractions.join(', ')})`);
    assert.ok(fractions.every((f, i) => i === 0 || f >= (fractions[i - 1] ?? 0)), 'it only grows');
    assert.ok(suite.server.automatic1111.requestsTo('/sdapi/v1/progress').length >= 2);
  });

  it('interrupts the server when cancelled, and saves nothing', async () => {
    suite.server.automatic1111.setFault({ fault: 'busy', ms: 10_000 });
    const abort = new AbortController();
    const pending = suite.h.run({ provider: 'automatic1111', prompt: 'cancel me' }, { signal: abort.signal });
    while (suite.server.automatic1111.requestsTo('/sdapi/v1/txt2img').length === 0) await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    const error = await failure(pending);
    assert.equal(error.kind, 'cancelled');
    for (let i = 0; i < 100 && suite.server.automatic1111.interrupts === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(suite.server.automatic1111.interrupts, 1);
    assert.deepEqual(await suite.h.files(), []);
  });

  it('offers the server samplers and checkpoints through choices()', async () => {
    const http = new HttpStack();
    try {
      const choices = await automatic1111.choices?.({ baseUrl: new URL(suite.server.automatic1111.url), http: http.forProvider('AUTOMATIC1111'), lists: new ServerLists(), signal: AbortSignal.timeout(5_000) });
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
      scheduler: '',
      steps: 30,
      cfgScale: 5,
      seed: 99,
      width: 1024,
      height: 768,
      batchSize: 1,
    });
    assert.ok(automatic1111.params.safeParse(automatic1111ParamsFromInfotext(fields)).success);
  });

  describe('before 1.9', () => {
    let legacy: Automatic1111Server;
    before(async () => {
      legacy = await startAutomatic1111({ legacy: true });
    });
    after(async () => legacy.close());

    it('offers no schedule type, keeps "DPM++ 2M Karras" as it is, and shows "Sampler not found"', async () => {
      const http = new HttpStack();
      try {
        const choices = await automatic1111.choices?.({ baseUrl: new URL(legacy.url), http: http.forProvider('AUTOMATIC1111'), lists: new ServerLists(), signal: AbortSignal.timeout(5_000) });
        assert.equal(choices?.scheduler, undefined);
        assert.ok(choices?.samplerName?.includes('DPM++ 2M Karras'));
      } finally {
        await http.close();
      }
      const [saved] = await suite.h.run({ provider: 'automatic1111', prompt: 'x', params: { samplerName: 'DPM++ 2M Karras' } }, { baseUrl: legacy.url });
      assert.equal((legacy.requestsTo('/sdapi/v1/txt2img')[0]?.json as { sampler_name?: string }).sampler_name, 'DPM++ 2M Karras');
      assert.equal(parseInfotext(saved?.infotext ?? '').fields.get('Sampler'), 'DPM++ 2M Karras');
      const scheduled = await failure(suite.h.run({ provider: 'automatic1111', prompt: 'x', params: { scheduler: 'Karras' } }, { baseUrl: legacy.url }));
      assert.equal(scheduled.parameter, 'scheduler');
      legacy.setFault({ fault: 'lists-fail' });
      // A new session, which has not read the lists yet.
      const fresh = await harness(suite.server.urls);
      const unknown = await failure(fresh.run({ provider: 'automatic1111', prompt: 'x', params: { samplerName: 'K_EULER' } }, { baseUrl: legacy.url })).finally(() => fresh.close());
      assert.match(unknown.message, /HTTP 404: Sampler not found/);
      assert.doesNotMatch(unknown.message, /HTTPException/);
    });
  });

  describe('with --api-auth', () => {
    let guarded: Automatic1111Server;
    before(async () => {
      guarded = await startAutomatic1111({ auth: 'ada:s3cret' });
    });
    after(async () => guarded.close());

    it('sends the stored user:password as basic auth, and says what to do without it', async () => {
      const missing = await failure(suite.h.run({ provider: 'automatic1111', prompt: 'x' }, { baseUrl: guarded.url }));
      assert.equal(missing.kind, 'rejected-key');
      assert.match(missing.message, /asks for a user name and password \(HTTP 401: Incorrect username or password\)\. Run "Imagesmith: Set API Key…" and enter user:password/);
      const wrong = await failure(suite.h.run({ provider: 'automatic1111', prompt: 'x' }, { baseUrl: guarded.url, apiKey: 'ada:wrong' }));
      assert.match(wrong.message, /rejected the user name and password/);
      assert.doesNotMatch(wrong.message, /wrong/);
      const [saved] = await suite.h.run({ provider: 'automatic1111', prompt: 'x' }, { baseUrl: guarded.url, apiKey: 'ada:s3cret' });
      assert.ok(saved);
      const post = guarded.requestsTo('/sdapi/v1/txt2img').at(-1);
      assert.equal(post?.headers['authorization'], `Basic ${Buffer.from('ada:s3cret').toString('base64')}`);
    });
  });
});
