import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { DEFAULT_CONCURRENCY } from '../core/limiter';
import type { BaseUrlSetting } from '../core/addressTrust';
import type { ProviderSettings } from '../core/pipeline';
import { PROVIDER_IDS, type AnyProvider } from '../core/types';

export const SECTION = 'imagesmith';

/** Settings that are the provider's connection, not its generation parameters. */
const NOT_PARAMS = new Set(['baseUrl', 'negativePrompt', 'pollTimeoutSeconds']);

const general = z.object({
  defaultProvider: z.catch(z.enum(PROVIDER_IDS), 'popcord'),
  outputFolder: z.catch(z.string(), 'assets'),
  insertMarkdownLink: z.catch(z.enum(['ask', 'always', 'never']), 'ask'),
  openAfterGeneration: z.catch(z.boolean(), true),
  requestTimeoutSeconds: z.catch(z.int().check(z.gte(5), z.lte(900)), 120),
  maxImageMegabytes: z.catch(z.int().check(z.gte(1), z.lte(500)), 50),
  maxConcurrentGenerations: z.catch(z.int().check(z.gte(1), z.lte(16)), DEFAULT_CONCURRENCY),
});

export type GeneralSettings = z.infer<typeof general>;

/**
 * Typed reads of `imagesmith.*`. A value of the wrong type falls back to its default
 * here; provider parameters are checked by the pipeline, whose errors name the setting.
 *
 * Every Imagesmith setting is window-scoped (package.json declares no other scope), so a
 * workspace folder's own settings never apply to it and reads name no folder: VS Code
 * logs a warning for each window-scoped key read for a resource.
 */
export class Settings {
  general(): GeneralSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
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

  provider(provider: AnyProvider, folder?: vscode.WorkspaceFolder): ProviderSettings & { pollTimeoutSeconds: number; baseUrlSetting: BaseUrlSetting } {
    const prefix = `${SECTION}.providers.${provider.id}`;
    const config = vscode.workspace.getConfiguration(prefix);
    const own = collect(config, [...Object.keys(provider.params.shape), ...Object.keys(provider.edits?.params.shape ?? {}), ...NOT_PARAMS]);
    const baseUrlSetting = whereBaseUrlIsSet(config, `${prefix}.baseUrl`, provider.defaultBaseUrl, folder);
    const baseUrl = baseUrlSetting.value;
    const negativePrompt = typeof own.negativePrompt === 'string' ? own.negativePrompt : undefined;
    const poll = Number(own.pollTimeoutSeconds);
    const defaults = Object.fromEntries(Object.entries(own).filter(([key]) => !NOT_PARAMS.has(key)));
    return {
      baseUrl,
      baseUrlSetting,
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

const filled = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/**
 * The base URL in force and who set it. A value equal to the person's own (user or
 * default) counts as theirs; anything else came from the workspace (its settings file, or
 * a language override there) and is treated as the workspace's word.
 */
function whereBaseUrlIsSet(config: vscode.WorkspaceConfiguration, key: string, defaultBaseUrl: string, folder: vscode.WorkspaceFolder | undefined): BaseUrlSetting {
  const info = config.inspect<string>('baseUrl');
  const value = filled(config.get('baseUrl')) ?? defaultBaseUrl;
  const user = filled(info?.globalValue);
  const ownValue = user ?? defaultBaseUrl;
  if (value === ownValue) return { value, level: user ? 'user' : 'default', ownValue, key };
  return { value, level: 'workspace', ownValue, key, file: settingsFile(folder) };
}

/** Where a workspace value lives: the .code-workspace file, or, with one folder open, its .vscode/settings.json. */
function settingsFile(folder: vscode.WorkspaceFolder | undefined): string | undefined {
  const workspaceFile = vscode.workspace.workspaceFile;
  if (workspaceFile) {
    return workspaceFile.scheme === 'untitled' ? 'the untitled workspace’s settings' : shown(workspaceFile);
  }
  const home = folder ?? vscode.workspace.workspaceFolders?.[0];
  return home ? shown(vscode.Uri.joinPath(home.uri, '.vscode', 'settings.json')) : undefined;
}

function shown(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
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
