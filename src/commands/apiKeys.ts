import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { ImagesmithError } from '../core/errors';
import { PROVIDER_IDS, secretName, type ProviderId } from '../core/types';
import { PROVIDERS } from '../providers';
import type { CommandServices } from '../host/services';
import { parseArgs } from './commandArgs';
import { askApiKey, validateSecret } from '../host/questions';

/** Providers that need a key, and local servers that take an optional password through the same store. */
const keyed = (): ProviderId[] => PROVIDER_IDS.filter((id) => PROVIDERS[id].needsKey || PROVIDERS[id].optionalKey !== undefined);

const setArgs = z.strictObject({
  provider: z.enum(PROVIDER_IDS),
  apiKey: z.optional(z.string()),
});
const clearArgs = z.strictObject({ provider: z.enum(PROVIDER_IDS) });

async function pickKeyed(services: CommandServices, title: string, onlyWithKey: boolean): Promise<ProviderId | undefined> {
  const items = [];
  for (const id of keyed()) {
    const has = await services.keys.has(id);
    if (onlyWithKey && !has) continue;
    const login = secretName(PROVIDERS[id]) === 'login';
    const description = login ? (has ? vscode.l10n.t('login set') : vscode.l10n.t('no login')) : has ? vscode.l10n.t('API key set') : vscode.l10n.t('no API key');
    items.push({ id, label: PROVIDERS[id].label, description });
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Imagesmith: no API key is stored.'));
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Pick a provider') }))?.id;
}

export async function setApiKey(services: CommandServices, args?: unknown): Promise<boolean> {
  const given = args === undefined ? undefined : parseArgs(setArgs, args, 'imagesmith.setApiKey');
  const provider = given?.provider ?? (await pickKeyed(services, vscode.l10n.t('Imagesmith: Set API Key for…'), false));
  if (!provider) return false;
  if (!PROVIDERS[provider].needsKey && PROVIDERS[provider].optionalKey === undefined) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Imagesmith: {0} needs no API key.', PROVIDERS[provider].label));
    return false;
  }
  if (given?.apiKey !== undefined) {
    const problem = validateSecret(PROVIDERS[provider], given.apiKey);
    if (problem) throw new ImagesmithError('invalid-input', `imagesmith.setApiKey: ${problem}`, { parameter: 'apiKey' });
  }
  const key = given?.apiKey ?? (await askApiKey(PROVIDERS[provider]));
  if (!key) return false;
  await services.keys.set(provider, key);
  services.log.info(`${provider}: ${secretName(PROVIDERS[provider])} stored`);
  if (given?.apiKey === undefined) {
    const label = PROVIDERS[provider].label;
    const said = secretName(PROVIDERS[provider]) === 'login' ? vscode.l10n.t('Imagesmith: {0} login saved.', label) : vscode.l10n.t('Imagesmith: {0} API key saved.', label);
    void vscode.window.showInformationMessage(said);
  }
  return true;
}

export async function clearApiKey(services: CommandServices, args?: unknown): Promise<boolean> {
  const given = args === undefined ? undefined : parseArgs(clearArgs, args, 'imagesmith.clearApiKey');
  const provider = given?.provider ?? (await pickKeyed(services, vscode.l10n.t('Imagesmith: Clear API Key for…'), true));
  if (!provider) return false;
  await services.keys.clear(provider);
  // A new key starts from a clean slate: the addresses allowed for the old one are asked about again.
  const forgotten = await services.addresses.forget(provider);
  services.log.info(`${provider}: API key cleared${forgotten ? `, ${forgotten} trusted address(es) forgotten` : ''}`);
  if (!given) {
    const label = PROVIDERS[provider].label;
    const said = secretName(PROVIDERS[provider]) === 'login' ? vscode.l10n.t('Imagesmith: {0} login removed.', label) : vscode.l10n.t('Imagesmith: {0} API key removed.', label);
    void vscode.window.showInformationMessage(said);
  }
  return true;
}

const resetArgs = z.strictObject({ provider: z.optional(z.enum(PROVIDER_IDS)) });

/** Forgets which workspace-set addresses the person allowed keys to go to; resolves to how many. */
export async function resetTrustedAddresses(services: CommandServices, args?: unknown): Promise<number> {
  const given = args === undefined ? undefined : parseArgs(resetArgs, args, 'imagesmith.resetTrustedAddresses');
  const forgotten = await services.addresses.forget(given?.provider);
  services.log.info(`trusted provider addresses reset (${forgotten} forgotten)`);
  if (!given) {
    const text =
      forgotten === 0
        ? vscode.l10n.t('Imagesmith: no provider address was trusted. You will be asked before a key goes to an address that only a workspace names.')
        : forgotten === 1
          ? vscode.l10n.t('Imagesmith: forgot 1 trusted provider address. You will be asked again before a key goes there.')
          : vscode.l10n.t('Imagesmith: forgot {0} trusted provider addresses. You will be asked again before a key goes there.', forgotten);
    void vscode.window.showInformationMessage(text);
  }
  return forgotten;
}
