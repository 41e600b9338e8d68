import { strict as assert } from 'node:assert';
import { defaultValues } from '../../src/core/params';
import { buildControls, plainValues } from '../../src/sidebar/controlSpecs';
import { checkLive } from '../../src/sidebar/liveChecks';
import { PROVIDERS } from '../../src/providers';
import type { ProviderId } from '../../src/core/types';

async function check(id: ProviderId, values: Record<string, unknown>, negativePrompt?: string, files: readonly string[] = []) {
  const provider = PROVIDERS[id];
  const controls = buildControls(provider.params, { onlySize: provider.onlySize });
  return checkLive(provider, controls, { ...plainValues(defaultValues(provider.params, {})), ...values } as never, negativePrompt, (path) => Promise.resolve(files.includes(path)));
}

describe("the panel's live check of the rules between values", () => {
  it('finds every rule dall-e-3 breaks at once, each at its own parameter', async () => {
    const { problems } = await check('openai', { model: 'dall-e-3', n: 2, quality: 'high' });
    assert.deepEqual(
      problems.map((problem) => problem.key),
      ['n', 'quality'],
    );
    assert.match(problems[0]?.message ?? '', /dall-e-3 makes one image per request/);
  });

  it('marks the choices the current model rules out, and only those', async () => {
    const { unavailable } = await check('openai', { model: 'gpt-image-1' });
    const sizes = unavailable.filter((note) => note.key === 'size').map((note) => `${note.option} ${note.note}`);
    assert.ok(sizes.includes('1792x1024 not for gpt-image-1'), sizes.join(', '));
    assert.ok(!sizes.some((size) => size.startsWith('1536x1024')), 'a size gpt-image-1 makes is not marked');
    assert.ok(!unavailable.some((note) => note.key === 'model'), 'a model is never ruled out by the values it would change');
  });

  it('holds Stability to its services, the negative prompt included', async () => {
    const { problems, unavailable } = await check('stability', { service: 'sd3', model: 'sd3.5-large-turbo', outputFormat: 'webp' }, 'blurry');
    assert.deepEqual(problems.map((problem) => problem.key).sort(), ['negativePrompt', 'outputFormat']);
    assert.ok(unavailable.some((note) => note.key === 'stylePreset' && note.note === 'not for sd3'));
  });

  it('says when a file a value names is not in the workspace, and not when it is', async () => {
    const missing = await check('comfyui', { workflow: 'flows/portrait_api.json' });
    assert.deepEqual(missing.problems, [
      { key: 'workflow', message: 'There is no flows/portrait_api.json in the workspace folder. Save the file there, or change the path.' },
    ]);
    const there = await check('comfyui', { workflow: 'flows/portrait_api.json' }, undefined, ['flows/portrait_api.json']);
    assert.deepEqual(there.problems, []);
  });

  it('leaves a value out of its bounds to the webview, and the rules until every value is valid', async () => {
    const { problems, unavailable } = await check('openai', { model: 'dall-e-3', n: 99 });
    assert.deepEqual(problems, []);
    assert.deepEqual(unavailable, []);
  });
});
