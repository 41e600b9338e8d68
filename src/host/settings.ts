import * as vscode from 'vscode';
import { z } from 'zod';
import { DEFAULT_CONCURRENCY } from '../core/limiter';
import type { ProviderSettings } from '../core/pipeline';
import { PROVIDER_IDS, type AnyProvider } from '../core/types';

export const SECTION = 'imagesmith';

/** Settings that are the provider's connection, not its generation parameters. */
const NOT_PARAMS = new Set(['baseUrl', 'negativePrompt', 'pollTimeoutSeconds']);

const general = z.object({
  defaultProvider: z.enum(PROVIDER_IDS).catch('popcord'),
  outputFolder: z.string().catch('assets'),
  insertMarkdownLink: z.enum(['ask', 'always', 'never']).catch('ask'),
  openAfterGeneration: z.boolean().catch(true),
  requestTimeoutSeconds: z.int().min(5).max(900).catch(120),
  maxImageMegabytes: z.int().min(1).max(500).catch(50),
  maxConcurrentGenerations: z.int().min(1).max(16).catch(DEFAULT_CONCURRENCY),
});

export type GeneralSettings = z.infer<typeof general>;

/**
 * Typed reads of `imagesmith.*`. A value of the wrong type falls back to its default
 * here; provider parameters are checked by the pipeline, whose errors name the setting.
 */
export class Settings {
  general(scope?: vscode.ConfigurationScope): GeneralSettings {
    const config = vscode.workspace.getConfiguration(SECTION, scope);
    return general.parse({
      defaultProvider: config.get('defaultProvider'),
      outputFolder: config.get('outputFolder'),
      insertMarkdownLink: config.get('insertMarkdownLink'),
      openAfterGeneration: config.get('openAfterGeneration'),
      requestTimeoutSeconds: config.get('requestTimeoutSeconds'),
      maxImageMegabytes: config.get('maxImageMegabytes'),
      maxConcurrentGenerations: config.get('maxConcurrentGenerations'),
    });
  }

  provider(provider: AnyProvider, scope?: vscode.ConfigurationScope): ProviderSettings & { pollTimeoutSeconds: number } {
    const prefix = `${SECTION}.providers.${provider.id}`;
    const config = vscode.workspace.getConfiguration(prefix, scope);
    const own = collect(config, [...Object.keys(provider.params.shape), ...NOT_PARAMS]);
    const baseUrl = typeof own.baseUrl === 'string' && own.baseUrl.trim() ? own.baseUrl.trim() : provider.defaultBaseUrl;
    const negativePrompt = typeof own.negativePrompt === 'string' ? own.negativePrompt : undefined;
    const poll = Number(own.pollTimeoutSeconds);
    const defaults = Object.fromEntries(Object.entries(own).filter(([key]) => !NOT_PARAMS.has(key)));
    return {
      baseUrl,
      defaults,
      negativePrompt,
      settingsPrefix: prefix,
      pollTimeoutSeconds: Number.isFinite(poll) && poll >= 10 ? poll : 300,
    };
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SECTION)) listener();
    });
  }
}

/** The effective values (defaults included) of the given keys. */
function collect(config: vscode.WorkspaceConfiguration, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = config.get(key);
    if (value !== undefined) out[key] = value;
  }
  return out;
}
