import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseInfotext } from '../../src/core/infotext';
import { readPngText } from '../../src/core/pngText';
import { DOCUMENTED_MODELS } from '../../src/providers/popcord';
import { startAllProviders } from '../fixtures/all';
import type { Dispatcher } from 'undici';
import { HttpStack, jsonLimitFor } from '../../src/core/http';
import { failure, harness, useStandIn, IMAGE_LIMIT } from './support';

describe('PopCord', () => {
  const suite = useStandIn(() => startAllProviders(), (server) => server.urls);

  it('posts model, prompt and size with no key, downloads image_url and saves a PNG with its infotext', async () => {
    const [saved] = await suite.h.run({ provider: 'popcord', prompt: 'A lighthouse, on a cliff', params: { model: 'flux', size: '1024x576' } });
    assert.ok(saved);
    const post = suite.server.popcord.requestsTo('/image/generate')[0];
    assert.deepEqual(post?.json, { model: 'flux', prompt: 'A lighthouse, on a cliff', size: '1024x576' });
    assert.equal(post?.headers['authorization'], undefined);
    assert.match(saved.name, /^\d{8}-\d{6}-a-lighthouse-on-a-cliff\.png$/);
    const bytes = new Uint8Array(await fs.readFile(path.join(suite.h.folder, saved.name)));
    const info = parseInfotext((await readPngText(bytes)).get('parameters') ?? '');
    assert.equal(info.prompt, 'A lighthouse, on a cliff');
    assert.equal(info.fields.get('Model'), 'flux');
    assert.equal(info.fields.get('Size'), '1024x576');
    assert.equal(info.fields.get('Provider'), 'popcord');
    assert.deepEqual(await suite.h.files(), [saved.name]);
  });

  it('reads the models and sizes once per base URL', async () => {
    await suite.h.run({ provider: 'popcord', prompt: 'one' });
    await suite.h.run({ provider: 'popcord', prompt: 'two' });
    assert.equal(suite.server.popcord.requestsTo('/models').length, 1);
    assert.equal(suite.server.popcord.requestsTo('/sizes').length, 1);
  });

  it('validates against the server lists before sending anything', async () => {
    suite.server.popcord.setFault({ fault: 'custom-lists', models: ['flux', 'nova'], sizes: ['512x512'] });
    const error = await failure(suite.h.run({ provider: 'popcord', prompt: 'x', params: { model: 'sdxl-turbo', size: '512x512' } }));
    assert.equal(error.kind, 'invalid-input');
    assert.equal(error.parameter, 'model');
    assert.match(error.message, /must be one of flux, nova; got "sdxl-turbo"/);
    const size = await failure(suite.h.run({ provider: 'popcord', prompt: 'x', params: { model: 'nova', size: '1024x1024' } }));
    assert.match(size.message, /Size \(size\) must be one of 512x512/);
    assert.equal(suite.server.popcord.requestsTo('/image/generate').length, 0);
    await suite.h.run({ provider: 'popcord', prompt: 'x', params: { model: 'nova', size: '512x512' } });
  });

  it('falls back to the documented lists when the server cannot give its own', async () => {
    suite.server.popcord.setFault({ fault: 'lists-fail' });
    const [saved] = await suite.h.run({ provider: 'popcord', prompt: 'fallback', params: { model: DOCUMENTED_MODELS[0], size: '786x1024' } });
    assert.ok(saved);
    assert.deepEqual(suite.h.warnings, []);
  });

  it('without the server lists, warns about values the document does not list and lets the server decide', async () => {
    suite.server.popcord.setFault({ fault: 'lists-fail' });
    // The document's 786x1024 is most likely 768x1024: not refused on its word.
    const size = await failure(suite.h.run({ provider: 'popcord', prompt: 'x', params: { size: '768x1024' } }));
    assert.match(suite.h.warnings.join('\n'), /PopCord's size list could not be read, and "768x1024" is not in the documented one \(.*786x1024\); it is sent anyway/);
    assert.match(size.message, /PopCord refused the request \(HTTP 400: Size not found\)/);
    const model = await failure(suite.h.run({ provider: 'popcord', prompt: 'x', params: { model: 'unknown-model' } }));
    assert.match(suite.h.warnings.join('\n'), /model list could not be read, and "unknown-model" is not in the documented one \(flux, poli, sdxl-turbo, dalle3\)/);
    assert.match(model.message, /\(HTTP 400: Model not found\)/);
    assert.equal(suite.server.popcord.requestsTo('/image/generate').length, 2, 'both were sent');
  });

  it('refuses an http:// image link from a provider it reaches over https, saying exactly that', async () => {
    suite.server.popcord.setFault({ fault: 'http-image-url', times: 1 });
    // A TLS-terminating proxy in front of the stand-in: https://popcord.test/ reaches it over plain http.
    const local = new URL(suite.server.popcord.url).origin;
    const stack = new HttpStack({ timeoutMs: 5_000, maxJsonBytes: jsonLimitFor(IMAGE_LIMIT), maxImageBytes: IMAGE_LIMIT, retries: 0, retryBaseMs: 10 });
    const proxy: Dispatcher = stack.plain.compose(
      (dispatch) => (options, handler) =>
        String(options.origin) === 'https://popcord.test'
          ? dispatch({ ...options, origin: local, headers: { ...(options.headers as Record<string, string>), host: 'popcord.test' } }, handler)
          : dispatch(options, handler),
    );
    (stack as unknown as { plain: Dispatcher }).plain = proxy;
    const proxied = await harness({ popcord: 'https://popcord.test/' }, { http: stack });
    try {
      const error = await failure(proxied.run({ provider: 'popcord', prompt: 'behind a proxy' }));
      assert.equal(suite.server.popcord.requestsTo('/image/generate').length, 1, 'the generation reached the service');
      assert.match(
        error.message,
        /^PopCord gave an image address that Imagesmith will not download: it is an http:\/\/ link \(popcord\.test\) while the provider's base URL is https:\/\/, so the image would come unencrypted\.$/,
      );
      assert.deepEqual(await proxied.files(), []);
    } finally {
      await proxied.close();
      await stack.close();
    }
  });

  it('refuses poli at any size but 1024x1024', async () => {
    const error = await failure(suite.h.run({ provider: 'popcord', prompt: 'x', params: { model: 'poli', size: '512x512' } }));
    assert.equal(error.kind, 'invalid-input');
    assert.match(error.message, /poli model accepts only the size 1024x1024; got 512x512/);
    assert.equal(suite.server.popcord.requestsTo('/image/generate').length, 0);
    await suite.h.run({ provider: 'popcord', prompt: 'x', params: { model: 'poli', size: '1024x1024' } });
  });

  it('reports {status_code, detail} with a string detail', async () => {
    suite.server.popcord.setFault({ fault: 'detail-string', status: 400, detail: 'Your prompt was flagged' });
    const error = await failure(suite.h.run({ provider: 'popcord', prompt: 'x' }));
    assert.equal(error.status, 400);
    assert.match(error.message, /^PopCord refused the request \(HTTP 400: Your prompt was flagged\)/);
    assert.deepEqual(await suite.h.files(), []);
  });

  it('reports a FastAPI list detail by field', async () => {
    suite.server.popcord.setFault({ fault: 'detail-list' });
    const error = await failure(suite.h.run({ provider: 'popcord', prompt: 'x' }));
    assert.equal(error.status, 422);
    assert.match(error.message, /HTTP 422: prompt: ensure this value has at most 1000 characters/);
  });

  it('reports {error} with a 500 and with a 200', async () => {
    suite.server.popcord.setFault({ fault: 'error-field' });
    const e500 = await failure(suite.h.run({ provider: 'popcord', prompt: 'x' }));
    assert.equal(e500.kind, 'provider');
    assert.match(e500.message, /server error \(HTTP 500: Internal generation error\)/);
    suite.server.popcord.setFault({ fault: 'error-200' });
    const e200 = await failure(suite.h.run({ provider: 'popcord', prompt: 'x' }));
    assert.equal(e200.kind, 'provider');
    assert.match(e200.message, /PopCord did not make an image: Model is overloaded/);
  });

  it('reads the status_code inside a 200 error answer', async () => {
    suite.server.popcord.setFault({ fault: 'detail-200', status_code: 429, detail: 'Too many requests' });
    const error = await failure(suite.h.run({ provider: 'popcord', prompt: 'x' }));
    assert.equal(error.kind, 'rate-limited');
    assert.match(error.message, /HTTP 429: Too many requests/);
  });

  it('says what came instead of an image and saves nothing', async () => {
    suite.server.popcord.setFault({ fault: 'not-image' });
    const error = await failure(suite.h.run({ provider: 'popcord', prompt: 'x' }));
    assert.equal(error.kind, 'not-an-image');
    assert.match(error.message, /PopCord sent an HTML page instead of an image/);
    suite.server.popcord.setFault({ fault: 'image-404' });
    const missing = await failure(suite.h.run({ provider: 'popcord', prompt: 'x' }));
    assert.match(missing.message, /could not be downloaded \(HTTP 404/);
    assert.deepEqual(await suite.h.files(), []);
  });

  it('saves JPEG and WebP by their bytes, with a sidecar infotext', async () => {
    suite.server.popcord.setFault({ fault: 'format', format: 'jpeg', times: 1 });
    const [jpeg] = await suite.h.run({ provider: 'popcord', prompt: 'jpeg fox' });
    assert.match(jpeg?.name ?? '', /-jpeg-fox\.jpg$/);
    suite.server.popcord.setFault({ fault: 'format', format: 'webp', times: 1 });
    const [webp] = await suite.h.run({ provider: 'popcord', prompt: 'webp fox' });
    assert.match(webp?.name ?? '', /-webp-fox\.webp$/);
    const sidecar = await fs.readFile(path.join(suite.h.folder, (webp?.name ?? '').replace(/\.webp$/, '.txt')), 'utf8');
    assert.equal(parseInfotext(sidecar).prompt, 'webp fox');
    assert.equal((await suite.h.files()).length, 4);
  });

  it('refuses a download over the image limit and saves nothing', async () => {
    suite.server.popcord.setFault({ fault: 'large-image', bytes: IMAGE_LIMIT + 1024 * 1024 });
    const error = await failure(suite.h.run({ provider: 'popcord', prompt: 'x' }));
    assert.match(error.message, /PopCord sent an image larger than 8 MB/);
    assert.deepEqual(await suite.h.files(), []);
  });
});
