/**
 * Before a generation that is to be exported: the provider is asked for the nearest size
 * it makes to the recipe's (core/export/exportSize.ts), with the settings and server lists
 * that decide what it makes, so that the export resizes as little as it can.
 */
import type * as vscode from 'vscode';
import { exportSizeMapping } from '../core/export/exportSize';
import type { Recipe } from '../core/export/recipe';
import { resolveParams } from '../core/params';
import type { SizeMapping } from '../core/sizes';
import type { ProviderId } from '../core/types';
import { PROVIDERS } from '../providers';
import { CAPABILITIES } from '../providers/capabilities';
import type { GenerationService } from './generationService';
import type { Settings } from './settings';

export interface ExportSizing {
  /** The provider's label, for the result's words. */
  readonly provider: string;
  readonly mapping: SizeMapping;
}

/**
 * `params` with the provider's size set for the recipe, unless `explicit` (what the caller
 * gave in this call) names a size already. The parameters are checked as the generation
 * will check them, so a bad value is refused here with the same message.
 */
export async function sizeForExport(
  services: { readonly settings: Settings; readonly generator: GenerationService },
  providerId: ProviderId,
  folder: vscode.WorkspaceFolder | undefined,
  params: Readonly<Record<string, unknown>>,
  recipe: Recipe,
  explicit: Readonly<Record<string, unknown>> = params,
): Promise<{ params: Record<string, unknown>; sizing?: ExportSizing }> {
  const provider = PROVIDERS[providerId];
  const sources = { defaults: services.settings.provider(provider, folder).defaults, settingsPrefix: `imagesmith.providers.${providerId}` };
  const resolved = resolveParams(provider.label, provider.params, { ...sources, given: { ...params } }) as Record<string, unknown>;
  const lists = providerId === 'popcord' ? await services.generator.choices(providerId, folder).catch(() => undefined) : undefined;
  const mapping = exportSizeMapping(recipe, CAPABILITIES[providerId].sizeRule({ params: resolved, ...(lists ? { lists } : {}) }), explicit);
  if (!mapping) return { params: { ...params } };
  return { params: { ...params, ...mapping.params }, sizing: { provider: provider.label, mapping } };
}
