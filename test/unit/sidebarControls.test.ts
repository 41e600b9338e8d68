import { strict as assert } from 'node:assert';
import type { z } from 'zod';
import { PROVIDERS } from '../../src/providers';
import { POPCORD_SIZES } from '../../src/providers/documentedSizes';
import { DOCUMENTED_MODELS } from '../../src/providers/popcord';
import { defaultValues } from '../../src/core/params';
import { buildControls, plainValues } from '../../src/sidebar/controlSpecs';
import { controlSpec, type ControlSpec } from '../../src/sidebar/protocol/controls';
import type { ParamValues } from '../../src/sidebar/protocol/values';
import { allowedSizes, checkControl, checkValues, controlKeys, mergeValues } from '../../src/sidebar/validate';

function only<K extends ControlSpec['kind']>(controls: ControlSpec[], kind: K, key?: string): Extract<ControlSpec, { kind: K }> {
  const found = controls.filter((c): c is Extract<ControlSpec, { kind: K }> => c.kind === kind && (key === undefined || controlKeys(c).includes(key)));
  assert.equal(found.length, 1, `one ${kind} control${key ? ` for ${key}` : ''}`);
  return found[0] as Extract<ControlSpec, { kind: K }>;
}

const popcordChoices = { model: [...DOCUMENTED_MODELS], size: [...POPCORD_SIZES] };

