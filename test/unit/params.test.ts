import { strict as assert } from 'node:assert';
import { ImagesmithError } from '../../src/core/errors';
import { approximateTokens, resolveParams } from '../../src/core/params';
import { aithriving } from '../../src/providers/aithriving';
import { imagepipeline } from '../../src/providers/imagepipeline';
import { popcord } from '../../src/providers/popcord';

const prefix = 'imagesmith.providers.aithriving';

function invalid(fn: () => unknown): ImagesmithError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ImagesmithError, `expected an ImagesmithError, got ${String(error)}`);
    assert.equal(error.kind, 'invalid-input');
    return error;
  }
  assert.fail('expected the parameters to be refused');
}

describe('resolveParams', () => {
  it('fills the documented defaults', () => {
    const params = resolveParams('AIThriving', aithriving.params, { given: {}, defaults: {}, settingsPrefix: prefix });
    assert.deepEqual(params, {
      width: 1024,
      height: 1024,
      cfgScale: 7,
      steps: 30,
      seed: 0,
      sampler: 'auto',
      clipGuidancePreset: 'auto',
      stylePreset: 'none',
    });
  });

  it('lets given values win over settings, and settings over defaults', () => {
    const params = resolveParams('AIThriving', aithriving.params, {
      given: { steps: 12 },
      defaults: { steps: 40, width: 512 },
      settingsPrefix: prefix,
    });
    assert.equal(params.steps, 12);
    assert.equal(params.width, 512);
  });

  it('names the parameter, its bounds and the value for out-of-range numbers', () => {
    const error = invalid(() => resolveParams('AIThriving', aithriving.params, { given: { cfgScale: 40 }, defaults: {}, settingsPrefix: prefix }));
    assert.equal(error.parameter, 'cfgScale');
    assert.match(error.message, /AIThriving: CFG scale \(cfgScale\) must be at most 35; got 40\./);
    assert.doesNotMatch(error.message, /setting/);
  });

  it('requires AIThriving sides to be multiples of 64 between 320 and 1536', () => {
    assert.match(invalid(() => resolveParams('AIThriving', aithriving.params, { given: { width: 1000 }, defaults: {}, settingsPrefix: prefix })).message, /multiple of 64/);
    assert.match(invalid(() => resolveParams('AIThriving', aithriving.params, { given: { height: 256 }, defaults: {}, settingsPrefix: prefix })).message, /at least 320/);
    assert.match(invalid(() => resolveParams('AIThriving', aithriving.params, { given: { width: 1600 }, defaults: {}, settingsPrefix: prefix })).message, /at most 1536/);
  });

  it('lists the allowed values of an enum', () => {
    const error = invalid(() => resolveParams('AIThriving', aithriving.params, { given: { sampler: 'EULER' }, defaults: {}, settingsPrefix: prefix }));
    assert.match(error.message, /Sampler \(sampler\) must be one of auto, DDIM, DDPM, K_DPMPP_2M/);
    assert.match(error.message, /got "EULER"/);
  });

  it('points at the setting when the bad value came from the settings', () => {
    const error = invalid(() => resolveParams('AIThriving', aithriving.params, { given: {}, defaults: { steps: 5 }, settingsPrefix: prefix }));
    assert.match(error.message, /Fix the setting imagesmith\.providers\.aithriving\.steps\./);
  });

  it('refuses unknown parameters and lists the known ones', () => {
    const error = invalid(() => resolveParams('PopCord', popcord.params, { given: { quality: 'hd' }, defaults: {}, settingsPrefix: 'x' }));
    assert.match(error.message, /PopCord has no parameter "quality"\. Its parameters are: model, size\./);
  });

  it('refuses wrong types', () => {
    const error = invalid(() => resolveParams('ImagePipeline', imagepipeline.params, { given: { samples: '2' }, defaults: {}, settingsPrefix: 'x' }));
    assert.match(error.message, /Samples \(samples\) must be a (whole )?number/);
    const fraction = invalid(() => resolveParams('ImagePipeline', imagepipeline.params, { given: { numInferenceSteps: 2.5 }, defaults: {}, settingsPrefix: 'x' }));
    assert.equal(fraction.parameter, 'numInferenceSteps');
  });

  it('accepts ImagePipeline bounds at their edges and refuses past them', () => {
    const ok = resolveParams('ImagePipeline', imagepipeline.params, {
      given: { numInferenceSteps: 100, samples: 4, guidanceScale: 20, strength: 1 },
      defaults: {},
      settingsPrefix: 'x',
    });
    assert.equal(ok.samples, 4);
    assert.equal(invalid(() => resolveParams('ImagePipeline', imagepipeline.params, { given: { samples: 5 }, defaults: {}, settingsPrefix: 'x' })).parameter, 'samples');
    assert.equal(invalid(() => resolveParams('ImagePipeline', imagepipeline.params, { given: { guidanceScale: 0.5 }, defaults: {}, settingsPrefix: 'x' })).parameter, 'guidanceScale');
    assert.equal(invalid(() => resolveParams('ImagePipeline', imagepipeline.params, { given: { strength: 1.5 }, defaults: {}, settingsPrefix: 'x' })).parameter, 'strength');
  });
});

describe('approximateTokens', () => {
  it('counts words and punctuation', () => {
    assert.equal(approximateTokens('a red fox, jumping!'), 6);
    assert.equal(approximateTokens(''), 0);
    assert.equal(approximateTokens('word '.repeat(80)), 80);
  });
});
