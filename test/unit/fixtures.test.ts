import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { crc32, inflateSync } from 'node:zlib';
import { request } from 'undici';
import { PROVIDER_IDS } from '../../src/core/types';
import { type AithrivingServer, startAithriving } from '../fixtures/aithriving';
import { startAllProviders } from '../fixtures/all';
import { EXAMPLE_WORKFLOW } from '../fixtures/comfyui';
import { makePng, PNG_SIGNATURE, tinyJpeg, tinyWebp } from '../fixtures/images';
import { type ImagepipelineServer, startImagepipeline } from '../fixtures/imagepipeline';
import { type PopcordServer, startPopcord } from '../fixtures/popcord';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
  text: string;
  json: unknown;
}

async function call(
  url: string,
  init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; signal?: AbortSignal } = {},
): Promise<Answer> {
  const res = await request(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body, signal: init.signal });
  const bytes = Buffer.from(await res.body.arrayBuffer());
  const text = bytes.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, bytes, text, json };
}

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> =>
  call(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** An independent reading of a PNG: every chunk's CRC, IHDR first, IEND last, pixels inflate to the right length. */
function checkPng(png: Buffer): { width: number; height: number; chunks: string[] } {
  assert.ok(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'PNG signature');
  const chunks: string[] = [];
  const idat: Buffer[] = [];
  let offset = 8;
  let width = 0;
  let height = 0;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    const crc = png.readUInt32BE(offset + 8 + length);
    assert.equal(crc, crc32(png.subarray(offset + 4, offset + 8 + length)), `CRC of ${type}`);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.deepEqual([...data.subarray(8)], [8, 2, 0, 0, 0], 'RGB, 8 bits, no interlace');
    }
    if (type === 'IDAT') idat.push(data);
    chunks.push(type);
    offset += 12 + length;
  }
  assert.equal(offset, png.length, 'no bytes after the last chunk');
  assert.equal(chunks[0], 'IHDR');
  assert.equal(chunks.at(-1), 'IEND');
  assert.equal(chunks.indexOf('IEND'), chunks.length - 1);
  assert.equal(inflateSync(Buffer.concat(idat)).length, height * (1 + width * 3), 'pixel data length');
  return { width, height, chunks };
}

describe('fixtures: images', () => {
  it('makePng builds a valid PNG of the asked size, with optional tEXt chunks', () => {
    const png = makePng(37, 21, { text: { parameters: 'a cat\nSteps: 20' } });
    const info = checkPng(png);
    assert.deepEqual([info.width, info.height], [37, 21]);
    assert.deepEqual(info.chunks, ['IHDR', 'tEXt', 'IDAT', 'IEND']);
    assert.deepEqual(checkPng(makePng(1, 1)).chunks, ['IHDR', 'IDAT', 'IEND']);
    assert.ok(!makePng(8, 8, { seed: 1 }).equals(makePng(8, 8, { seed: 2 })), 'seeds vary the pixels');
  });

  it('makePng pads to a target size with noise and stays valid', () => {
    const started = Date.now();
    const png = makePng(1024, 1024, { padTo: 1_500_000 });
    assert.ok(Date.now() - started < 2000, 'quick enough for unit tests');
    assert.ok(png.length >= 1_500_000 && png.length < 1_520_000, `size ${png.length}`);
    assert.deepEqual(checkPng(png).width, 1024);
    assert.throws(() => makePng(10, 10, { padTo: 100_000 }), RangeError);
    assert.throws(() => makePng(0, 10), RangeError);
  });

  it('tinyJpeg and tinyWebp are well-formed', () => {
    const jpeg = tinyJpeg();
    assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff]);
    assert.deepEqual([...jpeg.subarray(-2)], [0xff, 0xd9]);
    const webp = tinyWebp();
    assert.equal(webp.toString('latin1', 0, 4), 'RIFF');
    assert.equal(webp.readUInt32LE(4), webp.length - 8);
    assert.equal(webp.toString('latin1', 8, 16), 'WEBPVP8 ');
    assert.ok(PNG_SIGNATURE.equals(makePng(2, 2).subarray(0, 8)));
  });
});

