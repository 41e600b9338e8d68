import { strict as assert } from 'node:assert';
import { MAX_PROMPT_LENGTH } from '../../src/core/pipeline';
import { hostMessage, type HostMessage } from '../../src/sidebar/protocol/toPage';
import { webviewMessage, type WebviewMessage } from '../../src/sidebar/protocol/toHost';
import { LIMITS, parseWith } from '../../src/sidebar/protocol/values';

const parseWebviewMessage = (data: unknown) => parseWith(webviewMessage, data);
const parseHostMessage = (data: unknown) => parseWith(hostMessage, data);

function accepts(message: WebviewMessage): void {
  const parsed = parseWebviewMessage(message);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
  assert.deepEqual(parsed.message, message);
}

function refuses(data: unknown, reason?: RegExp): void {
  const parsed = parseWebviewMessage(data);
  assert.equal(parsed.ok, false, `accepted ${String(JSON.stringify(data)).slice(0, 200)}`);
  if (reason && !parsed.ok) assert.match(parsed.reason, reason);
}

const generate = {
  type: 'generate',
  id: 'job-abc-1',
  provider: 'imagepipeline',
  prompt: 'a lighthouse at dusk',
  negativePrompt: 'blurry',
  params: { width: 768, height: 768, seed: -1, strength: null, refiner: true, modelId: 'd961a274' },
} as const;

