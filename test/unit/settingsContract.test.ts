import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { PROVIDERS } from '../../src/providers';

const setting = z.looseObject({
  type: z.union([z.string(), z.array(z.string())]),
  default: z.unknown().optional(),
  enum: z.array(z.unknown()).optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
});
const section = z.object({ id: z.string(), title: z.string(), properties: z.record(z.string(), setting) });
const manifest = z.object({
  // One section for the general settings and one per provider, so that the Settings editor groups them.
  contributes: z.object({ configuration: z.array(section) }),
});

const sections = manifest.parse(JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'))).contributes.configuration;
const properties = Object.assign({}, ...sections.map((entry) => entry.properties)) as Record<string, z.infer<typeof setting>>;
/** The English text of a localized description (`%key%` in package.json, the text in package.nls.json). */
const nls = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.nls.json'), 'utf8')) as Record<string, string>;
const english = (value: unknown): string => (typeof value === 'string' ? (nls[value.replace(/^%(.+)%$/, '$1')] ?? value) : '');

const jsonProperty = z.looseObject({ default: z.unknown().optional(), enum: z.array(z.unknown()).optional(), minimum: z.number().optional(), maximum: z.number().optional() });

/**
 * The settings are what people edit, the schema is what the pipeline enforces: a default
 * or an enum that differs between them gives an error for a value the Settings UI offered.
 */
describe('settings in package.json', () => {
  for (const provider of Object.values(PROVIDERS)) {
    const prefix = `imagesmith.providers.${provider.id}`;
    // A provider still being added has no settings yet; once it has a base URL setting, all must agree.
    if (properties[`${prefix}.baseUrl`] === undefined) continue;
    it(`${provider.label}: every parameter has a setting that agrees with the schema`, () => {
      assert.equal(properties[`${prefix}.baseUrl`]?.default, provider.defaultBaseUrl);
      const schema = z.toJSONSchema(provider.params, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
      for (const [key, raw] of Object.entries(schema.properties ?? {})) {
        const expected = jsonProperty.parse(raw);
        const actual = properties[`${prefix}.${key}`];
        assert.ok(actual, `${prefix}.${key} is missing`);
        assert.deepEqual(actual.default, expected.default, `${prefix}.${key} default`);
        if (expected.enum) assert.deepEqual(actual.enum, expected.enum, `${prefix}.${key} enum`);
        if (expected.minimum !== undefined) assert.equal(actual.minimum, expected.minimum, `${prefix}.${key} minimum`);
        if (expected.maximum !== undefined) assert.equal(actual.maximum, expected.maximum, `${prefix}.${key} maximum`);
      }
    });
  }

  it('offers every provider that has settings as the default provider', () => {
    const offered = properties['imagesmith.defaultProvider']?.enum ?? [];
    for (const id of Object.keys(PROVIDERS).filter((id) => properties[`imagesmith.providers.${id}.baseUrl`] !== undefined)) assert.ok(offered.includes(id), `${id} is missing from imagesmith.defaultProvider`);
  });
});

describe('settings sections in package.json', () => {
  it('groups each provider’s settings in a section of its own', () => {
    for (const provider of Object.values(PROVIDERS)) {
      const own = sections.filter((entry) => Object.keys(entry.properties).some((key) => key.startsWith(`imagesmith.providers.${provider.id}.`)));
      assert.equal(own.length, 1, `${provider.label}'s settings are in ${own.length} sections`);
      assert.ok(Object.keys(own[0]?.properties ?? {}).every((key) => key.startsWith(`imagesmith.providers.${provider.id}.`)), `${provider.label}'s section holds only its settings`);
    }
  });

  it('describes every setting in Markdown, with an order, and every enum value', () => {
    for (const [key, value] of Object.entries(properties)) {
      assert.equal(typeof value.markdownDescription, 'string', `${key} has no markdownDescription`);
      assert.equal(value.description, undefined, `${key} has a plain description too`);
      assert.equal(typeof value.order, 'number', `${key} has no order`);
      const linked = english(value.markdownDescription).match(/`#([\w.]+)#`/g) ?? [];
      for (const link of linked) assert.ok(properties[link.slice(2, -2)], `${key} links to ${link}, which is not a setting`);
    }
    for (const key of ['imagesmith.defaultProvider', 'imagesmith.insertMarkdownLink', 'imagesmith.providers.openai.model', 'imagesmith.providers.stability.service']) {
      assert.equal((properties[key]?.enumDescriptions as unknown[] | undefined)?.length, properties[key]?.enum?.length, `${key} describes each of its values`);
    }
  });
});

describe('Restricted Mode in package.json', () => {
  const capabilities = z
    .object({
      capabilities: z.object({
        untrustedWorkspaces: z.object({ supported: z.literal('limited'), restrictedConfigurations: z.array(z.string()) }),
      }),
    })
    .parse(JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'))).capabilities;

  it('ignores a workspace’s value for every address, the ComfyUI workflow and the output folder', () => {
    const restricted = new Set(capabilities.untrustedWorkspaces.restrictedConfigurations);
    const wanted = [...Object.keys(properties).filter((key) => key.endsWith('.baseUrl')), 'imagesmith.providers.comfyui.workflow', 'imagesmith.outputFolder'];
    assert.equal(wanted.filter((key) => key.endsWith('.baseUrl')).length, Object.keys(PROVIDERS).length, 'every provider has a base URL setting');
    for (const key of wanted) assert.ok(restricted.has(key), `${key} is not in restrictedConfigurations`);
    for (const key of restricted) assert.ok(properties[key], `restrictedConfigurations names ${key}, which is not a setting`);
  });
});
