/**
 * `imagesmith_listProviders` (`#imageProviders`): what each provider can do right now, so
 * that the model picks valid values for imagesmith_generateImage instead of guessing.
 */
import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { redact } from '../core/log';
import { resolveParams } from '../core/params';
import { describeSizeRule } from '../core/sizes';
import { PROVIDER_IDS, type AnyProvider } from '../core/types';
import { currentWorkspaceFolder } from '../host/outputFolder';
import { PROVIDERS } from '../providers';
import { CAPABILITIES, type CapabilityContext } from '../providers/capabilities';
import type { ToolServices } from './generateTool';

export class ListProvidersTool implements vscode.LanguageModelTool<Record<string, never>> {
  constructor(private readonly services: ToolServices) {}

  prepareInvocation(): vscode.PreparedToolInvocation {
    return { invocationMessage: vscode.l10n.t('Reading what the Imagesmith image providers can do') };
  }

  async invoke(): Promise<vscode.LanguageModelToolResult> {
    const folder = currentWorkspaceFolder();
    const defaultProvider = this.services.settings.general().defaultProvider;
    const providers = await Promise.all(PROVIDER_IDS.map((id) => this.describe(PROVIDERS[id], folder)));
    const text = [
      `Imagesmith's image providers. The default (used when "provider" is left out) is "${defaultProvider}".`,
      'Pass width/height to imagesmith_generateImage and they are mapped to the nearest allowed size; "params" takes the parameters listed here, and what is left out comes from the defaults.',
      JSON.stringify(providers, null, 1),
    ].join('\n');
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(redact(text, this.services.keys.secretsSeen()))]);
  }

  private async describe(provider: AnyProvider, folder: vscode.WorkspaceFolder | undefined): Promise<Record<string, unknown>> {
    const { settings, keys, generator } = this.services;
    const capabilities = CAPABILITIES[provider.id];
    const defaults = settings.provider(provider, folder).defaults;
    let params: Record<string, unknown>;
    let problem: string | undefined;
    try {
      params = resolveParams(provider.label, provider.params, { given: {}, defaults, settingsPrefix: `imagesmith.providers.${provider.id}` });
    } catch (error) {
      params = { ...defaults };
      problem = error instanceof Error ? error.message : String(error);
    }
    const lists = provider.choices ? await generator.choices(provider.id, folder).catch(() => undefined) : undefined;
    const ctx: CapabilityContext = { params, ...(lists ? { lists } : {}) };
    const hasKey = provider.needsKey || provider.optionalKey ? await keys.has(provider.id) : false;
    const ready = !provider.needsKey || hasKey;
    return {
      id: provider.id,
      name: provider.label,
      ready,
      key: provider.needsKey
        ? hasKey
          ? 'set'
          : 'missing: the person is asked for it on the first generation, or sets it with the command "Imagesmith: Set API Key…"'
        : 'not needed',
      paid: capabilities.paid,
      sizes: `${describeSizeRule(capabilities.sizeRule(ctx))}${sizeNote(provider, ctx)}`,
      negativePrompt: provider.takesNegativePrompt,
      transparentBackground: capabilities.transparency ?? false,
      maxImagesPerRequest: capabilities.count ? capabilities.count.max(ctx) : 1,
      ...(capabilities.count ? { countParam: capabilities.count.param } : {}),
      defaults: params,
      parameters: describeParams(provider, lists),
      ...(problem ? { settingsProblem: problem } : {}),
    };
  }
}

/** What the size depends on besides the rule: a model's own sizes, a workflow's placeholders. */
function sizeNote(provider: AnyProvider, ctx: CapabilityContext): string {
  switch (provider.id) {
    case 'popcord':
      return `; the model poli takes only ${provider.onlySize?.poli ?? '1024x1024'}`;
    case 'openai': {
      const other = CAPABILITIES.openai.sizeRule({ params: { model: ctx.params.model === 'dall-e-3' ? 'gpt-image-1' : 'dall-e-3' } });
      return ` with the model ${String(ctx.params.model)}; ${ctx.params.model === 'dall-e-3' ? 'the GPT image models take' : 'dall-e-3 takes'} ${describeSizeRule(other)}`;
    }
    case 'stability':
      return '; Stability picks the pixels for the ratio (about one megapixel)';
    case 'comfyui':
      return ', used only where the workflow has {{width}} and {{height}}';
    default:
      return '';
  }
}

const jsonProperty = z.looseObject({
  type: z.optional(z.union([z.string(), z.array(z.string())])),
  enum: z.optional(z.array(z.unknown())),
  minimum: z.optional(z.number()),
  maximum: z.optional(z.number()),
  multipleOf: z.optional(z.number()),
  description: z.optional(z.string()),
});

/** Each parameter in a line: its type and bounds or choices, and what it does. */
function describeParams(provider: AnyProvider, lists: Readonly<Record<string, readonly string[]>> | undefined): Record<string, string> {
  const schema = z.toJSONSchema(provider.params, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(schema.properties ?? {})) {
    const property = jsonProperty.parse(raw);
    const type = [property.type ?? 'any'].flat().join(' or ');
    const choices = lists?.[key] ?? property.enum;
    const bounds =
      property.minimum !== undefined && property.maximum !== undefined
        ? ` ${property.minimum} to ${property.maximum}`
        : property.minimum !== undefined
          ? ` from ${property.minimum}`
          : property.maximum !== undefined
            ? ` up to ${property.maximum}`
            : '';
    const step = property.multipleOf !== undefined ? `, a multiple of ${property.multipleOf}` : '';
    const oneOf = choices ? `, one of ${choices.map((choice) => JSON.stringify(choice)).join(', ')}` : '';
    out[key] = `${type}${bounds}${step}${oneOf}${property.description ? `: ${property.description}` : ''}`;
  }
  return out;
}
