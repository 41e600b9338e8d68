import { strict as assert } from 'node:assert';
import { formatInfotext } from '../../src/core/infotext';
import { PROVIDERS } from '../../src/providers';
import { editViewOf } from '../../src/sidebar/editViews';
import { hostMessage } from '../../src/sidebar/protocol/toPage';
import { webviewMessage } from '../../src/sidebar/protocol/toHost';
import { parseWith } from '../../src/sidebar/protocol/values';
import { recallSettings } from '../../src/sidebar/recall';

const parseWebviewMessage = (data: unknown) => parseWith(webviewMessage, data);
const parseHostMessage = (data: unknown) => parseWith(hostMessage, data);
const generate = { type: 'generate', id: 'job-1', provider: 'automatic1111', prompt: 'a red sail', params: {} } as const;
const maskBase64 = Buffer.from('\x89PNG\r\n\x1a\n…').toString('base64');

describe('the panel’s source image', () => {
  describe('messages', () => {
    it('accepts a generation from a source, references, a strength and a painted mask', () => {
      const edit = { source: 'art/boat.png', references: ['art/sail.png'], strength: 0.4, mask: maskBase64 };
      const parsed = parseWebviewMessage({ ...generate, edit });
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
      assert.deepEqual(parsed.message.type === 'generate' && parsed.message.edit, edit);
    });

    it('refuses a strength out of 0–1, a mask that is not base64, too many references, extra fields', () => {
      const base = { source: 'art/boat.png', references: [] };
      for (const edit of [
        { ...base, strength: 1.5 },
        { ...base, mask: 'data:image/png;base64,AAAA' },
        { ...base, references: Array.from({ length: 16 }, (_, i) => `r${i}.png`) },
        { ...base, source: '' },
        { ...base, bytes: 'AAAA' },
      ]) {
        assert.equal(parseWebviewMessage({ ...generate, edit }).ok, false, JSON.stringify(edit).slice(0, 80));
      }
    });

    it('asks for an image from the picker, a drop, a gallery tile or recorded paths, and nothing else', () => {
      for (const origin of [
        { from: 'pick' },
        { from: 'drop', uris: ['file:///ws/art/boat.png', 'vscode-remote://ssh/ws/a.webp'] },
        { from: 'gallery', image: { folder: 0, name: 'a.png' } },
        { from: 'paths', paths: ['art/boat.png'] },
      ]) {
        const parsed = parseWebviewMessage({ type: 'chooseSource', id: 's-1', role: 'source', origin });
        assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
      }
      for (const origin of [{ from: 'drop', uris: ['/etc/passwd'] }, { from: 'drop', uris: [] }, { from: 'gallery', image: { folder: 0, name: '../a.png' } }, { from: 'url', url: 'https://x' }]) {
        assert.equal(parseWebviewMessage({ type: 'chooseSource', id: 's-1', role: 'source', origin }).ok, false, JSON.stringify(origin));
      }
      assert.equal(parseWebviewMessage({ type: 'chooseSource', id: 's-1', role: 'mask', origin: { from: 'pick' } }).ok, false);
    });

    it('hands the page an image as its thumbnail’s address and size, and Use these settings its source', () => {
      const image = { path: 'art/boat.png', width: 96, height: 64, src: 'https://file+.vscode-resource.vscode-cdn.net/t.webp', alpha: false };
      for (const message of [
        { type: 'chooseSourceResult', id: 's-1', role: 'source', images: [image] },
        { type: 'chooseSourceResult', id: 's-1', role: 'references', images: [], message: 'There is no file' },
        {
          type: 'useSettingsResult',
          id: 'u',
          settings: { provider: 'automatic1111', prompt: 'p', negativePrompt: '', values: {}, ignored: [], source: { paths: ['art/boat.png'], strength: 0.4 } },
        },
      ]) {
        const parsed = parseHostMessage(message);
        assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
      }
      assert.equal(parseHostMessage({ type: 'chooseSourceResult', id: 's-1', role: 'source', images: [{ ...image, bytes: 'AAAA' }] }).ok, false);
    });
  });

  describe('what each provider offers', () => {
    it('strength where it means something, masks where they are taken, references where several images are', () => {
      assert.deepEqual(editViewOf(PROVIDERS.automatic1111, {}), { maxImages: 1, takesMask: true, strength: 0.75, maskedStrength: 0.75 });
      assert.deepEqual(editViewOf(PROVIDERS.comfyui, {}), { maxImages: 1, takesMask: true, strength: 0.75, maskedStrength: 0.75 });
      // GPT image models take up to 16 images and no strength.
      assert.deepEqual(editViewOf(PROVIDERS.openai, {}), { maxImages: 16, takesMask: true });
      // Stability: image-to-image (a strength) without a mask, inpaint (none) with one.
      assert.deepEqual(editViewOf(PROVIDERS.stability, {}), { maxImages: 1, takesMask: true, strength: 0.6 });
      for (const id of ['popcord', 'aithriving', 'imagepipeline'] as const) assert.equal(editViewOf(PROVIDERS[id], {}), undefined, id);
    });

    it('follows the settings’ edit service', () => {
      assert.deepEqual(editViewOf(PROVIDERS.stability, { editService: 'erase', steps: 30 }), { maxImages: 1, takesMask: true });
    });
  });

  describe('Use these settings', () => {
    it('brings back the source, the references and the strength an edit recorded', () => {
      const infotext = formatInfotext({
        prompt: 'a red sail',
        fields: [['Steps', 20], ['Source', 'art/boat.png'], ['References', 'art/sail.png; art/sea.webp'], ['Denoising strength', 0.4], ['Mask', 'painted'], ['Provider', 'automatic1111']],
      });
      const recalled = recallSettings(infotext, 'popcord');
      assert.equal(recalled.provider, 'automatic1111');
      assert.deepEqual(recalled.source, { paths: ['art/boat.png', 'art/sail.png', 'art/sea.webp'], strength: 0.4 });
    });

    it('brings back no source for an image made from nothing, and no strength out of range', () => {
      assert.equal(recallSettings(formatInfotext({ prompt: 'a cat', fields: [['Provider', 'popcord']] }), 'popcord').source, undefined);
      const odd = recallSettings(formatInfotext({ prompt: 'a cat', fields: [['Source', 'a.png'], ['Denoising strength', 7]] }), 'popcord');
      assert.deepEqual(odd.source, { paths: ['a.png'] });
    });
  });
});
