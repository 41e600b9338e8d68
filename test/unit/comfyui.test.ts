import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { downloadVerdict } from '../../src/core/downloadPolicy';
import { parseInfotext } from '../../src/core/infotext';
import { abortableSleep } from '../../src/core/pipeline';
import { readPngText } from '../../src/core/pngText';
import { comfyui, comfyuiParamsFromInfotext } from '../../src/providers/comfyui';
import { startAllProviders } from '../fixtures/all';
import { EXAMPLE_WORKFLOW, startComfyui } from '../fixtures/comfyui';
import { failure, harness, useStandIn } from './support';

type Sent = { prompt: Record<string, { class_type: string; inputs: Record<string, unknown> }>; client_id: string };

describe('ComfyUI', function () {
  this.timeout(20_000);
  const suite = useStandIn(() => startAllProviders(), (server) => server.urls);

  const sent = (): Sent | undefined => suite.server.comfyui.requestsTo('/prompt')[0]?.json as Sent | undefined;

  it('fills the placeholders, queues the workflow, follows it on the websocket and downloads the saved image', async () => {
    const [saved, ...rest] = await suite.h.run({
      provider: 'comfyui',
      prompt: 'A lighthouse, "quoted"',
      negativePrompt: 'blurry',
      params: { seed: 42, steps: 12, cfgScale: 6.5, width: 768, height: 512 },
    });
    assert.ok(saved);
    assert.equal(rest.length, 0);
    const body = sent();
    assert.ok(body?.client_id);
    assert.deepEqual(body.prompt['3']?.inputs, { ...EXAMPLE_WORKFLOW['3'].inputs, seed: 42, steps: 12, cfg: 6.5 });
    assert.deepEqual(body.prompt['5']?.inputs, { width: 768, height: 512, batch_size: 1 });
    assert.equal(body.prompt['6']?.inputs.text, 'A lighthouse, "quoted"');
    assert.equal(body.prompt['7']?.inputs.text, 'blurry');
    const view = suite.server.comfyui.requestsTo('/view')[0];
    assert.match(view?.path ?? '', /^\/view\?filename=ComfyUI_\d{5}_\.png&subfolder=&type=output$/);
    const fractions = suite.h.progress.flatMap((p) => (p.stage === 'generating' ? [p.fraction] : []));
    assert.equal(fractions.length, 12, 'one progress per step, from the websocket');
    assert.equal(fractions.at(-1), 1);

    const bytes = new Uint8Array(await fs.readFile(path.join(suite.h.folder, saved.name)));
    const info = parseInfotext((await readPngText(bytes)).get('parameters') ?? '');
    assert.equal(info.prompt, 'A lighthouse, "quoted"');
    assert.equal(info.negativePrompt, 'blurry');
    assert.equal(info.fields.get('Steps'), '12');
    assert.equal(info.fields.get('CFG scale'), '6.5');
    assert.equal(info.fields.get('Seed'), '42');
    assert.equal(info.fields.get('Size'), '768x512');
    assert.equal(info.fields.get('Model'), 'v1-5-pruned-emaonly.safetensors');
    assert.equal(info.fields.get('Workflow'), 'workflow_api.json');
    assert.equal(info.fields.get('Provider'), 'comfyui');
    assert.equal(suite.server.comfyui.sockets, 0, 'the websocket is closed after');
  });

  it('saves the image of a cached run whose every message came before the answer to POST /prompt', async function () {
    // Without the messages kept from before the answer, this run would wait the whole pollTimeout (30 s) and time out here.
    this.timeout(5_000);
    suite.server.comfyui.setFault({ fault: 'cached', times: 1 });
    const quick = await harness(suite.server.urls, { pollTimeoutMs: 30_000 });
    try {
      const [saved] = await quick.run({ provider: 'comfyui', prompt: 'same as before', params: { seed: 7 } });
      assert.ok(saved);
      assert.equal(suite.server.comfyui.requestsTo('/history').length, 1, 'the history is read once, when the run is over');
      assert.ok(!quick.progress.some((p) => p.stage === 'waiting'), 'nothing was polled');
    } finally {
      await quick.close();
    }
  });

  it('reads the history once, after ComfyUI wrote it (executing null), not on execution_success', async () => {
    const [saved] = await suite.h.run({ provider: 'comfyui', prompt: 'in order' });
    assert.ok(saved);
    assert.equal(suite.server.comfyui.requestsTo('/history').length, 1);
    assert.ok(!suite.h.progress.some((p) => p.stage === 'waiting'));
  });

  it('says which node failed or was interrupted, with the socket and without it', async () => {
    suite.server.comfyui.setFault({ fault: 'execution-error', times: 1 });
    const failed = await failure(suite.h.run({ provider: 'comfyui', prompt: 'x' }));
    assert.match(failed.message, /could not run the workflow in node 3 \(KSampler\): CUDA out of memory/);
    suite.server.comfyui.setFault({ fault: 'interrupted', times: 1 });
    const stopped = await failure(suite.h.run({ provider: 'comfyui', prompt: 'x' }));
    assert.equal(stopped.kind, 'provider');
    assert.match(stopped.message, /stopped the job in node 3 \(KSampler\): it was interrupted on the server/);

    // Without the websocket only the history tells.
    const proxied = await startComfyui({ websocket: false });
    const polling = await harness({ comfyui: proxied.url }, { sleep: (_ms, signal) => abortableSleep(10, signal) });
    try {
      proxied.setFault({ fault: 'execution-error', times: 1 });
      const failedLate = await failure(polling.run({ provider: 'comfyui', prompt: 'x' }));
      assert.match(failedLate.message, /could not run the workflow in node 3 \(KSampler\): CUDA out of memory/);
      proxied.setFault({ fault: 'interrupted', times: 1 });
      const stoppedLate = await failure(polling.run({ provider: 'comfyui', prompt: 'x' }));
      assert.match(stoppedLate.message, /stopped the job in node 3 \(KSampler\): it was interrupted on the server/);
      assert.doesNotMatch(stoppedLate.message, /no reason given/);
      assert.match(polling.warnings.join('\n'), /websocket .* could not be opened/);
    } finally {
      await polling.close();
      await proxied.close();
    }
  });

  it('reports node errors in an accepted answer as the workflow’s error, and stops what was queued', async () => {
    suite.h.workspace.set(
      'two-outputs.json',
      JSON.stringify({
        ...EXAMPLE_WORKFLOW,
        '12': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'missing.safetensors' } },
        '11': { class_type: 'VAEDecode', inputs: { samples: ['3', 0], vae: ['12', 2] } },
        '10': { class_type: 'SaveImage', inputs: { filename_prefix: 'other', images: ['11', 0] } },
      }),
    );
    const error = await failure(suite.h.run({ provider: 'comfyui', prompt: 'x', params: { workflow: 'two-outputs.json' } }));
    assert.equal(error.kind, 'invalid-input');
    assert.equal(error.parameter, 'workflow');
    assert.match(error.message, /refused part of the workflow \(node 12 \(CheckpointLoaderSimple\): Value not in list: ckpt_name: 'missing\.safetensors' not in/);
    for (let i = 0; i < 100 && suite.server.comfyui.cancels.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(suite.server.comfyui.cancels.map((c) => c.path).sort(), ['/interrupt', '/queue']);
    assert.deepEqual(await suite.h.files(), []);
  });

  it('picks and records a seed for -1, since a workflow needs a number', async () => {
    const [saved] = await suite.h.run({ provider: 'comfyui', prompt: 'random' });
    const seed = sent()?.prompt['3']?.inputs.seed;
    assert.equal(typeof seed, 'number');
    assert.equal(saved?.seed, seed);
  });

  it('substitutes placeholders inside longer text, and records only what the workflow used', async () => {
    suite.h.workspace.set(
      'flows/simple.json',
      JSON.stringify({
        '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'sd_xl_base_1.0.safetensors' } },
        '5': { class_type: 'EmptyLatentImage', inputs: { width: 1024, height: 1024, batch_size: 2 } },
        '6': { class_type: 'CLIPTextEncode', inputs: { text: 'masterpiece, {{ prompt }}, detailed', clip: ['4', 1] } },
        '3': { class_type: 'KSampler', inputs: { seed: 7, steps: 4, cfg: 1, model: ['4', 0], positive: ['6', 0], negative: ['6', 0], latent_image: ['5', 0] } },
        '9': { class_type: 'SaveImage', inputs: { filename_prefix: 'imagesmith', images: ['3', 0] } },
      }),
    );
    const saved = await suite.h.run({ provider: 'comfyui', prompt: 'a fox', negativePrompt: 'rain', params: { workflow: 'flows/simple.json' } });
    assert.equal(saved.length, 2, 'one file per image of the batch');
    assert.equal(sent()?.prompt['6']?.inputs.text, 'masterpiece, a fox, detailed');
    assert.match(suite.h.warnings.join('\n'), /no \{\{negative_prompt\}\} placeholder/);
    const info = saved[0]?.infotext ?? '';
    assert.doesNotMatch(info, /Seed:|Steps:|Size:/);
    assert.match(info, /Model: sd_xl_base_1\.0\.safetensors, Workflow: flows\/simple\.json/);
  });

  it('collects the result from the history when the websocket cannot be opened', async () => {
    suite.server.comfyui.setFault({ fault: 'no-ws', times: 1 });
    // The job takes real time here, so the checks must too.
    const polling = await harness(suite.server.urls, { sleep: (_ms, signal) => abortableSleep(10, signal) });
    try {
      const [saved] = await polling.run({ provider: 'comfyui', prompt: 'no socket' });
      assert.ok(saved);
      assert.match(polling.warnings.join('\n'), /websocket .* could not be opened/);
      assert.ok(suite.server.comfyui.requestsTo('/history').length >= 1);
      assert.ok(polling.progress.some((p) => p.stage === 'waiting'));
    } finally {
      await polling.close();
    }
  });

  it("reports ComfyUI's validation errors node by node", async () => {
    suite.h.workspace.set('bad.json', JSON.stringify({ ...EXAMPLE_WORKFLOW, '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'missing.safetensors' } } }));
    const error = await failure(suite.h.run({ provider: 'comfyui', prompt: 'x', params: { workflow: 'bad.json' } }));
    assert.equal(error.kind, 'invalid-input');
    assert.match(error.message, /HTTP 400: Prompt outputs failed validation; node 4 \(CheckpointLoaderSimple\): Value not in list: ckpt_name: 'missing\.safetensors' not in/);
    assert.equal(error.message.split('Value not in list').length, 2, 'each node error once, though details repeats them');
    suite.h.workspace.set('unknown.json', JSON.stringify({ ...EXAMPLE_WORKFLOW, '10': { class_type: 'UpscaleWithMagic', inputs: {} } }));
    const unknown = await failure(suite.h.run({ provider: 'comfyui', prompt: 'x', params: { workflow: 'unknown.json' } }));
    assert.match(unknown.message, /Cannot execute because node UpscaleWithMagic does not exist\.: Node ID '#10'/);
  });

  it('refuses a missing workflow, one in the UI format, and one without {{prompt}}, before queueing anything', async () => {
    const missing = await failure(suite.h.run({ provider: 'comfyui', prompt: 'x', params: { workflow: 'nowhere.json' } }));
    assert.equal(missing.kind, 'invalid-input');
    assert.equal(missing.parameter, 'workflow');
    assert.match(missing.message, /There is no file "nowhere\.json" in the workspace\. Save your workflow with ComfyUI's "Export \(API\)"/);
    suite.h.workspace.set('ui.json', JSON.stringify({ last_node_id: 9, nodes: [], links: [], version: 0.4 }));
    const ui = await failure(suite.h.run({ provider: 'comfyui', prompt: 'x', params: { workflow: 'ui.json' } }));
    assert.match(ui.message, /is in the UI format\. Save it from ComfyUI with "Export \(API\)"/);
    suite.h.workspace.set('text.json', 'not json');
    assert.match((await failure(suite.h.run({ provider: 'comfyui', prompt: 'x', params: { workflow: 'text.json' } }))).message, /is not JSON/);
    suite.h.workspace.set('noprompt.json', JSON.stringify({ ...EXAMPLE_WORKFLOW, '6': { class_type: 'CLIPTextEncode', inputs: { text: 'fixed', clip: ['4', 1] } } }));
    const noPrompt = await failure(suite.h.run({ provider: 'comfyui', prompt: 'x', params: { workflow: 'noprompt.json' } }));
    assert.match(noPrompt.message, /has no \{\{prompt\}\} placeholder/);
    assert.equal(suite.server.comfyui.requestsTo('/prompt').length, 0);
  });

  it('interrupts the job and takes it off the queue when cancelled', async () => {
    suite.server.comfyui.setFault({ fault: 'busy', ms: 10_000 });
    const abort = new AbortController();
    const pending = suite.h.run({ provider: 'comfyui', prompt: 'cancel me' }, { signal: abort.signal });
    while (!suite.h.progress.some((p) => p.stage === 'generating')) await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    const error = await failure(pending);
    assert.equal(error.kind, 'cancelled');
    for (let i = 0; i < 100 && suite.server.comfyui.cancels.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    const interrupt = suite.server.comfyui.cancels.find((c) => c.path === '/interrupt')?.body as { prompt_id?: string } | undefined;
    assert.match(interrupt?.prompt_id ?? '', /^[0-9a-f-]{36}$/, 'the interrupt names the job');
    assert.deepEqual(suite.server.comfyui.cancels.map((c) => c.path).sort(), ['/interrupt', '/queue']);
    assert.deepEqual(await suite.h.files(), []);
  });

  it("runs the README's example workflow as it is written there", async () => {
    const readme = await fs.readFile(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Your own ComfyUI'));
    const example = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
    assert.ok(example, 'the README shows an example workflow');
    suite.h.workspace.set('workflow_api.json', example);
    const [saved] = await suite.h.run({ provider: 'comfyui', prompt: 'from the readme', negativePrompt: 'fog' });
    assert.ok(saved);
    assert.equal(sent()?.prompt['6']?.inputs.text, 'from the readme');
  });

  it('downloads only from its own server: /view on the base URL passes the download policy', () => {
    const base = new URL(comfyui.defaultBaseUrl);
    assert.equal(downloadVerdict(new URL('view?filename=a.png&subfolder=&type=output', base), base).ok, true);
    assert.equal(downloadVerdict(new URL('http://127.0.0.2:8188/view?filename=a.png'), base).ok, false);
  });

  it('reads its infotext back', () => {
    const fields = parseInfotext('a fox\nSteps: 12, CFG scale: 6.5, Seed: 42, Size: 768x512, Model: v1-5-pruned-emaonly.safetensors, Workflow: flows/a.json, Provider: comfyui').fields;
    const recalled = comfyuiParamsFromInfotext(fields);
    assert.deepEqual(recalled, { workflow: 'flows/a.json', seed: 42, steps: 12, cfgScale: 6.5, width: 768, height: 512 });
    assert.ok(comfyui.params.safeParse(recalled).success);
  });
});