describe('schema → controls', () => {
  it('makes a serialisable spec the protocol accepts, for every provider', () => {
    for (const provider of Object.values(PROVIDERS)) {
      const controls = buildControls(provider.params, { choices: provider.id === 'popcord' ? popcordChoices : undefined });
      for (const control of controls) assert.ok(controlSpec.safeParse(control).success, `${provider.id}: ${JSON.stringify(control)}`);
      assert.deepEqual(JSON.parse(JSON.stringify(controls)), controls);
      // Every parameter has a control, and no control sets a parameter the schema lacks.
      assert.deepEqual(new Set(controls.flatMap(controlKeys)), new Set(Object.keys(provider.params.shape)), provider.id);
    }
  });

  it('PopCord: models and sizes from the server lists, poli held to 1024x1024', () => {
    const controls = buildControls(PROVIDERS.popcord.params, { choices: popcordChoices, onlySize: PROVIDERS.popcord.onlySize });
    const model = only(controls, 'select', 'model');
    assert.deepEqual(model.options, [...DOCUMENTED_MODELS]);
    assert.equal(model.fromServer, true);
    const size = only(controls, 'sizeList', 'size');
    assert.deepEqual(size.options, [...POPCORD_SIZES]);
    assert.equal(size.modelKey, 'model');
    assert.deepEqual(allowedSizes(size, { model: 'poli' }), ['1024x1024']);
    assert.deepEqual(allowedSizes(size, { model: 'flux' }), [...POPCORD_SIZES]);
    assert.deepEqual(checkControl(size, { model: 'poli', size: '512x512' }, 'popcord').map((p) => p.message), ['The poli model accepts only 1024x1024.']);
    assert.deepEqual(checkControl(size, { model: 'poli', size: '1024x1024' }, 'popcord'), []);
    assert.equal(checkControl(size, { model: 'flux', size: '999x999' }, 'popcord').length, 1);
  });

  it('PopCord without the server lists: free text with the schema pattern', () => {
    const controls = buildControls(PROVIDERS.popcord.params);
    only(controls, 'text', 'model');
    const size = only(controls, 'sizeList', 'size');
    assert.deepEqual(size.options, ['1024x1024']);
  });

  it('AIThriving: size presets that are multiples of 64 within 320–1536, a random-or-fixed seed, enums as dropdowns', () => {
    const controls = buildControls(PROVIDERS.aithriving.params);
    const size = only(controls, 'sizePair');
    assert.equal(size.multipleOf, 64);
    assert.equal(size.min, 320);
    assert.equal(size.max, 1536);
    assert.ok(size.presets.length >= 6);
    for (const [w, h] of size.presets) {
      for (const side of [w, h]) assert.ok(side % 64 === 0 && side >= 320 && side <= 1536, `${w}x${h}`);
    }
    assert.ok(size.presets.some(([w, h]) => w === 1024 && h === 1024));
    const seed = only(controls, 'seed');
    assert.equal(seed.random, 0);
    assert.equal(seed.max, 4_294_967_295);
    assert.equal(only(controls, 'select', 'sampler').options[0], 'auto');
    assert.equal(only(controls, 'select', 'stylePreset').options.length, 18);
    const steps = only(controls, 'number', 'steps');
    assert.deepEqual([steps.min, steps.max, steps.integer], [10, 50, true]);
    assert.deepEqual(checkControl(size, { width: 1000, height: 1024 }, 'aithriving').map((p) => p.message), ['Width: Must be a multiple of 64.']);
  });

  it('ImagePipeline: samples 1–4, nullable strength, booleans, seed -1 for random', () => {
    const controls = buildControls(PROVIDERS.imagepipeline.params);
    const samples = only(controls, 'number', 'samples');
    assert.deepEqual([samples.min, samples.max], [1, 4]);
    const strength = only(controls, 'number', 'strength');
    assert.equal(strength.nullable, true);
    assert.equal(strength.integer, false);
    assert.deepEqual(checkControl(strength, { strength: null }, 'imagepipeline'), []);
    only(controls, 'boolean', 'refiner');
    assert.equal(only(controls, 'seed').random, -1);
    only(controls, 'text', 'modelId');
    const size = only(controls, 'sizePair');
    assert.equal(size.multipleOf, undefined);
    assert.ok(size.presets.some(([w, h]) => w === 768 && h === 768));
  });

  it('the panel’s checks agree with the zod schema on values at and past every bound', () => {
    for (const provider of Object.values(PROVIDERS)) {
      const controls = buildControls(provider.params, { choices: provider.id === 'popcord' ? popcordChoices : undefined });
      const defaults = plainValues(defaultValues(provider.params, {}));
      for (const control of controls) {
        for (const key of controlKeys(control)) {
          const field = provider.params.shape[key] as z.ZodType;
          for (const value of candidates(control)) {
            const values: ParamValues = { ...defaults, [key]: value };
            const panelOk = checkControl(control, values, provider.id).filter((p) => p.key === key).length === 0;
            const zodOk = field.safeParse(value).success;
            // The panel may be stricter than the schema only where the server list is (a select of server options).
            if (control.kind === 'select' && control.fromServer) assert.ok(!panelOk || zodOk, `${provider.id}.${key}=${JSON.stringify(value)}`);
            else if (control.kind === 'sizeList') assert.ok(!panelOk || zodOk, `${provider.id}.${key}=${JSON.stringify(value)}`);
            else assert.equal(panelOk, zodOk, `${provider.id}.${key}=${JSON.stringify(value)}: panel ${panelOk}, zod ${zodOk}`);
          }
        }
      }
    }
  });

  it('the defaults pass the panel’s checks', () => {
    for (const provider of Object.values(PROVIDERS)) {
      const controls = buildControls(provider.params, { choices: provider.id === 'popcord' ? popcordChoices : undefined });
      assert.deepEqual(checkValues(controls, plainValues(defaultValues(provider.params, {})), provider.id), [], provider.id);
    }
  });

  it('merges remembered values over defaults, only for known keys', () => {
    const controls = buildControls(PROVIDERS.aithriving.params);
    const merged = mergeValues(controls, { width: 1024, steps: 30 }, { steps: 40, bogus: 1 }, { width: 512 });
    assert.deepEqual(merged, { width: 512, steps: 40 });
  });

  it('keeps only plain values for the protocol', () => {
    assert.deepEqual(plainValues({ a: 1, b: 'x', c: null, d: true, e: {}, f: [1], g: Number.NaN, 'h i': 1 }), { a: 1, b: 'x', c: null, d: true });
  });
});

function candidates(control: ControlSpec): ParamValues[string][] {
  switch (control.kind) {
    case 'number':
    case 'seed':
    case 'sizePair': {
      const min = control.min ?? 0;
      const max = control.max ?? 100;
      const step = 'multipleOf' in control && control.multipleOf ? control.multipleOf : 1;
      return [min, min - 1, max, max + 1, min + step, min + step / 2, (min + max) / 2 + 0.5, null, 'abc'];
    }
    case 'select':
      return [...control.options.slice(0, 3), 'not-an-option', 5, null];
    case 'sizeList':
      return [...control.options.slice(0, 3), '12x', 'abc', null];
    case 'text':
      // Past LIMITS.paramText the protocol refuses a value the schema would take; that bound is tested with the protocol.
      return ['', ' ', 'x', 'x'.repeat(150), 5, null];
    case 'boolean':
      return [true, false, 'true', 1, null];
  }
}
