import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isPng, readChunks } from '../../src/core/pngChunks';
import { readPngText } from '../../src/core/pngText';
import { READ_WHOLE_BYTES } from '../../src/core/receive';
import type { Progress } from '../../src/core/types';
import { startAllProviders } from '../fixtures/all';
import { failure, harness, useStandIn } from './support';

describe('the pipeline', () => {
  const suite = useStandIn(() => startAllProviders(), (server) => server.urls);

  it('reports its stages in order', async () => {
    await suite.h.run({ provider: 'popcord', prompt: 'stages' });
    assert.deepEqual(
      suite.h.progress.map((p: Progress) => p.stage),
      ['validating', 'sending', 'downloading', 'downloading', 'saving', 'saved'],
    );
  });

  it('writes a valid PNG: chunk CRCs hold, IHDR first, IEND last, one parameters chunk', async () => {
    const [saved] = await suite.h.run({ provider: 'popcord', prompt: 'valid png' });
    const bytes = new Uint8Array(await fs.readFile(path.join(suite.h.folder, saved?.name ?? '')));
    assert.ok(isPng(bytes));
    const chunks = readChunks(bytes);
    assert.equal(chunks[0]?.type, 'IHDR');
    assert.equal(chunks.at(-1)?.type, 'IEND');
    assert.equal(chunks.filter((c) => c.type === 'iTXt').length, 1);
  });

  describe('an image written while it downloads', () => {
    const parameters = async (name: string) => (await readPngText(new Uint8Array(await fs.readFile(path.join(suite.h.folder, name))))).get('parameters');
    const pixels = (png: Uint8Array) => Buffer.concat(readChunks(png).filter((c) => c.type === 'IDAT').map((c) => c.data));

    it('streams an image of unknown length into place, its text chunk put in on the way', async () => {
      suite.server.popcord.setFault({ fault: 'chunked', target: 'files' });
      const [saved] = await suite.h.run({ provider: 'popcord', prompt: 'chunked' });
      assert.match((await parameters(saved?.name ?? '')) ?? '', /^chunked\n.*Provider: popcord/s);
      assert.deepEqual(await suite.h.files(), [saved?.name]);
    });

    it('streams an image past the size read whole into the file, every pixel as sent', async () => {
      suite.server.popcord.setFault({ fault: 'large-image', bytes: READ_WHOLE_BYTES + 1_000_000 });
      await suite.h.close();
      suite.h = await harness(suite.server.urls, {}, { maxImageBytes: 4 * READ_WHOLE_BYTES });
      const [saved] = await suite.h.run({ provider: 'popcord', prompt: 'large' });
      const sent = suite.server.popcord.requests.find((r) => r.path.startsWith('/files/'));
      assert.ok(sent);
      const served = new Uint8Array(await (await fetch(new URL(sent.path, suite.server.urls.popcord))).arrayBuffer());
      const written = new Uint8Array(await fs.readFile(path.join(suite.h.folder, saved?.name ?? '')));
      assert.ok(served.length > READ_WHOLE_BYTES, 'the image is past the size read whole');
      assert.ok(pixels(written).equals(pixels(served)));
      assert.equal(written.length, served.length + 12 + (readChunks(written)[1]?.data.length ?? 0));
      assert.match((await parameters(saved?.name ?? '')) ?? '', /^large\n/);
    });

    it('refuses an image cut short mid-stream and leaves nothing, temporary or not', async () => {
      suite.server.popcord.setFault({ fault: 'chunked', cut: 0.6, target: 'files' });
      const error = await failure(suite.h.run({ provider: 'popcord', prompt: 'cut' }));
      assert.equal(error.kind, 'not-an-image');
      assert.match(error.message, /PopCord sent a truncated PNG image/);
      assert.deepEqual(await suite.h.files(), []);
    });

    it('reads a generation answer of unknown length as well', async () => {
      suite.server.popcord.setFault({ fault: 'chunked', target: 'generate' });
      const [saved] = await suite.h.run({ provider: 'popcord', prompt: 'chunked answer' });
      assert.ok(saved);
    });
  });

  describe('a download that fails', () => {
    const downloads = () => suite.server.popcord.requests.filter((r) => r.path.startsWith('/files/')).length;
    let pauses: number[];
    beforeEach(async () => {
      pauses = [];
      await suite.h.close();
      suite.h = await harness(suite.server.urls, {
        sleep: (ms) => {
          pauses.push(ms);
          return Promise.resolve();
        },
      });
    });

    it('is tried again after the pause a 429 asks for, and saved', async () => {
      suite.server.popcord.setFault({ fault: 'status', status: 429, headers: { 'retry-after': '2' }, body: 'slow down', target: 'files', times: 1 });
      const [saved] = await suite.h.run({ provider: 'popcord', prompt: 'patient' });
      assert.ok(saved);
      assert.equal(downloads(), 2);
      assert.deepEqual(pauses, [2000]);
    });

    it('is started over when the connection drops half-way, and saved whole', async () => {
      suite.server.popcord.setFault({ fault: 'chunked', cut: 0.5, reset: true, target: 'files', times: 1 });
      const [saved] = await suite.h.run({ provider: 'popcord', prompt: 'dropped' });
      assert.ok(saved);
      assert.equal(downloads(), 2);
      assert.ok(isPng(new Uint8Array(await fs.readFile(path.join(suite.h.folder, saved.name)))));
      assert.deepEqual(await suite.h.files(), [saved.name]);
    });

    it('keeps failing after the tries it is allowed, and leaves nothing', async () => {
      suite.server.popcord.setFault({ fault: 'status', status: 503, body: 'down', target: 'files' });
      const error = await failure(suite.h.run({ provider: 'popcord', prompt: 'down' }));
      assert.match(error.message, /PopCord/);
      // The first try and the two retries the harness allows: the plain try, then RetryAgent's.
      assert.equal(downloads(), 1 + 2);
      assert.deepEqual(pauses, [10], 'the first pause, before RetryAgent takes over');
      assert.deepEqual(await suite.h.files(), []);
    });

    it('is not tried again when it is gone (404)', async () => {
      suite.server.popcord.setFault({ fault: 'status', status: 404, body: 'gone', target: 'files' });
      const error = await failure(suite.h.run({ provider: 'popcord', prompt: 'gone' }));
      assert.match(error.message, /could not be downloaded \(HTTP 404/);
      assert.equal(downloads(), 1);
      assert.deepEqual(pauses, []);
    });
  });

  it('refuses an empty prompt, an unknown provider and a bad base URL before any request', async () => {
    assert.match((await failure(suite.h.run({ provider: 'popcord', prompt: '   ' }))).message, /The prompt is empty/);
    const unknown = await failure(suite.h.run({ provider: 'midjourney' as 'popcord', prompt: 'x' }));
    assert.match(unknown.message, /There is no provider "midjourney"\. Use one of: popcord, aithriving, imagepipeline(, [a-z0-9]+)*\./);
    const url = await failure(suite.h.run({ provider: 'popcord', prompt: 'x' }, { baseUrl: 'ftp://example.invalid/' }));
    assert.match(url.message, /PopCord's base URL "ftp:\/\/example\.invalid\/" is not an http or https URL\. Fix the setting imagesmith\.providers\.popcord\.baseUrl\./);
    assert.equal(suite.server.popcord.requests.length, 0);
  });

  it('sends a key over plain http only to this machine, and says why it refuses another host', async () => {
    const remote = await failure(suite.h.run({ provider: 'openai', prompt: 'x' }, { apiKey: 'sk-test', baseUrl: 'http://images.example.com/v1/' }));
    assert.equal(remote.kind, 'invalid-input');
    assert.equal(remote.parameter, 'baseUrl');
    assert.match(remote.message, /OpenAI's base URL http:\/\/images\.example\.com is plain http on another machine.*https.*imagesmith\.providers\.openai\.baseUrl/);
    const login = await failure(suite.h.run({ provider: 'automatic1111', prompt: 'x' }, { apiKey: 'user:pw', baseUrl: 'http://192.168.1.20:7860/' }));
    assert.match(login.message, /sends your login only over https.*or clear the login with "Imagesmith: Clear API Key…"/);
    // Without a login nothing secret goes there, so a local network server stays usable: refused only when asked to send one.
    const port = new URL(suite.server.urls.openai).port;
    const [saved] = await suite.h.run({ provider: 'openai', prompt: 'loopback by name' }, { apiKey: 'sk-test', baseUrl: `http://localhost:${port}/` });
    assert.ok(saved, 'localhost is this machine');
  });

  it('accepts a base URL without its trailing slash', async () => {
    const [saved] = await suite.h.run({ provider: 'popcord', prompt: 'slash' }, { baseUrl: suite.server.urls.popcord.replace(/\/$/, '') });
    assert.ok(saved);
  });

  it('never overwrites: twenty generations of one prompt in one second get twenty names', async () => {
    const frozen = await harness(suite.server.urls, { now: () => new Date(2026, 10, 21, 10, 15, 0) });
    try {
      const results = await Promise.all(Array.from({ length: 20 }, () => frozen.run({ provider: 'popcord', prompt: 'same prompt' })));
      const names = results.flat().map((s) => s.name);
      assert.equal(new Set(names).size, 20);
      assert.ok(names.includes('20261121-101500-same-prompt.png'));
      assert.ok(names.includes('20261121-101500-same-prompt-20.png'));
      assert.deepEqual((await frozen.files()).filter((f) => f.endsWith('.tmp')), []);
      assert.equal((await frozen.files()).length, 20);
    } finally {
      await frozen.close();
    }
  });

  it('leaves no file when cancelled while the provider works', async () => {
    suite.server.popcord.setFault({ fault: 'slow', ms: 5_000 });
    const abort = new AbortController();
    const run = suite.h.run({ provider: 'popcord', prompt: 'slow' }, { signal: abort.signal });
    while (suite.server.popcord.requestsTo('/image/generate').length === 0) await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    const error = await failure(run);
    assert.equal(error.kind, 'cancelled');
    assert.deepEqual(await suite.h.files(), []);
  });

  it('leaves no file when cancelled during a multi-image save', async () => {
    const abort = new AbortController();
    const run = suite.h.run(
      { provider: 'imagepipeline', prompt: 'four', params: { samples: 4 } },
      {
        apiKey: 'k-1234',
        signal: abort.signal,
      },
    );
    // Cancel as soon as saving starts: whatever was written must be removed again.
    const stop = setInterval(() => {
      if (suite.h.progress.some((p) => p.stage === 'saving')) abort.abort();
    }, 0);
    try {
      const outcome = await run.then(
        () => 'saved',
        (e: Error) => e.message,
      );
      if (outcome !== 'saved') assert.match(outcome, /cancelled/);
      const files = await suite.h.files();
      assert.ok(outcome === 'saved' ? files.length === 4 : files.length === 0, `${outcome}: ${files.join(', ')}`);
    } finally {
      clearInterval(stop);
    }
  });

  it('leaves no file, temporary or not, when cancelled between the downloads of a multi-image answer', async () => {
    const abort = new AbortController();
    const run = suite.h.run(
      { provider: 'imagepipeline', prompt: 'four', params: { samples: 4 } },
      {
        apiKey: 'k-1234',
        signal: abort.signal,
        onProgress: (p) => {
          if (p.stage === 'downloading' && p.done === 2) abort.abort();
        },
      },
    );
    const error = await failure(run);
    assert.equal(error.kind, 'cancelled');
    assert.deepEqual(await suite.h.files(), []);
  });

  it('keeps a key the provider echoes back out of the error message', async () => {
    const key = 'sk-secret-echo-1234567';
    suite.server.imagepipeline.setFault({ fault: 'status', status: 500, body: { status: 'FAILURE', error: `bad key ${key} for model` } });
    const error = await failure(suite.h.run({ provider: 'imagepipeline', prompt: 'x' }, { apiKey: key }));
    assert.doesNotMatch(error.message, /sk-secret-echo/);
    assert.match(error.message, /bad key •••• for model/);
  });

  it('does not repeat a generation POST that failed with 503, but does retry downloads', async () => {
    suite.server.popcord.setFault({ fault: 'status', status: 503, body: { status_code: 503, detail: 'busy' }, times: 1 });
    const error = await failure(suite.h.run({ provider: 'popcord', prompt: 'x' }));
    assert.equal(error.kind, 'provider');
    assert.equal(suite.server.popcord.requestsTo('/image/generate').length, 1);
  });

  it('says so when an image URL has a scheme other than http(s)', async () => {
    suite.server.popcord.setFault({ fault: 'status', status: 200, body: { image_url: 'file:///etc/passwd' }, target: 'generate' });
    const error = await failure(suite.h.run({ provider: 'popcord', prompt: 'x' }));
    assert.match(error.message, /PopCord gave an image address that Imagesmith will not download: its file: address is not a web address\./);
  });

  it('downloads a relative image URL from the provider', async () => {
    const [first] = await suite.h.run({ provider: 'popcord', prompt: 'first' });
    assert.ok(first);
    const file = suite.server.popcord.requests.find((r) => r.path.startsWith('/files/'))?.path ?? '';
    suite.server.popcord.setFault({ fault: 'status', status: 200, body: { image_url: file.slice(1) }, target: 'generate' });
    const [second] = await suite.h.run({ provider: 'popcord', prompt: 'second' });
    assert.ok(second);
  });

  it('refuses an image URL or a redirect to another loopback host than the provider', async () => {
    const other = suite.server.urls.popcord.replace('127.0.0.1', '127.0.0.2');
    suite.server.popcord.setFault({ fault: 'status', status: 200, body: { image_url: `${other}files/x.png` }, target: 'generate' });
    const direct = await failure(suite.h.run({ provider: 'popcord', prompt: 'x' }));
    assert.match(direct.message, /will not download: it is plain http on 127\.0\.0\.2/);
    suite.server.popcord.setFault({ fault: 'status', status: 302, headers: { location: `${other}files/x.png` }, target: 'files' });
    const redirected = await failure(suite.h.run({ provider: 'popcord', prompt: 'x' }));
    assert.match(redirected.message, /will not download: it is plain http on 127\.0\.0\.2/);
    assert.equal(suite.server.popcord.requests.filter((r) => r.path.startsWith('/files/')).length, 1);
    assert.deepEqual(await suite.h.files(), []);
  });

  it('follows at most three redirects', async () => {
    suite.server.popcord.setFault({ fault: 'status', status: 302, headers: { location: '/files/again.png' }, target: 'files' });
    const error = await failure(suite.h.run({ provider: 'popcord', prompt: 'x' }));
    assert.match(error.message, /redirected more than 3 times/);
    assert.equal(suite.server.popcord.requests.filter((r) => r.path.startsWith('/files/')).length, 4);
  });
});
