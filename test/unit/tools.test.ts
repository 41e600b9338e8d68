import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { parseTargetPath } from '../../src/core/exactPath';
import { mapSize } from '../../src/core/sizes';
import { PROVIDER_IDS } from '../../src/core/types';
import { CAPABILITIES } from '../../src/providers/capabilities';
import { GENERATE_TOOL, LIST_PROVIDERS_TOOL, generateToolInput, parseToolInput } from '../../src/tools/inputs';
import { describeRequest, formatGenerationReport, type WrittenImage } from '../../src/tools/report';

const tool = z.looseObject({
  name: z.string(),
  toolReferenceName: z.string(),
  displayName: z.string(),
  modelDescription: z.string(),
  canBeReferencedInPrompt: z.boolean(),
  inputSchema: z.looseObject({ type: z.literal('object'), properties: z.record(z.string(), z.looseObject({ description: z.string().optional() })), required: z.array(z.string()).optional() }),
});
const manifest = z.object({ contributes: z.object({ languageModelTools: z.array(tool) }) });
const tools = manifest.parse(JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'))).contributes.languageModelTools;
const extension = readFileSync(path.join(__dirname, '..', '..', 'src', 'extension.ts'), 'utf8');

describe('the chat tools', () => {
  it('are contributed under their contract names, registered under the same, every input field described', () => {
    assert.deepEqual(
      tools.map((t) => [t.name, t.toolReferenceName, t.canBeReferencedInPrompt]),
      [
        [GENERATE_TOOL, 'generateImage', true],
        [LIST_PROVIDERS_TOOL, 'imageProviders', true],
      ],
    );
    for (const t of tools) {
      assert.ok(extension.includes(`tool('${t.name}'`), `${t.name} is registered in extension.ts`);
      for (const [key, property] of Object.entries(t.inputSchema.properties)) assert.ok(property.description, `${t.name}.${key} has a description`);
    }
  });

  it('check the same input fields the schema the model reads declares', () => {
    const generate = tools[0];
    assert.ok(generate);
    assert.deepEqual(Object.keys(generate.inputSchema.properties).sort(), Object.keys(generateToolInput.shape).sort());
    assert.deepEqual(generate.inputSchema.required, ['prompt']);
    assert.deepEqual((generate.inputSchema.properties.provider as { enum?: unknown }).enum, [...PROVIDER_IDS]);
  });

  it('say which field is wrong', () => {
    const parsed = parseToolInput(generateToolInput, { prompt: 'x', width: 'big' }, GENERATE_TOOL);
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? '' : parsed.message, /^imagesmith_generateImage: "width": /);
    const extra = parseToolInput(generateToolInput, { prompt: 'x', colour: 'red' }, GENERATE_TOOL);
    assert.match(extra.ok ? '' : extra.message, /colour/);
  });

  it('know a capability for every provider', () => {
    for (const id of PROVIDER_IDS) assert.ok(CAPABILITIES[id].sizeRule({ params: {} }), id);
  });
});

describe('the generate tool report', () => {
  const image: WrittenImage = {
    path: 'public/images/hero-2.png',
    info: { format: 'png', width: 96, height: 64, alpha: true },
    bytes: 12345,
    seed: 42,
    prompt: 'A hero (banner)',
    infotext: 'A hero (banner)\nSteps: 30, Seed: 42, Size: 1536x1024, Model: gpt-image-1, Provider: openai',
  };

  it('says for each file its path, format, real size, alpha, bytes, seed, model, infotext and a Markdown link', () => {
    const text = formatGenerationReport({ provider: { id: 'openai', label: 'OpenAI' }, images: [image] });
    assert.match(text, /^Generated 1 image with OpenAI \(provider "openai", model gpt-image-1\)\./);
    assert.match(text, /1\. public\/images\/hero-2\.png\n {3}format PNG, 96x64 pixels, alpha channel: yes, 12345 bytes, seed 42\n/);
    assert.match(text, /markdown: !\[A hero \(banner\)\]\(public\/images\/hero-2\.png\)/);
    assert.match(text, /infotext:\n {5}A hero \(banner\)\n {5}Steps: 30, Seed: 42/);
  });

  it('says what size was asked and what was made', () => {
    const rule = CAPABILITIES.openai.sizeRule({ params: { model: 'gpt-image-1' } });
    const text = formatGenerationReport({
      provider: { id: 'openai', label: 'OpenAI' },
      images: [image],
      size: { mapping: mapSize({ width: 1200, height: 630 }, rule), allowed: 'the sizes 1024x1024, 1536x1024 or 1024x1536' },
    });
    assert.match(text, /Size: 1200x630 was asked; OpenAI accepts the sizes 1024x1024, 1536x1024 or 1024x1536, so 1536x1024 was requested/);
  });

  it('says when a name was taken and when the extension followed the bytes', () => {
    const text = formatGenerationReport({ provider: { id: 'openai', label: 'OpenAI' }, images: [image], target: parseTargetPath('public/images/hero.jpg') });
    assert.match(text, /note: public\/images\/hero\.jpg was asked, but the provider sent PNG, so the extension is \.png/);
    assert.match(text, /note: public\/images\/hero\.png already existed and is never overwritten, so this image was written as public\/images\/hero-2\.png/);
    const exact = formatGenerationReport({ provider: { id: 'openai', label: 'OpenAI' }, images: [{ ...image, path: 'public/images/hero.png' }], target: parseTargetPath('public/images/hero.png') });
    assert.doesNotMatch(exact, /note:/);
  });

  it('says so when a file could not be read back, and when no seed was reported', () => {
    const text = formatGenerationReport({ provider: { id: 'popcord', label: 'PopCord' }, images: [{ ...image, info: undefined, seed: undefined }] });
    assert.match(text, /format unknown \(the file could not be read back\), 12345 bytes, seed not reported/);
  });
});

describe('the generate tool confirmation', () => {
  it('shows the prompt, the provider and whether it is paid, and the target path', () => {
    const seen = describeRequest({ prompt: 'A hero image', path: ' public/images/hero.png ', width: 1200, height: 630 }, { label: 'OpenAI', paid: true }, 'assets');
    assert.equal(seen.title, 'Generate an image with OpenAI?');
    assert.deepEqual(seen.lines, [
      'Prompt: A hero image',
      'Provider: OpenAI (paid: each image costs money or credits on your account)',
      'Saves to: public/images/hero.png (never overwritten: a new name such as -2 if it exists)',
      'Size wanted: 1200x630 (the nearest size OpenAI accepts)',
    ]);
    assert.equal(seen.progress, 'Generating "A hero image" with OpenAI into public/images/hero.png');
  });

  it('names the output folder when no path is given, and the rest that was asked', () => {
    const seen = describeRequest({ prompt: 'x', negativePrompt: 'blur', count: 3, params: { model: 'flux' } }, { label: 'PopCord', paid: false }, 'art');
    assert.deepEqual(seen.lines, ['Prompt: x', 'Negative prompt: blur', 'Provider: PopCord (free)', 'Saves to: art/ with a new timestamped name', 'Images: 3', 'Parameters: {"model":"flux"}']);
  });
});
