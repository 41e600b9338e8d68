import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ErrorKind } from '../../src/core/errors';
import type { ProviderId } from '../../src/core/types';
import { startAllProviders, type AllProviders } from '../fixtures/all';
import { failure, harness, IMAGE_LIMIT, type Harness } from './support';

/**
 * The fault-injection suite: every provider against every way its server can fail.
 * For each fault it checks what a person reads, that no file or temporary file is left,
 * that the generation request was not repeated, and that the next generation works.
 * It prints a table of fault, outcome and message at the end.
 */

const KEY = 'fault-suite-key-0000';
const GENERATE_PATH: Record<ProviderId, string> = {
  popcord: '/image/generate',
  aithriving: '/api/generate/basic/textToImage',
  imagepipeline: '/sdxl/text2image/v1',
  openai: '/v1/images/generations',
  stability: '/v2beta/stable-image/generate/core',
  automatic1111: '/sdapi/v1/txt2img',
  comfyui: '/prompt',
};
const LABEL: Record<ProviderId, string> = { popcord: 'PopCord', aithriving: 'AIThriving', imagepipeline: 'ImagePipeline', openai: 'OpenAI', stability: 'Stability AI', automatic1111: 'AUTOMATIC1111', comfyui: 'ComfyUI' };
const PROVIDERS = ['popcord', 'aithriving', 'imagepipeline', 'openai', 'stability', 'automatic1111', 'comfyui'] as const;

/** What each provider's error body looks like, so status faults look like the real thing. */
function errorBody(provider: ProviderId, status: number, detail: string): unknown {
  switch (provider) {
    case 'popcord':
      return { status_code: status, detail };
    case 'aithriving':
      return { code: -1, message: detail, data: null };
    case 'imagepipeline':
      return { status: 'FAILURE', error: detail };
    case 'openai':
      return { error: { message: detail, type: status === 429 ? 'requests' : 'invalid_request_error', param: null, code: null } };
    case 'stability':
      return { id: 'a1b2c3', name: status === 429 ? 'rate_limit_exceeded' : 'bad_request', errors: [detail] };
    case 'automatic1111':
      // FastAPI's HTTPException body; the web UI's own 500s are tested in its unit tests.
      return { detail };
    case 'comfyui':
      return { error: { type: 'invalid_prompt', message: detail, details: '', extra_info: {} }, node_errors: [] };
  }
}

interface Case {
  readonly name: string;
  readonly providers?: readonly ProviderId[];
  /** Providers the case does not apply to, when it applies to all others. */
  readonly except?: readonly ProviderId[];
  readonly fault: (provider: ProviderId, servers: AllProviders) => unknown;
  readonly kind: ErrorKind;
  readonly message: RegExp;
  readonly params?: Record<string, unknown>;
  /** A harness with a short timeout, for faults that only a timeout ends. */
  readonly timeoutMs?: number;
}

