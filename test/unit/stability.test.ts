import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseInfotext } from '../../src/core/infotext';
import { readPngText } from '../../src/core/pngText';
import { stability, stabilityParamsFromInfotext } from '../../src/providers/stability';
import type { RecordedRequest } from '../fixtures/server';
import { startStability } from '../fixtures/stability';
import { failure, useStandIn, IMAGE_LIMIT } from './support';

const KEY = 'sk-test-stability-0123456789';

/** The multipart fields the server received, as the server's own parser reads them. */
async function formOf(request: RecordedRequest | undefined): Promise<Record<string, string>> {
  assert.ok(request, 'a request was sent');
  const form = await new Response(request.body, { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData();
  const fields: Record<string, string> = {};
  form.forEach((value, key) => {
    fields[key] = typeof value === 'string' ? value : `(file ${value.name})`;
  });
  return fields;
}

describe('Stability AI', () => {
  const suite = useStandIn(() => startStability({ validKeys: [KEY] }), (server) => ({ stability: server.url }));

  it('posts a multipart form to the core endpoint with a Bearer key and Accept: image/*', async () => {
    await suite.h.run(
      { provider: 'stability', prompt: 'A lighthouse on a cliff', negativePrompt: 'fog', params: { aspectRatio: '16:9', seed: 42, stylePreset: 'anime', outputFormat: 'webp' } },
      { apiKey: KEY },
    );
    const [request] = suite.server.requests;
    assert.equal(request?.path, '/v2beta/stable-image/generate/core');
    assert.equal(request?.headers['authorization'], `Bearer ${KEY}`);
    assert.equal(request?.headers['accept'], 'image/*');
    assert.match(request?.headers['content-type'] ?? '', /^multipart\/form-data; boundary=/);
    assert.deepEqual(await formOf(request), {
      prompt: 'A lighthouse on a cliff',
      negative_prompt: 'fog',
      aspect_ratio: '16:9',
      seed: '42',
      output_format: 'webp',
      style_preset: 'anime',
    });
  });

  it('sends sd3 its model and CFG scale, and nothing the service does not take', async () => {
    await suite.h.run({ provider: 'stability', prompt: 'x', params: { service: 'sd3', model: 'sd3.5-medium', cfgScale: 4.5, outputFormat: 'jpeg' } }, { apiKey: KEY });
    assert.equal(suite.server.requests[0]?.path, '/v2beta/stable-image/generate/sd3');
    assert.deepEqual(await formOf(suite.server.requests[0]), { prompt: 'x', aspect_ratio: '1:1', output_format: 'jpeg', model: 'sd3.5-medium', cfg_scale: '4.5' });
    await suite.h.run({ provider: 'stability', prompt: 'y', params: { service: 'ultra' } }, { apiKey: KEY });
    assert.equal(suite.server.requests[1]?.path, '/v2beta/stable-image/generate/ultra');
    assert.deepEqual(await formOf(suite.server.requests[1]), { prompt: 'y', aspect_ratio: '1:1', output_format: 'png' });
  });

  it('records the seed from the seed header in the infotext', async () => {
    const [saved] = await suite.h.run({ provider: 'stability', prompt: 'seeded', negativePrompt: 'blurry', params: { aspectRatio: '3:2' } }, { apiKey: KEY });
    assert.ok(saved?.seed !== undefined && saved.seed > 0, 'the server picked a seed');
    const bytes = new Uint8Array(await fs.readFile(path.join(suite.h.folder, saved.name)));
    const info = parseInfotext((await readPngText(bytes)).get('parameters') ?? '');
    assert.equal(info.prompt, 'seeded');
    assert.equal(info.negativePrompt, 'blurry');
    assert.equal(info.fields.get('Seed'), String(saved.seed));
    assert.equal(info.fields.get('Aspect ratio'), '3:2');
    assert.equal(info.fields.get('Model'), 'stable-image-core');
    assert.equal(info.fields.get('Provider'), 'stability');
  });

  it('saves jpeg and webp answers under their own extension', async () => {
    const [jpeg] = await suite.h.run({ provider: 'stability', prompt: 'jpeg', params: { outputFormat: 'jpeg' } }, { apiKey: KEY });
    assert.match(jpeg?.name ?? '', /\.jpg$/);
    const [webp] = await suite.h.run({ provider: 'stability', prompt: 'webp', params: { outputFormat: 'webp' } }, { apiKey: KEY });
    assert.match(webp?.name ?? '', /\.webp$/);
  });

  it('reads its infotext back into the same parameters', async () => {
    for (const params of [
      { service: 'sd3', model: 'sd3.5-large-turbo', aspectRatio: '9:16', seed: 7, outputFormat: 'jpeg', stylePreset: 'none', cfgScale: 1.5 },
      { service: 'core', model: 'sd3.5-large', aspectRatio: '21:9', seed: 9, outputFormat: 'png', stylePreset: 'pixel-art', cfgScale: null },
      { service: 'ultra', model: 'sd3.5-large', aspectRatio: '4:5', seed: 11, outputFormat: 'webp', stylePreset: 'none', cfgScale: null },
    ] as const) {
      const [saved] = await suite.h.run({ provider: 'stability', prompt: 'round trip', params }, { apiKey: KEY });
      assert.ok(saved);
      const recalled = stability.params.parse(stabilityParamsFromInfotext(parseInfotext(saved.infotext).fields));
      assert.deepEqual(recalled, params);
    }
  });

  it('accepts the JSON form of the answer, as some gateways send it', async () => {
    suite.server.setFault({ fault: 'json-answer' });
    const [saved] = await suite.h.run({ provider: 'stability', prompt: 'json', params: { seed: 1234 } }, { apiKey: KEY });
    assert.match(saved?.name ?? '', /\.png$/);
    assert.equal(saved?.seed, 1234);
  });

  describe('refuses combinations the service does not take, before sending', () => {
    const cases: [string, Record<string, unknown>, string | undefined, RegExp, string][] = [
      ['a style preset on ultra', { service: 'ultra', stylePreset: 'anime' }, undefined, /Style preset is for the core service only; set it to none for ultra/, 'stylePreset'],
      ['a CFG scale on core', { cfgScale: 5 }, undefined, /CFG scale is for the sd3 service only/, 'cfgScale'],
      ['webp from sd3', { service: 'sd3', outputFormat: 'webp' }, undefined, /the sd3 service makes png or jpeg, not webp/, 'outputFormat'],
      ['a negative prompt for the turbo model', { service: 'sd3', model: 'sd3.5-large-turbo' }, 'blurry', /sd3\.5-large-turbo takes no negative prompt/, 'negativePrompt'],
      ['a CFG scale over 10', { service: 'sd3', cfgScale: 11 }, undefined, /CFG scale \(cfgScale\) must be at most 10; got 11/, 'cfgScale'],
      ['an unknown aspect ratio', { aspectRatio: '4:3' }, undefined, /Aspect ratio \(aspectRatio\) must be one of 1:1, 16:9/, 'aspectRatio'],
      ['a seed over the limit', { seed: 4_294_967_295 }, undefined, /Seed \(seed\) must be at most 4294967294/, 'seed'],
    ];
    for (const [name, params, negativePrompt, message, parameter] of cases) {
      it(name, async () => {
        const error = await failure(suite.h.run({ provider: 'stability', prompt: 'x', params, ...(negativePrompt ? { negativePrompt } : {}) }, { apiKey: KEY }));
        assert.equal(error.kind, 'invalid-input');
        assert.match(error.message, message);
        assert.equal(error.parameter, parameter);
        assert.equal(suite.server.requests.length, 0);
      });
    }
  });

  it('needs a key, and reports a rejected one without repeating it', async () => {
    assert.equal((await failure(suite.h.run({ provider: 'stability', prompt: 'x' }))).kind, 'missing-key');
    const error = await failure(suite.h.run({ provider: 'stability', prompt: 'x' }, { apiKey: 'sk-wrong-9876' }));
    assert.equal(error.kind, 'rejected-key');
    assert.match(error.message, /Stability AI rejected the API key \(HTTP 401: authorization: invalid API key\)/);
    assert.doesNotMatch(error.message, /sk-wrong-9876/);
  });

  it('saves a content-filtered (charged) result, says the filter blurred it, and records that in the infotext', async () => {
    for (const json of [false, true]) {
      suite.server.setFault({ fault: 'content-filtered', json, times: 1 });
      const before = suite.h.warnings.length;
      const [saved] = await suite.h.run({ provider: 'stability', prompt: 'x' }, { apiKey: KEY });
      assert.ok(saved);
      assert.match(suite.h.warnings.slice(before).join('\n'), /Stability AI's content filter blurred the image \(finish reason CONTENT_FILTERED\)\. It is saved as sent/);
      assert.equal(parseInfotext(saved.infotext).fields.get('Finish reason'), 'CONTENT_FILTERED');
      assert.ok(saved.seed !== undefined, 'the seed is recorded too');
    }
    assert.equal((await suite.h.files()).filter((f) => f.endsWith('.png')).length, 2);
  });

  it('reads {name, errors[]} for 400, 403, 413, 422, 429 and 500', async () => {
    const expect = async (status: number, name: string, errors: string[], kind: string, message: RegExp, headers: Record<string, string> = {}) => {
      suite.server.setFault({ fault: 'status', status, body: { id: 'e1', name, errors }, headers });
      const error = await failure(suite.h.run({ provider: 'stability', prompt: 'x' }, { apiKey: KEY }));
      assert.equal(error.kind, kind, error.message);
      assert.match(error.message, message);
    };
    await expect(400, 'bad_request', ['prompt: is required', 'aspect_ratio: is invalid'], 'invalid-input', /refused the request \(HTTP 400: prompt: is required; aspect_ratio: is invalid\)/);
    await expect(403, 'content_moderation', ['Your request was flagged'], 'invalid-input', /content moderation refused the request \(HTTP 403: Your request was flagged\)\. Reword the prompt\./);
    await expect(413, 'payload_too_large', ['body: payloads cannot be larger than 10MiB in size'], 'invalid-input', /the request is too large \(HTTP 413: body: payloads cannot be larger than 10MiB in size\)/);
    await expect(422, 'invalid_language', ['English is the only supported language for this service.'], 'invalid-input', /HTTP 422: English is the only supported language/);
    await expect(429, 'rate_limit_exceeded', ['You have exceeded the rate limit of 150 requests within a 10 second period'], 'rate-limited', /limiting requests \(HTTP 429: .*\)\. Wait 60 s/, { 'retry-after': '60' });
    await expect(500, 'internal_error', ['An unexpected server error has occurred, please try again later.'], 'provider', /server error \(HTTP 500: An unexpected server error/);
    assert.deepEqual(await suite.h.files(), []);
  });

  it('refuses an HTML page, an empty answer and an image over the limit', async () => {
    suite.server.setFault({ fault: 'not-image' });
    const html = await failure(suite.h.run({ provider: 'stability', prompt: 'x' }, { apiKey: KEY }));
    assert.equal(html.kind, 'not-an-image');
    assert.match(html.message, /Stability AI sent an HTML page instead of an image/);
    suite.server.setFault({ fault: 'status', status: 200, body: '' });
    assert.match((await failure(suite.h.run({ provider: 'stability', prompt: 'x' }, { apiKey: KEY }))).message, /answered with an empty response/);
    suite.server.setFault({ fault: 'large-image', bytes: IMAGE_LIMIT + 256 * 1024 });
    assert.match((await failure(suite.h.run({ provider: 'stability', prompt: 'x' }, { apiKey: KEY }))).message, /Stability AI sent an image larger than 8 MB/);
    assert.deepEqual(await suite.h.files(), []);
  });

  it('never repeats the generation request', async () => {
    suite.server.setFault({ fault: 'status', status: 503, body: { name: 'service_unavailable', errors: ['busy'] } });
    await failure(suite.h.run({ provider: 'stability', prompt: 'x' }, { apiKey: KEY }));
    assert.equal(suite.server.requests.length, 1);
  });
});