describe('sidebar protocol', () => {
  it('keeps the prompt limit the pipeline enforces', () => {
    assert.equal(LIMITS.prompt, MAX_PROMPT_LENGTH);
  });

  describe('from the webview', () => {
    it('accepts one well-formed message of every type', () => {
      const image = { folder: 0, name: '20250101-120000-a-cat.png' };
      const messages: WebviewMessage[] = [
        { type: 'ready', id: 'ready-1' },
        { type: 'saveDraft', draft: { provider: 'popcord', prompt: 'x', negativePrompt: '', values: { popcord: { model: 'flux' } } } },
        { ...generate, params: { ...generate.params } },
        { type: 'cancelJob', job: 'job-abc-1' },
        { type: 'dismissJob', job: 'job-abc-1' },
        { type: 'runFix', job: 'job-abc-1', action: 'retry' },
        { type: 'setApiKey', provider: 'aithriving' },
        { type: 'openSettings' },
        { type: 'openSettings', provider: 'popcord' },
        { type: 'loadMetadata', id: 'm-1', images: [image] },
        { type: 'loadThumbnails', images: [image] },
        { type: 'imageAction', id: 'a-1', action: 'delete', image },
        { type: 'imageAction', id: 'a-2', action: 'copyRelativePath', image },
        { type: 'batchImageAction', id: 'b-1', action: 'insertLink', images: [image, { folder: 0, name: 'b.png' }] },
        { type: 'useSettings', id: 'u-1', image, fallbackProvider: 'popcord' },
      ];
      for (const message of messages) accepts(message);
    });

    it('refuses what is not a message', () => {
      for (const data of [undefined, null, 42, 'generate', [], {}, { id: 'x' }]) refuses(data);
    });

    it('refuses unknown message types', () => {
      refuses({ type: 'runCommand', command: 'workbench.action.terminal.new' });
      refuses({ ...generate, type: 'GENERATE' });
    });

    it('refuses extra fields (a forged message cannot smuggle anything through)', () => {
      refuses({ ...generate, command: 'rm -rf /' });
      refuses({ type: 'setApiKey', provider: 'aithriving', apiKey: 'sk-123' });
    });

    it('refuses an unknown provider or action', () => {
      refuses({ ...generate, provider: 'midjourney' }, /provider/);
      refuses({ type: 'imageAction', id: 'a', action: 'execute', image: { folder: 0, name: 'a.png' } });
      refuses({ type: 'batchImageAction', id: 'b', action: 'copyPath', images: [{ folder: 0, name: 'a.png' }] });
      refuses({ type: 'batchImageAction', id: 'b', action: 'delete', images: [] });
      refuses({ type: 'batchImageAction', id: 'b', action: 'delete', images: [{ folder: 0, name: '../a.png' }] });
      refuses({ type: 'runFix', job: 'j', action: 'runCommand' });
    });

    it('refuses oversized prompts, parameters and batches', () => {
      refuses({ ...generate, prompt: 'x'.repeat(LIMITS.prompt + 1) }, /prompt/);
      accepts({ ...generate, params: {}, prompt: 'x'.repeat(LIMITS.prompt) });
      refuses({ ...generate, negativePrompt: 'x'.repeat(LIMITS.negativePrompt + 1) });
      refuses({ ...generate, params: { modelId: 'x'.repeat(LIMITS.paramText + 1) } });
      const many = Object.fromEntries(Array.from({ length: LIMITS.paramKeys + 1 }, (_, i) => [`p${i}`, i]));
      refuses({ ...generate, params: many });
      const images = Array.from({ length: LIMITS.metadataBatch + 1 }, (_, i) => ({ folder: 0, name: `${i}.png` }));
      refuses({ type: 'loadMetadata', id: 'm', images });
      refuses({ type: 'loadMetadata', id: 'm', images: [] });
      refuses({ type: 'loadThumbnails', images });
      refuses({ type: 'loadThumbnails', images: [] });
    });

    it('refuses parameter values that are not plain', () => {
      refuses({ ...generate, params: { width: { valueOf: 768 } } });
      refuses({ ...generate, params: { width: [768] } });
      refuses({ ...generate, params: { __proto__: 1, 'bad key': 2 } });
    });

    it('refuses ids that are not short plain tokens', () => {
      refuses({ type: 'ready', id: '' });
      refuses({ type: 'ready', id: 'x'.repeat(65) });
      refuses({ type: 'cancelJob', job: '../../etc' });
    });

    it('refuses image names that leave the output folder or are hidden', () => {
      for (const name of ['../secret.png', 'sub/a.png', 'sub\\a.png', '.a.png.1234.tmp', '', 'a\0.png', 'x'.repeat(256)]) {
        refuses({ type: 'imageAction', id: 'a', action: 'open', image: { folder: 0, name } });
      }
      refuses({ type: 'imageAction', id: 'a', action: 'open', image: { folder: -1, name: 'a.png' } });
      refuses({ type: 'imageAction', id: 'a', action: 'open', image: { folder: 1.5, name: 'a.png' } });
    });
  });

  describe('from the host', () => {
    const state = {
      providers: [
        {
          id: 'popcord',
          label: 'PopCord',
          needsKey: false,
          hasKey: false,
          takesNegativePrompt: false,
          controls: [{ kind: 'select', key: 'model', title: 'Model', options: ['flux'], fromServer: true }],
          defaults: { model: 'flux' },
        },
      ],
      defaultProvider: 'popcord',
      hasFolder: true,
    } as const;

    it('accepts well-formed messages', () => {
      const messages: HostMessage[] = [
        { type: 'readyResult', id: 'r', state: structuredClone(state) as never },
        { type: 'didChangeJobs', jobs: [] },
        {
          type: 'didChangeJobs',
          jobs: [
            {
              id: 'job-1',
              provider: 'imagepipeline',
              prompt: 'a cat',
              startedAt: 1,
              status: 'running',
              progress: { stage: 'waiting', checks: 3 },
              files: [],
              warnings: [],
            },
          ],
        },
        { type: 'generateResult', id: 'job-1', error: { kind: 'invalid-input', message: 'no', parameter: 'width', actions: ['showLog'] } },
        { type: 'didResetGallery', folders: [{ index: 0, label: 'ws', base: 'https://file+.vscode-resource/x', uri: 'file:///ws/assets' }], images: [{ folder: 0, name: 'a.png', mtime: 5 }] },
        { type: 'didChangeGallery', added: [], removed: [{ folder: 0, name: 'a.png' }] },
        { type: 'loadMetadataResult', id: 'm', items: [{ folder: 0, name: 'a.png', prompt: 'a cat', provider: 'popcord' }] },
        { type: 'imageActionResult', id: 'a', ok: true },
        { type: 'useSettingsResult', id: 'u', message: 'none' },
        { type: 'didRequestTileAction', action: 'copyRelativePath', image: { folder: 0, name: 'a.png' } },
      ];
      for (const message of messages) {
        const parsed = parseHostMessage(message);
        assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
      }
    });

    it('refuses unknown, malformed and oversized messages', () => {
      for (const data of [{ type: 'eval', code: '1' }, { type: 'didChangeJobs' }, { type: 'didChangeJobs', jobs: 'x' }]) {
        assert.equal(parseHostMessage(data).ok, false);
      }
      const job = { id: 'j', provider: 'popcord', prompt: 'p', startedAt: 1, status: 'running', progress: { stage: 'sending' }, files: [], warnings: [] };
      assert.equal(parseHostMessage({ type: 'didChangeJobs', jobs: Array.from({ length: LIMITS.jobs + 1 }, () => job) }).ok, false);
      assert.equal(parseHostMessage({ type: 'didChangeJobs', jobs: [{ ...job, progress: { stage: 'teleporting' } }] }).ok, false);
      assert.equal(parseHostMessage({ type: 'loadMetadataResult', id: 'm', items: [{ folder: 0, name: 'a.png', prompt: 'x'.repeat(LIMITS.shownPrompt + 1) }] }).ok, false);
    });
  });
});
