import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseInfotext } from '../../src/core/infotext';
import { readPngText } from '../../src/core/pngText';
import { openai, openaiParamsFromInfotext } from '../../src/providers/openai';
import { startOpenai } from '../fixtures/openai';
import { failure, useStandIn, IMAGE_LIMIT } from './support';

const KEY = 'sk-test-openai-0123456789';

describe('OpenAI', () => {
  const suite = useStandIn(() => startOpenai({ validKeys: [KEY] }), (server) => ({ openai: server.url }));

  async function infotextOf(name: string): Promise<ReturnType<typeof parseInfotext>> {
    const bytes = new Uint8Array(await fs.readFile(path.join(suite.h.folder, name)));
    return parseInfotext((await readPngText(bytes)).get('parameters') ?? '');
  }

  it('sends a GPT image model only its own parameters, with a Bearer key', async () => {
    const saved = await suite.h.run(
      {
        provider: 'openai',
        prompt: 'A lighthouse on a cliff',
        params: { model: 'gpt-image-1', size: '1536x1024', quality: 'high', n: 2, background: 'transparent', outputFormat: 'webp', outputCompression: 80, moderation: 'low' },
      },
      { apiKey: KEY },
    );
    const [request] = suite.server.requests;
    assert.equal(request?.path, '/v1/images/generations');
    assert.equal(request?.headers['authorization'], `Bearer ${KEY}`);
    assert.equal(request?.headers['content-type'], 'application/json');
    assert.deepEqual(request?.json, {
      model: 'gpt-image-1',
      prompt: 'A lighthouse on a cliff',
      n: 2,
      size: '1536x1024',
      quality: 'high',
      background: 'transparent',
      output_format: 'webp',
      output_compression: 80,
      moderation: 'low',
    });
    assert.equal(saved.length, 2, 'n images, each saved');
  });

  it('leaves output_compression out for png, which takes none', async () => {
    await suite.h.run({ provider: 'openai', prompt: 'x' }, { apiKey: KEY });
    assert.deepEqual(suite.server.requests[0]?.json, {
      model: 'gpt-image-1',
      prompt: 'x',
      n: 1,
      size: '1024x1024',
      quality: 'auto',
      background: 'auto',
      output_format: 'png',
      moderation: 'auto',
    });
  });

  it('asks dall-e-3 for base64 and records its revised prompt', async () => {
    const [saved] = await suite.h.run({ provider: 'openai', prompt: 'a red fox', params: { model: 'dall-e-3', size: '1792x1024', quality: 'hd', style: 'natural' } }, { apiKey: KEY });
    assert.deepEqual(suite.server.requests[0]?.json, {
      model: 'dall-e-3',
      prompt: 'a red fox',
      n: 1,
      size: '1792x1024',
      quality: 'hd',
      style: 'natural',
      response_format: 'b64_json',
    });
    assert.ok(saved);
    assert.equal(suite.server.requests.filter((r) => r.path.startsWith('/files/')).length, 0, 'nothing downloaded');
    const info = await infotextOf(saved.name);
    assert.equal(info.prompt, 'a red fox');
    assert.equal(info.fields.get('Revised prompt'), 'A detailed rendering of a red fox, in soft light');
    assert.equal(info.fields.get('Model'), 'dall-e-3');
    assert.equal(info.fields.get('Size'), '1792x1024');
    assert.equal(info.fields.get('Quality'), 'hd');
    assert.equal(info.fields.get('Style'), 'natural');
    assert.equal(info.fields.get('Provider'), 'openai');
  });

  it('downloads the image when a gateway answers with a URL', async () => {
    suite.server.setFault({ fault: 'url-answer' });
    const [saved] = await suite.h.run({ provider: 'openai', prompt: 'linked' }, { apiKey: KEY });
    assert.match(saved?.name ?? '', /\.png$/);
    assert.equal(suite.server.requests.filter((r) => r.path.startsWith('/files/')).length, 1);
  });

  it('saves a jpeg answer as .jpg with a sidecar', async () => {
    suite.server.setFault({ fault: 'format', format: 'jpeg' });
    const [saved] = await suite.h.run({ provider: 'openai', prompt: 'jpeg', params: { outputFormat: 'jpeg', outputCompression: 60 } }, { apiKey: KEY });
    assert.match(saved?.name ?? '', /\.jpg$/);
    assert.deepEqual(await suite.h.files(), [saved?.name, saved?.name.replace(/\.jpg$/, '.txt')].sort());
    assert.match(saved?.infotext ?? '', /Output format: jpeg, Output compression: 60/);
  });

  it('reads its infotext back into the same parameters', async () => {
    const params = { model: 'gpt-image-1.5', size: '1024x1536', quality: 'low', n: 3, background: 'opaque', outputFormat: 'webp', outputCompression: 50, moderation: 'low', style: 'none' } as const;
    const [saved] = await suite.h.run({ provider: 'openai', prompt: 'round trip', params }, { apiKey: KEY });
    assert.ok(saved);
    const info = parseInfotext(saved.infotext);
    assert.deepEqual(openaiParamsFromInfotext(info.fields), params);
    assert.deepEqual(openai.params.parse(openaiParamsFromInfotext(info.fields)), params);
  });

  describe('refuses combinations the model does not take, before sending', () => {
    const cases: [string, Record<string, unknown>, RegExp, string][] = [
      ['dall-e-3 with n = 2', { model: 'dall-e-3', n: 2 }, /dall-e-3 makes one image per request; set Images to 1 \(got 2\)/, 'n'],
      ['dall-e-3 with a GPT size', { model: 'dall-e-3', size: '1536x1024' }, /dall-e-3 makes the sizes 1024x1024, 1792x1024, 1024x1792; got 1536x1024/, 'size'],
      ['dall-e-3 with auto size', { model: 'dall-e-3', size: 'auto' }, /dall-e-3 makes the sizes/, 'size'],
      ['a GPT model with a dall-e-3 size', { size: '1792x1024' }, /gpt-image-1 makes the sizes auto, 1024x1024, 1536x1024, 1024x1536; got 1792x1024/, 'size'],
      ['a GPT model with hd', { quality: 'hd' }, /gpt-image-1 takes the qualities auto, low, medium, high; got hd/, 'quality'],
      ['dall-e-3 with low quality', { model: 'dall-e-3', quality: 'low' }, /dall-e-3 takes the qualities standard and hd; got low/, 'quality'],
      ['style on a GPT model', { style: 'vivid' }, /Style is for dall-e-3 only/, 'style'],
      ['transparent jpeg', { background: 'transparent', outputFormat: 'jpeg' }, /a transparent background needs the png or webp format/, 'outputFormat'],
      ['compression on png', { outputCompression: 50 }, /Compression applies to jpeg and webp only/, 'outputCompression'],
      ['background on dall-e-3', { model: 'dall-e-3', background: 'transparent' }, /Background is for the GPT image models only/, 'background'],
      ['output format on dall-e-3', { model: 'dall-e-3', outputFormat: 'webp' }, /dall-e-3 always sends PNG/, 'outputFormat'],
      ['moderation on dall-e-3', { model: 'dall-e-3', moderation: 'low' }, /Moderation is for the GPT image models only/, 'moderation'],
      ['n over 10', { n: 11 }, /Images \(n\) must be at most 10; got 11/, 'n'],
      ['an unknown model', { model: 'dall-e-1' }, /Model \(model\) must be one of gpt-image-1, gpt-image-1\.5, gpt-image-1-mini, dall-e-3, dall-e-2/, 'model'],
      ['dall-e-2 with a dall-e-3 size', { model: 'dall-e-2', size: '1792x1024' }, /dall-e-2 makes the sizes 256x256, 512x512, 1024x1024; got 1792x1024/, 'size'],
      ['dall-e-2 with hd', { model: 'dall-e-2', quality: 'hd' }, /dall-e-2 takes the qualities standard; got hd/, 'quality'],
      ['style on dall-e-2', { model: 'dall-e-2', style: 'vivid' }, /Style is for dall-e-3 only; set it to none for dall-e-2/, 'style'],
    ];
    for (const [name, params, message, parameter] of cases) {
      it(name, async () => {
        const error = await failure(suite.h.run({ provider: 'openai', prompt: 'x', params }, { apiKey: KEY }));
        assert.equal(error.kind, 'invalid-input');
        assert.match(error.message, message);
        assert.equal(error.parameter, parameter);
        assert.equal(suite.server.requests.length, 0);
      });
    }
  });

  it('offers every image model of the official SDK: dall-e-2 with its own sizes and base64', async () => {
    const saved = await suite.h.run({ provider: 'openai', prompt: 'a small fox', params: { model: 'dall-e-2', size: '512x512', n: 2 } }, { apiKey: KEY });
    assert.equal(saved.length, 2);
    assert.deepEqual(suite.server.requests[0]?.json, { model: 'dall-e-2', prompt: 'a small fox', n: 2, size: '512x512', response_format: 'b64_json' });
    const long = await failure(suite.h.run({ provider: 'openai', prompt: 'x'.repeat(1_001), params: { model: 'dall-e-2' } }, { apiKey: KEY }));
    assert.match(long.message, /dall-e-2 reads at most 1000 characters of prompt; this one has 1001/);
  });

  it('records the size the model chose for auto, and saves the format it was asked for', async () => {
    const [auto] = await suite.h.run({ provider: 'openai', prompt: 'auto', params: { size: 'auto' } }, { apiKey: KEY });
    assert.equal(parseInfotext(auto?.infotext ?? '').fields.get('Size'), '1024x1024');
    const [webp] = await suite.h.run({ provider: 'openai', prompt: 'webp', params: { outputFormat: 'webp', outputCompression: 80 } }, { apiKey: KEY });
    assert.match(webp?.name ?? '', /\.webp$/);
  });

  it('says so clearly when the answer has no data', async () => {
    suite.server.setFault({ fault: 'no-data', times: 1 });
    const error = await failure(suite.h.run({ provider: 'openai', prompt: 'x' }, { apiKey: KEY }));
    assert.equal(error.kind, 'provider');
    assert.match(error.message, /OpenAI's answer held no images \(its "data" was missing\)/);
  });

  it('refuses a prompt longer than dall-e-3 reads', async () => {
    const error = await failure(suite.h.run({ provider: 'openai', prompt: 'x'.repeat(4_001), params: { model: 'dall-e-3' } }, { apiKey: KEY }));
    assert.equal(error.parameter, 'prompt');
    assert.match(error.message, /dall-e-3 reads at most 4000 characters of prompt; this one has 4001/);
    assert.equal(suite.server.requests.length, 0);
  });

  it('takes no negative prompt and needs a key', async () => {
    const negative = await failure(suite.h.run({ provider: 'openai', prompt: 'x', negativePrompt: 'blurry' }, { apiKey: KEY }));
    assert.match(negative.message, /OpenAI takes no negative prompt/);
    const missing = await failure(suite.h.run({ provider: 'openai', prompt: 'x' }));
    assert.equal(missing.kind, 'missing-key');
    assert.equal(suite.server.requests.length, 0);
  });

  it('reports a rejected key without repeating it', async () => {
    const error = await failure(suite.h.run({ provider: 'openai', prompt: 'x' }, { apiKey: 'sk-wrong-key-9876' }));
    assert.equal(error.kind, 'rejected-key');
    assert.match(error.message, /OpenAI rejected the API key \(HTTP 401: Incorrect API key provided: sk-\*\*\*9876/);
    assert.doesNotMatch(error.message, /sk-wrong-key-9876/);
  });

  it('reads the error message out of {error: {message, type, code}}', async () => {
    suite.server.setFault({ fault: 'content-policy' });
    const policy = await failure(suite.h.run({ provider: 'openai', prompt: 'x', params: { model: 'dall-e-3' } }, { apiKey: KEY }));
    assert.equal(policy.kind, 'invalid-input');
    assert.equal(policy.parameter, 'prompt');
    assert.match(policy.message, /OpenAI refused the prompt under its content policy: Your request was rejected as a result of our safety system\. Reword the prompt\./);
    // The GPT image models refuse with moderation_blocked.
    const blocked = await failure(suite.h.run({ provider: 'openai', prompt: 'x' }, { apiKey: KEY }));
    assert.equal(blocked.kind, 'invalid-input');
    assert.equal(blocked.parameter, 'prompt');
    assert.match(blocked.message, /OpenAI refused the prompt under its content policy: Your request was rejected by the safety system\./);

    suite.server.setFault({ fault: 'insufficient-quota' });
    const quota = await failure(suite.h.run({ provider: 'openai', prompt: 'x' }, { apiKey: KEY }));
    assert.equal(quota.kind, 'provider');
    assert.match(quota.message, /no credit left \(HTTP 429: You exceeded your current quota/);

    suite.server.setFault({ fault: 'status', status: 429, body: { error: { message: 'Rate limit reached for images per minute', type: 'requests', param: null, code: 'rate_limit_exceeded' } }, headers: { 'retry-after': '20' } });
    const limited = await failure(suite.h.run({ provider: 'openai', prompt: 'x' }, { apiKey: KEY }));
    assert.equal(limited.kind, 'rate-limited');
    assert.equal(limited.retryAfterSeconds, 20);
    assert.match(limited.message, /OpenAI is limiting requests \(HTTP 429: Rate limit reached for images per minute\)\. Wait 20 s/);
    assert.deepEqual(await suite.h.files(), []);
  });

  it('refuses broken base64, base64 of text and an answer without images', async () => {
    suite.server.setFault({ fault: 'bad-base64' });
    assert.equal((await failure(suite.h.run({ provider: 'openai', prompt: 'x' }, { apiKey: KEY }))).kind, 'not-an-image');
    suite.server.setFault({ fault: 'not-image-base64' });
    const text = await failure(suite.h.run({ provider: 'openai', prompt: 'x' }, { apiKey: KEY }));
    assert.match(text.message, /OpenAI sent plain text instead of an image/);
    suite.server.setFault({ fault: 'status', status: 200, body: { created: 1, data: [] } });
    const none = await failure(suite.h.run({ provider: 'openai', prompt: 'x' }, { apiKey: KEY }));
    assert.match(none.message, /OpenAI reported success but sent no image/);
    assert.deepEqual(await suite.h.files(), []);
  });

  it('refuses base64 over the image limit before decoding it', async () => {
    suite.server.setFault({ fault: 'large-image', bytes: IMAGE_LIMIT + 512 * 1024 });
    const error = await failure(suite.h.run({ provider: 'openai', prompt: 'x' }, { apiKey: KEY }));
    assert.match(error.message, /OpenAI sent an image larger than 8 MB/);
  });
});
