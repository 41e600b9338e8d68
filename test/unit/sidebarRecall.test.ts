import { strict as assert } from 'node:assert';
import { formatInfotext } from '../../src/core/infotext';
import type { AnyProvider, ProviderResult } from '../../src/core/types';
import { PROVIDERS } from '../../src/providers';
import { recallSettings } from '../../src/sidebar/recall';

/** The infotext the pipeline writes for these params and this result. */
function infotextFor(provider: AnyProvider, params: Record<string, unknown>, result: ProviderResult = { images: [] }, negativePrompt?: string): string {
  const parsed = provider.params.parse(params);
  const request = { prompt: 'a lighthouse, at dusk\noil painting', negativePrompt, params: parsed };
  return formatInfotext({ prompt: request.prompt, negativePrompt, fields: [...provider.infotext(request, result), ['Provider', provider.id]] });
}

describe('infotext → params ("Use these settings")', () => {
  it('PopCord: model and size come back', () => {
    const recalled = recallSettings(infotextFor(PROVIDERS.popcord, { model: 'flux', size: '1024x576' }), 'aithriving');
    assert.equal(recalled.provider, 'popcord');
    assert.equal(recalled.prompt, 'a lighthouse, at dusk\noil painting');
    assert.deepEqual(recalled.values, { model: 'flux', size: '1024x576' });
    assert.deepEqual(recalled.ignored, []);
  });

  it('AIThriving: every parameter comes back, the reported seed included', () => {
    const params = { width: 1152, height: 896, cfgScale: 12, steps: 44, seed: 0, sampler: 'K_EULER', clipGuidancePreset: 'SLOW', stylePreset: 'anime' };
    const recalled = recallSettings(infotextFor(PROVIDERS.aithriving, params, { images: [], seed: 987654 }), 'popcord');
    assert.equal(recalled.provider, 'aithriving');
    assert.deepEqual(recalled.values, { ...params, seed: 987654 });
  });

  it('AIThriving: what the infotext leaves out (auto, none, a random seed) reads back as that choice', () => {
    const params = { width: 1024, height: 1024, cfgScale: 7, steps: 30, seed: 0, sampler: 'auto', clipGuidancePreset: 'auto', stylePreset: 'none' };
    assert.deepEqual(recallSettings(infotextFor(PROVIDERS.aithriving, params), 'popcord').values, params);
  });

  it('ImagePipeline: every parameter comes back, with the negative prompt', () => {
    const params = {
      modelId: 'abc-123',
      numInferenceSteps: 25,
      guidanceScale: 9.5,
      width: 512,
      height: 768,
      samples: 3,
      seed: 4242,
      strength: 0.35,
      scheduler: 'DDIMScheduler',
      refiner: false,
      safetyChecker: true,
    };
    const recalled = recallSettings(infotextFor(PROVIDERS.imagepipeline, params, { images: [], seed: 4242 }, 'blurry, low quality'), 'popcord');
    assert.equal(recalled.provider, 'imagepipeline');
    assert.equal(recalled.negativePrompt, 'blurry, low quality');
    assert.deepEqual(recalled.values, params);
  });

  it('ImagePipeline: a random seed and no strength read back as -1 and null', () => {
    const recalled = recallSettings(infotextFor(PROVIDERS.imagepipeline, { seed: -1 }), 'popcord');
    assert.equal(recalled.values.seed, -1);
    assert.equal(recalled.values.strength, null);
  });

  it('an A1111 image from elsewhere maps onto the panel’s provider, naming what does not fit', () => {
    const a1111 =
      'masterpiece, a castle\nNegative prompt: ugly\nSteps: 28, Sampler: DPM++ 2M Karras, CFG scale: 6.5, Seed: 1234567890, Size: 512x768, Model hash: 6ce0161689, Model: v1-5-pruned';
    const onAithriving = recallSettings(a1111, 'aithriving');
    assert.equal(onAithriving.provider, 'aithriving');
    assert.equal(onAithriving.prompt, 'masterpiece, a castle');
    assert.equal(onAithriving.negativePrompt, '');
    assert.equal(onAithriving.values.steps, 28);
    assert.equal(onAithriving.values.seed, 1234567890);
    assert.equal(onAithriving.values.width, 512);
    assert.equal(onAithriving.values.height, 768);
    assert.equal(onAithriving.values.sampler, undefined);
    assert.equal(onAithriving.values.cfgScale, undefined, 'a fractional CFG scale does not fit an integer parameter');
    assert.ok(onAithriving.ignored.includes('Sampler: DPM++ 2M Karras'), onAithriving.ignored.join(' | '));
    assert.ok(onAithriving.ignored.some((entry) => entry.startsWith('CFG scale')));
    assert.ok(onAithriving.ignored.some((entry) => entry.startsWith('Negative prompt')));

    const onImagepipeline = recallSettings(a1111, 'imagepipeline');
    assert.equal(onImagepipeline.negativePrompt, 'ugly');
    assert.equal(onImagepipeline.values.guidanceScale, 6.5);
    assert.equal(onImagepipeline.values.modelId, 'v1-5-pruned');
  });

  it('a file with no parameters line is all prompt', () => {
    const recalled = recallSettings('just a prompt', 'popcord');
    assert.equal(recalled.prompt, 'just a prompt');
    assert.deepEqual(recalled.values, {});
  });

  it('an unknown Provider field falls back to the panel’s provider', () => {
    assert.equal(recallSettings('x\nSteps: 20, Provider: midjourney', 'imagepipeline').provider, 'imagepipeline');
  });
});
