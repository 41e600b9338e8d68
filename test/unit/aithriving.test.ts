import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseInfotext } from '../../src/core/infotext';
import { readPngText } from '../../src/core/pngText';
import { decodeBase64Image } from '../../src/core/base64';
import { startAithriving } from '../fixtures/aithriving';
import { failure, useStandIn, IMAGE_LIMIT } from './support';

const KEY = 'ait-test-key-0123456789';

describe('AIThriving', () => {
  const suite = useStandIn(() => startAithriving({ validKeys: [KEY] }), (server) => ({ popcord: '', aithriving: server.url, imagepipeline: '' }));

  it('sends every parameter with the documented names and the key in both headers', async () => {
    await suite.h.run(
      {
        provider: 'aithriving',
        prompt: 'A lighthouse on a cliff',
        params: { width: 512, height: 768, cfgScale: 9, steps: 20, seed: 42, sampler: 'K_EULER', clipGuidancePreset: 'FAST_BLUE', stylePreset: 'anime' },
      },
      { apiKey: KEY },
    );
    const [request] = suite.server.requests;
    assert.equal(request?.path, '/api/generate/basic/textToImage');
    assert.equal(request?.headers['authorization'], KEY);
    assert.equal(request?.headers['authentication'], KEY);
    assert.deepEqual(request?.json, {
      prompt: 'A lighthouse on a cliff',
      width: 512,
      height: 768,
      cfg_scale: 9,
      steps: 20,
      seed: 42,
      sampler: 'K_EULER',
      clip_guidance_preset: 'FAST_BLUE',
      style_preset: 'anime',
    });
  });

  it('leaves out the sampler and presets the provider chooses itself', async () => {
    await suite.h.run({ provider: 'aithriving', prompt: 'x' }, { apiKey: KEY });
    assert.deepEqual(suite.server.requests[0]?.json, { prompt: 'x', width: 1024, height: 1024, cfg_scale: 7, steps: 30, seed: 0 });
  });

  it('decodes data.image and records data.seed in the infotext', async () => {
    const [saved] = await suite.h.run({ provider: 'aithriving', prompt: 'seeded', params: { seed: 0, sampler: 'DDIM' } }, { apiKey: KEY });
    assert.ok(saved?.seed !== undefined && saved.seed > 0, 'the provider picked a seed');
    const bytes = new Uint8Array(await fs.readFile(path.join(suite.h.folder, saved.name)));
    const info = parseInfotext((await readPngText(bytes)).get('parameters') ?? '');
    assert.equal(info.fields.get('Seed'), String(saved.seed));
    assert.equal(info.fields.get('Steps'), '30');
    assert.equal(info.fields.get('Sampler'), 'DDIM');
    assert.equal(info.fields.get('CFG scale'), '7');
    assert.equal(info.fields.get('Size'), '1024x1024');
    assert.equal(info.fields.get('Provider'), 'aithriving');
  });

  it('needs a key before sending anything', async () => {
    const error = await failure(suite.h.run({ provider: 'aithriving', prompt: 'x' }));
    assert.equal(error.kind, 'missing-key');
    assert.match(error.message, /AIThriving needs an API key\. Run "Imagesmith: Set API Key…"/);
    assert.equal(suite.server.requests.length, 0);
  });

  it('reports a rejected key without repeating it', async () => {
    const error = await failure(suite.h.run({ provider: 'aithriving', prompt: 'x' }, { apiKey: 'wrong-key-9876' }));
    assert.equal(error.kind, 'rejected-key');
    assert.match(error.message, /AIThriving rejected the API key \(HTTP 401: Invalid API key\)/);
    assert.doesNotMatch(error.message, /wrong-key-9876/);
  });

  it('treats code -1 as a failure with HTTP 200 and with HTTP 400', async () => {
    suite.server.setFault({ fault: 'code-minus-one', message: 'Insufficient credits' });
    const ok200 = await failure(suite.h.run({ provider: 'aithriving', prompt: 'x' }, { apiKey: KEY }));
    assert.equal(ok200.kind, 'provider');
    assert.match(ok200.message, /AIThriving did not make an image: Insufficient credits\./);
    suite.server.setFault({ fault: 'code-minus-one-400', message: 'prompt is required' });
    const bad = await failure(suite.h.run({ provider: 'aithriving', prompt: 'x' }, { apiKey: KEY }));
    assert.equal(bad.kind, 'invalid-input');
    assert.match(bad.message, /HTTP 400: prompt is required/);
    assert.deepEqual(await suite.h.files(), []);
  });

  it('takes only key wordings for a rejected key, not a prompt over the token limit', async () => {
    const long = await failure(suite.h.run({ provider: 'aithriving', prompt: 'a fox, '.repeat(300) }, { apiKey: KEY }));
    assert.equal(long.kind, 'provider');
    assert.match(long.message, /AIThriving did not make an image: prompt exceeds the token limit\./);
    assert.doesNotMatch(long.message, /Set API Key/);
    suite.server.setFault({ fault: 'expired-key', times: 1 });
    const expired = await failure(suite.h.run({ provider: 'aithriving', prompt: 'x' }, { apiKey: KEY }));
    assert.equal(expired.kind, 'rejected-key');
    assert.match(expired.message, /AIThriving rejected the API key: API key has expired\. Run "Imagesmith: Set API Key…"/);
  });

  it('refuses broken base64 and base64 that is not an image', async () => {
    suite.server.setFault({ fault: 'bad-base64' });
    const broken = await failure(suite.h.run({ provider: 'aithriving', prompt: 'x' }, { apiKey: KEY }));
    assert.equal(broken.kind, 'not-an-image');
    suite.server.setFault({ fault: 'not-image-base64' });
    const text = await failure(suite.h.run({ provider: 'aithriving', prompt: 'x' }, { apiKey: KEY }));
    assert.equal(text.kind, 'not-an-image');
    assert.match(text.message, /AIThriving sent .*text.* instead of an image/);
    assert.deepEqual(await suite.h.files(), []);
  });

  it('accepts the image as a data URL', async () => {
    suite.server.setFault({ fault: 'data-url' });
    const [saved] = await suite.h.run({ provider: 'aithriving', prompt: 'data url' }, { apiKey: KEY });
    assert.match(saved?.name ?? '', /\.png$/);
  });

  it('refuses invalid parameters before sending', async () => {
    const error = await failure(suite.h.run({ provider: 'aithriving', prompt: 'x', params: { steps: 60 } }, { apiKey: KEY }));
    assert.equal(error.kind, 'invalid-input');
    assert.match(error.message, /Steps \(steps\) must be at most 50; got 60/);
    const negative = await failure(suite.h.run({ provider: 'aithriving', prompt: 'x', negativePrompt: 'blurry' }, { apiKey: KEY }));
    assert.match(negative.message, /AIThriving takes no negative prompt/);
    assert.equal(suite.server.requests.length, 0);
  });

  it('refuses base64 over the image limit before decoding it', async () => {
    suite.server.setFault({ fault: 'large-image', bytes: IMAGE_LIMIT + 512 * 1024 });
    const error = await failure(suite.h.run({ provider: 'aithriving', prompt: 'x' }, { apiKey: KEY }));
    assert.match(error.message, /AIThriving sent an image larger than 8 MB/);
    assert.deepEqual(await suite.h.files(), []);
  });

  it('decodes base64 strictly', () => {
    assert.deepEqual(decodeBase64Image('aGVsbG8='), new Uint8Array(Buffer.from('hello')));
    assert.deepEqual(decodeBase64Image('aGVs\nbG8='), new Uint8Array(Buffer.from('hello')));
    assert.deepEqual(decodeBase64Image('data:image/png;base64,aGVsbG8='), new Uint8Array(Buffer.from('hello')));
    assert.equal(decodeBase64Image('base64 encoded image data'), undefined);
    assert.equal(decodeBase64Image(''), undefined);
    assert.equal(decodeBase64Image('a'), undefined);
  });
});