const CASES: readonly Case[] = [
  { name: 'HTTP 400', fault: (p) => status(p, 400, 'bad request body'), kind: 'invalid-input', message: /refused the request \(HTTP 400: bad request body\)/ },
  { name: 'HTTP 401', providers: ['aithriving', 'imagepipeline', 'openai', 'stability'], fault: (p) => status(p, 401, 'Invalid API key'), kind: 'rejected-key', message: /rejected the API key \(HTTP 401: Invalid API key\)/ },
  { name: 'HTTP 401 (no key used)', providers: ['popcord'], fault: (p) => status(p, 401, 'Unauthorized'), kind: 'provider', message: /answered HTTP 401: Unauthorized/ },
  {
    name: 'HTTP 401 (--api-auth)',
    providers: ['automatic1111'],
    fault: (p) => status(p, 401, 'Incorrect username or password'),
    kind: 'rejected-key',
    message: /rejected the user name and password \(HTTP 401: Incorrect username or password\)\. Run "Imagesmith: Set API Key…"/,
  },
  { name: 'HTTP 403', providers: ['aithriving', 'imagepipeline', 'openai'], fault: (p) => status(p, 403, 'Forbidden'), kind: 'rejected-key', message: /rejected the API key \(HTTP 403: Forbidden\)/ },
  { name: 'HTTP 404', fault: (p) => status(p, 404, 'Not Found'), kind: 'provider', message: /answered HTTP 404: Not Found/ },
  {
    name: 'HTTP 422, list detail',
    fault: (p) => ({
      fault: 'status',
      status: 422,
      body: p === 'popcord' ? { status_code: 422, detail: [{ loc: ['body', 'prompt'], msg: 'field required', type: 'value_error.missing' }] } : errorBody(p, 422, 'prompt: field required'),
    }),
    kind: 'invalid-input',
    message: /HTTP 422: prompt: field required/,
  },
  {
    name: 'HTTP 429, Retry-After',
    fault: (p) => ({ fault: 'status', status: 429, body: errorBody(p, 429, 'Too many requests'), headers: { 'retry-after': '7' } }),
    kind: 'rate-limited',
    message: /limiting requests \(HTTP 429: Too many requests\)\. Wait 7 s and try again\./,
  },
  { name: 'HTTP 500', fault: (p) => status(p, 500, 'Internal error'), kind: 'provider', message: /server error \(HTTP 500: Internal error\)\. Try again later\./ },
  { name: 'HTTP 502', fault: () => ({ fault: 'status', status: 502, body: '<html><body>Bad Gateway</body></html>', headers: { 'content-type': 'text/html' } }), kind: 'provider', message: /server error \(HTTP 502/ },
  { name: 'HTTP 503', fault: (p) => status(p, 503, 'Service busy'), kind: 'provider', message: /server error \(HTTP 503: Service busy\)/ },
  {
    name: 'HTML page instead of JSON',
    // Stability answers with the image itself: an HTML page there is "not an image", below.
    except: ['stability'],
    fault: () => ({ fault: 'status', status: 200, body: '<!DOCTYPE html><html><body>Checking your browser</body></html>', headers: { 'content-type': 'text/html' } }),
    kind: 'provider',
    message: /an HTML page/,
  },
  { name: 'invalid JSON', fault: () => ({ fault: 'status', status: 200, body: '{"image_url": "http://', headers: { 'content-type': 'application/json' } }), kind: 'provider', message: /malformed JSON/ },
  { name: 'JSON of the wrong shape', fault: () => ({ fault: 'status', status: 200, body: { result: { url: 'x' } } }), kind: 'provider', message: /unexpected shape|no image URL|sent no image|held no images \(its "data" was missing\)/ },
  { name: 'empty body', fault: () => ({ fault: 'status', status: 200, body: '' }), kind: 'provider', message: /an empty response/ },
  { name: 'headers never come', fault: () => ({ fault: 'slow', ms: 20_000 }), timeoutMs: 800, kind: 'timeout', message: /did not answer within 1 s/ },
  { name: 'body stalls half-way', fault: () => ({ fault: 'slow', ms: 20_000, phase: 'body' }), timeoutMs: 800, kind: 'timeout', message: /did not answer within 1 s/ },
  { name: 'connection reset', fault: () => ({ fault: 'hang-up' }), kind: 'network', message: /Could not reach .* Check your connection and the provider's base URL setting\./ },
  { name: 'truncated image', fault: () => ({ fault: 'truncated-image' }), kind: 'not-an-image', message: /sent a truncated PNG image/ },
  { name: 'image over the limit', fault: () => ({ fault: 'large-image', bytes: IMAGE_LIMIT + 256 * 1024 }), kind: 'provider', message: /an image larger than 8 MB/ },
  { name: 'bytes that are not an image', providers: ['popcord', 'imagepipeline', 'stability'], fault: () => ({ fault: 'not-image' }), kind: 'not-an-image', message: /sent an HTML page instead of an image/ },
  { name: 'bytes that are not an image', providers: ['aithriving', 'openai', 'automatic1111'], fault: () => ({ fault: 'not-image-base64' }), kind: 'not-an-image', message: /sent plain text instead of an image/ },
  { name: 'broken base64', providers: ['aithriving', 'openai', 'automatic1111'], fault: () => ({ fault: 'bad-base64' }), kind: 'not-an-image', message: /not valid base64/ },
  { name: 'PENDING forever', providers: ['imagepipeline'], fault: () => ({ fault: 'pending-forever' }), kind: 'timeout', message: /did not finish the job within 30 s/ },
  // gpt-image-1 refuses with moderation_blocked; dall-e's content_policy_violation is in openai.test.ts.
  { name: 'content policy', providers: ['openai'], fault: () => ({ fault: 'content-policy' }), kind: 'invalid-input', message: /refused the prompt under its content policy: Your request was rejected by the safety system\. .*Reword the prompt\./ },
  { name: 'no credit (429 insufficient_quota)', providers: ['openai'], fault: () => ({ fault: 'insufficient-quota' }), kind: 'provider', message: /the account has no credit left \(HTTP 429: You exceeded your current quota/ },
  {
    name: 'content moderation (403)',
    providers: ['stability'],
    fault: () => ({ fault: 'moderation' }),
    kind: 'invalid-input',
    message: /content moderation refused the request \(HTTP 403: Your request was flagged by our content moderation system.*\)\. Reword the prompt\./,
  },
  {
    name: 'execution error',
    providers: ['comfyui'],
    fault: () => ({ fault: 'execution-error', message: 'CUDA out of memory' }),
    kind: 'provider',
    message: /could not run the workflow in node 3 \(KSampler\): CUDA out of memory\./,
  },
  { name: 'no image output', providers: ['comfyui'], fault: () => ({ fault: 'no-outputs' }), kind: 'provider', message: /finished the workflow without an image\. Give it a SaveImage node\./ },
  { name: 'FAILURE', providers: ['imagepipeline'], fault: () => ({ fault: 'failure', error: 'Model is loading' }), kind: 'provider', message: /could not make the image: Model is loading\./ },
  {
    name: 'unknown poll id',
    providers: ['imagepipeline'],
    fault: () => ({ fault: 'status', status: 200, body: { status: 'PENDING', id: 'no-such-job' } }),
    kind: 'provider',
    message: /no longer knows this job \(HTTP 404: Job not found\)/,
  },
  {
    name: 'image URL on another host',
    providers: ['popcord', 'imagepipeline', 'openai'],
    fault: (p, s) => imageUrlFault(p, `${s.urls[p].replace('127.0.0.1', '127.0.0.2')}files/elsewhere.png`),
    kind: 'provider',
    message: /will not download: it is plain http on 127\.0\.0\.2/,
  },
  {
    name: 'redirect to another host',
    providers: ['popcord', 'imagepipeline'],
    fault: (p, s) => ({ fault: 'status', status: 302, headers: { location: `${s.urls[p].replace('127.0.0.1', '127.0.0.2')}files/x.png` }, target: 'files' }),
    kind: 'provider',
    message: /will not download: it is plain http on 127\.0\.0\.2/,
  },
  {
    name: 'image URL with file:',
    providers: ['popcord', 'imagepipeline', 'openai'],
    fault: (p) => imageUrlFault(p, 'file:///etc/passwd'),
    kind: 'provider',
    message: /will not download: its file: address is not a web address/,
  },
];

/** One server seen only as the suite uses it; the union of every server's fault types is too large for the compiler. */
interface FaultTarget {
  setFault(fault: never): void;
  requestsTo(path: string): readonly { readonly method: string }[];
}

function target(servers: AllProviders, provider: ProviderId): FaultTarget {
  return servers[provider];
}

function status(provider: ProviderId, code: number, detail: string): unknown {
  return { fault: 'status', status: code, body: errorBody(provider, code, detail) };
}

function imageUrlFault(provider: ProviderId, url: string): unknown {
  if (provider === 'popcord') return { fault: 'status', status: 200, body: { image_url: url } };
  if (provider === 'openai') return { fault: 'status', status: 200, body: { created: 1, data: [{ url }] } };
  return { fault: 'status', status: 200, body: { status: 'SUCCESS', id: 'job-1', download_urls: [url] } };
}

interface Row {
  readonly provider: string;
  readonly fault: string;
  readonly outcome: string;
  readonly message: string;
  readonly ok: boolean;
}

describe('fault injection', function () {
  this.timeout(60_000);
  let servers: AllProviders;
  let h: Harness;
  const rows: Row[] = [];

  before(async () => {
    servers = await startAllProviders({ imagepipeline: {} });
  });
  after(async () => {
    await servers.close();
    printTable(rows);
  });
  beforeEach(async () => {
    servers.reset();
    h = await harness(servers.urls, { pollTimeoutMs: 30_000 });
  });
  afterEach(async () => h.close());

  async function leftovers(harnessed: Harness): Promise<string[]> {
    try {
      return await fs.readdir(harnessed.folder);
    } catch {
      return [];
    }
  }

  for (const provider of PROVIDERS) {
    for (const c of CASES.filter((x) => (!x.providers || x.providers.includes(provider)) && !x.except?.includes(provider))) {
      it(`${LABEL[provider]}: ${c.name}`, async () => {
        const run = c.timeoutMs ? await harness(servers.urls, { pollTimeoutMs: 30_000 }, { timeoutMs: c.timeoutMs }) : h;
        const row = { provider: LABEL[provider], fault: c.name, outcome: '', message: '', ok: false };
        rows.push(row);
        try {
          target(servers, provider).setFault(c.fault(provider, servers) as never);
          const error = await failure(run.run({ provider, prompt: 'a fault-injected fox', params: c.params }, { apiKey: KEY }));
          row.outcome = error.kind;
          row.message = error.message;
          assert.equal(error.kind, c.kind, error.message);
          assert.match(error.message, c.message);
          assert.ok(error.message.startsWith(LABEL[provider]) || error.message.includes(LABEL[provider]), `the message names ${LABEL[provider]}`);
          assert.doesNotMatch(error.message, new RegExp(KEY));
          assert.deepEqual(await leftovers(run), [], 'no partial or temporary file');
          assert.equal(target(servers, provider).requestsTo(GENERATE_PATH[provider]).filter((r) => r.method === 'POST').length, 1, 'the generation was sent once');
          target(servers, provider).setFault(undefined as never);
          const [next] = await run.run({ provider, prompt: 'the next fox' }, { apiKey: KEY });
          assert.ok(next, 'the next generation works');
          row.ok = true;
        } finally {
          if (run !== h) await run.close();
        }
      });
    }

    it(`${LABEL[provider]}: a slow provider cancelled mid-way`, async () => {
      const row = { provider: LABEL[provider], fault: 'cancelled mid-way', outcome: '', message: '', ok: false };
      rows.push(row);
      target(servers, provider).setFault({ fault: 'slow', ms: 20_000 } as never);
      const abort = new AbortController();
      const pending = h.run({ provider, prompt: 'slow fox' }, { apiKey: KEY, signal: abort.signal });
      while (target(servers, provider).requestsTo(GENERATE_PATH[provider]).length === 0) await new Promise((r) => setTimeout(r, 5));
      abort.abort();
      const error = await failure(pending);
      row.outcome = error.kind;
      row.message = error.message;
      assert.equal(error.kind, 'cancelled');
      assert.deepEqual(await leftovers(h), []);
      row.ok = true;
    });
  }

  it('a download that fails once with 503 is retried and saved', async () => {
    const row = { provider: 'PopCord', fault: 'download 503 once', outcome: '', message: '', ok: false };
    rows.push(row);
    servers.popcord.setFault({ fault: 'status', status: 503, body: 'busy', target: 'files', times: 1 });
    const [saved] = await h.run({ provider: 'popcord', prompt: 'retried fox' });
    assert.ok(saved);
    assert.equal(servers.popcord.requests.filter((r) => r.path.startsWith('/files/')).length, 2);
    assert.equal(servers.popcord.requestsTo(GENERATE_PATH.popcord).length, 1);
    row.outcome = 'saved';
    row.message = `${saved.name} after one retry`;
    row.ok = true;
  });

  // A file where the folder should be fails for every user, root included, unlike chmod.
  it('an output folder that cannot be written gives a clear error and keeps working after', async () => {
    const row = { provider: 'PopCord', fault: 'unwritable output folder', outcome: '', message: '', ok: false };
    rows.push(row);
    const blocked = await harness(servers.urls);
    try {
      await fs.rm(blocked.folder, { recursive: true });
      await fs.writeFile(blocked.folder, 'a file where the output folder should be');
      const error = await failure(blocked.run({ provider: 'popcord', prompt: 'x' }));
      row.outcome = error.kind;
      row.message = error.message;
      assert.equal(error.kind, 'file-system');
      assert.match(error.message, /The image could not be saved: a file stands where the folder should be\. Check that the output folder \(imagesmith\.outputFolder\) can be written\./);
      await fs.rm(blocked.folder);
      const [saved] = await blocked.run({ provider: 'popcord', prompt: 'x' });
      assert.ok(saved);
      row.ok = true;
    } finally {
      await blocked.close();
    }
  });

  it('twenty simultaneous generations of one prompt get twenty files', async () => {
    const row = { provider: 'PopCord', fault: '20 at once, one prompt', outcome: '', message: '', ok: false };
    rows.push(row);
    const saved = (await Promise.all(Array.from({ length: 20 }, () => h.run({ provider: 'popcord', prompt: 'crowded fox' })))).flat();
    const files = (await fs.readdir(h.folder)).sort();
    assert.equal(new Set(saved.map((s) => s.name)).size, 20);
    assert.deepEqual(files, saved.map((s) => s.name).sort());
    row.outcome = 'saved';
    row.message = `20 distinct files, e.g. ${path.basename(files[files.length - 1] ?? '')}`;
    row.ok = true;
  });
});

function printTable(rows: readonly Row[]): void {
  const width = (pick: (r: Row) => string, title: string) => Math.max(title.length, ...rows.map((r) => pick(r).length));
  const w = [width((r) => r.provider, 'provider'), width((r) => r.fault, 'fault'), width((r) => r.outcome, 'outcome')];
  const line = (a: string, b: string, c: string, d: string) => `  ${a.padEnd(w[0] ?? 0)}  ${b.padEnd(w[1] ?? 0)}  ${c.padEnd(w[2] ?? 0)}  ${d}`;
  console.log('');
  console.log(line('provider', 'fault', 'outcome', 'message a person sees'));
  for (const r of rows) console.log(line(r.provider, r.fault, r.outcome || '—', `${r.ok ? '' : '[FAILED] '}${r.message.slice(0, 160)}`));
  const passed = rows.filter((r) => r.ok).length;
  console.log(`\n  fault injection: ${passed} passed, ${rows.length - passed} failed`);
}