describe('fixtures: PopCord', () => {
  let server: PopcordServer;
  before(async () => {
    server = await startPopcord();
  });
  afterEach(() => server.reset());
  after(() => server.close());

  const generate = (body: unknown): Promise<Answer> => postJson(`${server.url}image/generate`, body);

  it('listens on 127.0.0.1 on a free port and lists models and sizes', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.ok(server.port > 0);
    assert.deepEqual((await call(`${server.url}models`)).json, { success: true, models: ['flux', 'poli', 'sdxl-turbo', 'dalle3'] });
    const sizes = (await call(`${server.url}sizes`)).json as { success: boolean; sizes: string[] };
    assert.equal(sizes.success, true);
    assert.ok(sizes.sizes.includes('786x1024'));
  });

  it('answers image_url on the same server and records the request', async () => {
    const res = await generate({ model: 'sdxl-turbo', prompt: 'Beautiful landscape', size: '1024x576' });
    assert.equal(res.status, 200);
    const { image_url } = res.json as { image_url: string };
    assert.ok(image_url.startsWith(`${server.url}files/`) && image_url.endsWith('.png'));
    const image = await call(image_url);
    assert.equal(image.headers['content-type'], 'image/png');
    const info = checkPng(image.bytes);
    assert.deepEqual([info.width, info.height], [64, 36]);

    const [recorded] = server.requestsTo('/image/generate');
    assert.ok(recorded);
    assert.equal(recorded.method, 'POST');
    assert.equal(recorded.headers['content-type'], 'application/json');
    assert.deepEqual(recorded.json, { model: 'sdxl-turbo', prompt: 'Beautiful landscape', size: '1024x576' });
    assert.equal(server.requests.length, 2, 'the download is recorded too');
  });

  it('validates like the real service', async () => {
    const missing = await generate({ model: 'flux' });
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.json, {
      status_code: 422,
      detail: [{ loc: ['body', 'prompt'], msg: 'field required', type: 'value_error.missing' }],
    });
    const notJson = await call(`${server.url}image/generate`, { method: 'POST', body: '{"model":"flux","prompt":"x"}' });
    assert.equal(notJson.status, 422, 'a body without a JSON content type is not read');
    assert.deepEqual((await generate({ model: 'midjourney', prompt: 'x' })).json, { status_code: 400, detail: 'Model not found' });
    const poli = await generate({ model: 'poli', prompt: 'x', size: '512x512' });
    assert.deepEqual([poli.status, poli.json], [400, { status_code: 400, detail: 'poli can accept only 1024x1024 size' }]);
    assert.equal((await generate({ model: 'poli', prompt: 'x' })).status, 200, 'size defaults to 1024x1024');
    assert.equal((await generate({ model: 'flux', prompt: 'x', size: '768x1024' })).status, 400);
    assert.equal((await call(`${server.url}image/generate`)).status, 405);
  });

  it('plays the error shapes of the document', async () => {
    const cases: [Parameters<PopcordServer['setFault']>[0], number, unknown][] = [
      [{ fault: 'detail-string', detail: 'bad prompt' }, 400, { status_code: 400, detail: 'bad prompt' }],
      [{ fault: 'error-field' }, 500, { error: 'Internal generation error' }],
      [{ fault: 'error-200' }, 200, { error: 'Model is overloaded' }],
      [{ fault: 'detail-200' }, 200, { status_code: 503, detail: 'Service busy' }],
    ];
    for (const [fault, status, json] of cases) {
      server.setFault(fault);
      const res = await generate({ model: 'flux', prompt: 'x' });
      assert.deepEqual([res.status, res.json], [status, json], JSON.stringify(fault));
    }
    server.setFault({ fault: 'detail-list' });
    const list = await generate({ model: 'flux', prompt: 'x' });
    assert.equal(list.status, 422);
    assert.ok(Array.isArray((list.json as { detail: unknown }).detail));
  });

  it('serves broken image URLs and other image formats on demand', async () => {
    server.setFault({ fault: 'image-404' });
    let url = ((await generate({ model: 'flux', prompt: 'x' })).json as { image_url: string }).image_url;
    assert.equal((await call(url)).status, 404);
    server.setFault({ fault: 'not-image' });
    url = ((await generate({ model: 'flux', prompt: 'x' })).json as { image_url: string }).image_url;
    const page = await call(url);
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    server.setFault({ fault: 'format', format: 'webp' });
    url = ((await generate({ model: 'flux', prompt: 'x' })).json as { image_url: string }).image_url;
    assert.ok(url.endsWith('.png'));
    assert.ok((await call(url)).bytes.equals(tinyWebp()));
  });

  it('fails or changes its lists on demand', async () => {
    server.setFault({ fault: 'lists-fail' });
    assert.equal((await call(`${server.url}models`)).status, 500);
    assert.equal((await call(`${server.url}sizes`)).status, 500);
    server.setFault({ fault: 'custom-lists', models: ['flux', 'kandinsky'], sizes: ['640x640'] });
    assert.deepEqual((await call(`${server.url}models`)).json, { success: true, models: ['flux', 'kandinsky'] });
    assert.equal((await generate({ model: 'kandinsky', prompt: 'x', size: '640x640' })).status, 200);
    assert.equal((await generate({ model: 'sdxl-turbo', prompt: 'x', size: '640x640' })).status, 400);
  });

  it('answers slowly, notices a client that gives up, and counts faults with times', async () => {
    server.setFault({ fault: 'slow', ms: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(
      call(`${server.url}image/generate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"model":"flux","prompt":"y"}',
        signal: controller.signal,
      }),
    );
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(server.requests.find((r) => r.body.includes('"y"'))?.clientAborted, true);

    server.setFault({ fault: 'status', status: 429, headers: { 'Retry-After': '3' }, body: { detail: 'Too Many Requests' }, times: 1 });
    const limited = await generate({ model: 'flux', prompt: 'x' });
    assert.deepEqual([limited.status, limited.headers['retry-after'], limited.json], [429, '3', { detail: 'Too Many Requests' }]);
    assert.equal(server.fault, undefined, 'a fault with times: 1 clears itself');
    assert.equal((await generate({ model: 'flux', prompt: 'x' })).status, 200);

    server.setFault({ fault: 'hang-up', times: 1 });
    await assert.rejects(generate({ model: 'flux', prompt: 'x' }));
    server.setFault({ fault: 'slow', ms: 20, phase: 'body' });
    const slowBody = await generate({ model: 'flux', prompt: 'x' });
    assert.equal(slowBody.status, 200);
    assert.ok((slowBody.json as { image_url?: string }).image_url);
  });
});

describe('fixtures: AIThriving', () => {
  let server: AithrivingServer;
  before(async () => {
    server = await startAithriving({ validKeys: ['good-key'] });
  });
  afterEach(() => server.reset());
  after(() => server.close());

  const path = 'api/generate/basic/textToImage';
  const body = { prompt: 'A lighthouse on a cliff', cfg_scale: 7, height: 1024, width: 1024, steps: 20 };
  const generate = (b: unknown, headers: Record<string, string> = { Authorization: 'good-key' }): Promise<Answer> =>
    postJson(`${server.url}${path}`, b, headers);

  it('refuses a missing or unknown key with 401, and accepts it in Authorization or Authentication', async () => {
    const missing = await generate(body, {});
    assert.deepEqual([missing.status, missing.json], [401, { code: -1, message: 'Missing Authentication header', data: null }]);
    const wrong = await generate(body, { Authorization: 'nope' });
    assert.deepEqual([wrong.status, wrong.json], [401, { code: -1, message: 'Invalid API key', data: null }]);
    assert.equal(((await generate(body, { Authentication: 'good-key' })).json as { code: number }).code, 0);
    assert.equal(server.requests.at(-1)?.headers['authentication'], 'good-key');
  });

  it('answers a base64 PNG and the seed in the {code, message, data} envelope', async () => {
    const res = await generate({ ...body, seed: 1234 });
    const json = res.json as { code: number; message: string; data: { image: string; seed: number } };
    assert.deepEqual([res.status, json.code, json.message, json.data.seed], [200, 0, 'success', 1234]);
    const info = checkPng(Buffer.from(json.data.image, 'base64'));
    assert.deepEqual([info.width, info.height], [64, 64]);
    const random = ((await generate({ ...body, seed: 0 })).json as { data: { seed: number } }).data.seed;
    assert.ok(Number.isInteger(random) && random > 0);
    assert.deepEqual(server.requests[0]?.json, { ...body, seed: 1234 });
  });

  it('reports invalid parameters as code -1 with HTTP 200, naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...body, prompt: '' }, 'prompt'],
      [{ ...body, width: 1000 }, 'width'],
      [{ ...body, height: 256 }, 'height'],
      [{ ...body, cfg_scale: 36 }, 'cfg_scale'],
      [{ ...body, steps: 60 }, 'steps'],
      [{ ...body, sampler: 'auto' }, 'sampler'],
      [{ ...body, clip_guidance_preset: 'FAST' }, 'clip_guidance_preset'],
      [{ ...body, style_preset: 'none' }, 'style_preset'],
    ];
    for (const [b, field] of cases) {
      const res = await generate(b);
      const json = res.json as { code: number; message: string; data: unknown };
      assert.equal(res.status, 200);
      assert.equal(json.code, -1);
      assert.equal(json.data, null);
      assert.ok(json.message.startsWith(field), `${json.message} names ${field}`);
    }
    assert.equal(((await generate({ ...body, sampler: 'K_EULER', style_preset: 'anime' })).json as { code: number }).code, 0);
  });

  it('plays failures and odd image shapes on demand', async () => {
    server.setFault({ fault: 'code-minus-one' });
    assert.deepEqual((await generate(body)).json, { code: -1, message: 'Insufficient credits', data: null });
    server.setFault({ fault: 'code-minus-one-400', message: 'Prompt rejected' });
    const refused = await generate(body);
    assert.deepEqual([refused.status, refused.json], [400, { code: -1, message: 'Prompt rejected', data: null }]);

    const image = async (): Promise<string> => ((await generate(body)).json as { data: { image: string } }).data.image;
    server.setFault({ fault: 'bad-base64' });
    assert.doesNotMatch(await image(), /^[A-Za-z0-9+/]*={0,2}$/);
    server.setFault({ fault: 'not-image-base64' });
    const text = Buffer.from(await image(), 'base64');
    assert.ok(!text.subarray(0, 8).equals(PNG_SIGNATURE));
    server.setFault({ fault: 'data-url' });
    const dataUrl = await image();
    assert.ok(dataUrl.startsWith('data:image/png;base64,'));
    checkPng(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
    server.setFault({ fault: 'format', format: 'jpeg' });
    assert.ok(Buffer.from(await image(), 'base64').equals(tinyJpeg()));
  });
});

describe('fixtures: ImagePipeline', () => {
  let server: ImagepipelineServer;
  before(async () => {
    server = await startImagepipeline({ validKeys: ['ip-key'] });
  });
  afterEach(() => server.reset());
  after(() => server.close());

  const body = {
    model_id: 'd961a274-658c-4889-8c1a-bf85416cb1c1',
    prompt: 'woman wearing traditional Russian clothes',
    negative_prompt: 'cropped',
    num_inference_steps: 30,
    refiner: true,
    samples: 1,
    guidance_scale: 7.5,
    width: 768,
    height: 768,
    safety_checker: true,
    scheduler: 'UniPCMultistepScheduler',
    seed: 12345,
  };
  const generate = (b: unknown, key: string | null = 'ip-key'): Promise<Answer> =>
    postJson(`${server.url}sdxl/text2image/v1`, b, key === null ? {} : { 'API-Key': key });
  const poll = (id: string, key = 'ip-key'): Promise<Answer> =>
    call(`${server.url}sdxl/text2image/v1/status/${id}`, { headers: { 'API-Key': key } });

  it('refuses a missing or wrong API-Key', async () => {
    for (const key of [null, 'other']) {
      const res = await generate(body, key);
      assert.deepEqual([res.status, res.json], [401, { status: 'FAILURE', error: 'Invalid API key' }]);
    }
  });

  it('answers SUCCESS with one download URL per sample', async () => {
    const res = await generate({ ...body, samples: 2 });
    const json = res.json as { status: string; id: string; download_urls: string[] };
    assert.equal(json.status, 'SUCCESS');
    assert.match(json.id, /^[0-9a-f-]{36}$/);
    assert.equal(json.download_urls.length, 2);
    for (const url of json.download_urls) {
      const info = checkPng((await call(url)).bytes);
      assert.deepEqual([info.width, info.height], [48, 48]);
    }
    assert.equal(server.requests[0]?.headers['api-key'], 'ip-key');
  });

  it('rejects out-of-range parameters with 400, naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...body, prompt: undefined }, 'prompt'],
      [{ ...body, num_inference_steps: 0 }, 'num_inference_steps'],
      [{ ...body, samples: 5 }, 'samples'],
      [{ ...body, guidance_scale: 25 }, 'guidance_scale'],
      [{ ...body, strength: 1.5 }, 'strength'],
    ];
    for (const [b, field] of cases) {
      const res = await generate(b);
      const json = res.json as { status: string; error: string };
      assert.deepEqual([res.status, json.status], [400, 'FAILURE']);
      assert.ok(json.error.startsWith(field), `${json.error} names ${field}`);
    }
    assert.equal((await generate({ ...body, strength: null })).status, 200, 'a null strength is no strength');
  });

  it('goes through PENDING polls to SUCCESS, recording every poll', async () => {
    server.setFault({ fault: 'pending', polls: 3 });
    const first = (await generate(body)).json as { status: string; id: string };
    assert.equal(first.status, 'PENDING');
    assert.equal((await poll(first.id, 'wrong')).status, 401);
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) statuses.push(((await poll(first.id)).json as { status: string }).status);
    assert.deepEqual(statuses, ['PENDING', 'PENDING', 'SUCCESS']);
    const done = (await poll(first.id)).json as { status: string; download_urls: string[] };
    assert.equal(done.download_urls.length, 1, 'a finished job keeps answering SUCCESS');
    checkPng((await call(done.download_urls[0] ?? '')).bytes);
    assert.equal(server.requestsTo('/sdxl/text2image/v1/status').length, 5);
    const missing = await poll('no-such-job');
    assert.deepEqual([missing.status, missing.json], [404, { status: 'FAILURE', error: 'Job not found' }]);
  });

  it('plays failures, endless jobs and broken downloads on demand', async () => {
    server.setFault({ fault: 'pending-then-failure', polls: 2 });
    const { id } = (await generate(body)).json as { id: string };
    assert.equal(((await poll(id)).json as { status: string }).status, 'PENDING');
    assert.deepEqual((await poll(id)).json, { status: 'FAILURE', id, error: 'NSFW content detected' });

    server.setFault({ fault: 'pending-forever' });
    const forever = ((await generate(body)).json as { id: string }).id;
    for (let i = 0; i < 5; i++) assert.equal(((await poll(forever)).json as { status: string }).status, 'PENDING');

    server.setFault({ fault: 'failure' });
    const failed = await generate(body);
    assert.deepEqual([failed.status, failed.json], [200, { status: 'FAILURE', error: 'Model is loading, try again later' }]);

    server.setFault({ fault: 'not-image' });
    const url = ((await generate(body)).json as { download_urls: string[] }).download_urls[0] ?? '';
    assert.match(String((await call(url)).headers['content-type']), /^text\/html/);

    server.setFault({ fault: 'status', status: 503, body: 'Service Unavailable', target: 'status', times: 1 });
    const ok = ((await generate(body)).json as { id: string }).id;
    assert.equal((await poll(ok)).status, 503, 'a fault can aim at the status endpoint');
    assert.equal((await poll(ok)).status, 200);
  });
});

describe('fixtures: control endpoints and launchers', () => {
  it('sets faults, lists requests and resets over HTTP', async () => {
    const server = await startPopcord();
    try {
      const fault = await postJson(`${server.url}__control/fault`, { fault: 'error-200', error: 'Queue full' });
      assert.equal(fault.status, 200);
      const res = await postJson(`${server.url}image/generate`, { model: 'flux', prompt: 'x' });
      assert.deepEqual(res.json, { error: 'Queue full' });

      const listed = (await call(`${server.url}__control/requests`)).json as { path: string; json: unknown }[];
      assert.deepEqual(listed.map((r) => r.path), ['/image/generate'], 'control calls are not recorded');
      assert.deepEqual(listed[0]?.json, { model: 'flux', prompt: 'x' });

      assert.equal((await postJson(`${server.url}__control/fault`, { fault: 'no-such-fault' })).status, 400);
      assert.equal((await postJson(`${server.url}__control/fault`, { fault: 'slow', target: 'nowhere' })).status, 400);
      assert.equal((await postJson(`${server.url}__control/fault`, { fault: null })).status, 200);
      assert.equal(server.fault, undefined);

      await postJson(`${server.url}__control/fault`, { fault: 'lists-fail' });
      assert.equal((await call(`${server.url}__control/reset`, { method: 'POST' })).status, 200);
      assert.equal(server.fault, undefined);
      assert.equal(server.requests.length, 0);
      assert.deepEqual((await call(`${server.url}__control/requests`)).json, []);
      assert.throws(() => server.setFault({ fault: 'status', status: 42 }));
    } finally {
      await server.close();
    }
  });

  it('startAllProviders starts three servers on distinct ports and closes them', async () => {
    const all = await startAllProviders();
    const ports = new Set([all.popcord.port, all.aithriving.port, all.imagepipeline.port]);
    assert.equal(ports.size, 3);
    assert.equal(all.urls.imagepipeline, all.imagepipeline.url);
    // A kept-alive connection must not hold close() up.
    assert.equal((await call(`${all.popcord.url}models`)).status, 200);
    await all.close();
    await assert.rejects(call(`${all.popcord.url}models`));
  });

  it('serve.ts prints the URLs as one JSON line and stops cleanly on SIGTERM', async function () {
    this.timeout(30_000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/serve.ts'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const lines = createInterface({ input: child.stdout });
      const [line] = (await once(lines, 'line')) as [string];
      const urls = JSON.parse(line) as Record<string, string>;
      assert.deepEqual(Object.keys(urls).sort(), [...PROVIDER_IDS].sort(), 'a server for every provider');
      assert.equal((await call(`${urls.popcord}sizes`)).status, 200);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

describe('the shipped ComfyUI example workflow', () => {
  it('is the one the ComfyUI stand-in runs in the tests', () => {
    const shipped: unknown = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'examples', 'comfyui', 'workflow_api.json'), 'utf8'));
    assert.deepEqual(shipped, EXAMPLE_WORKFLOW);
  });
});
