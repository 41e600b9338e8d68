import * as vscode from 'vscode';
import type { AnyProvider, ProviderId } from '../core/types';
import { PROVIDER_IDS, secretName } from '../core/types';
import type { KeyStore } from './keyStore';
import { PROVIDERS } from '../providers';

export async function askPrompt(lastPrompt: string | undefined): Promise<string | undefined> {
  const prompt = await vscode.window.showInputBox({
    title: vscode.l10n.t('Imagesmith: Generate Image'),
    prompt: vscode.l10n.t('Describe the image to generate'),
    placeHolder: vscode.l10n.t('A lighthouse on a cliff at dusk, oil painting'),
    value: lastPrompt,
    valueSelection: lastPrompt ? [0, lastPrompt.length] : undefined,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('Write what the image should show.')),
  });
  return prompt?.trim() || undefined;
}

interface ProviderItem extends vscode.QuickPickItem {
  readonly id: ProviderId;
}

/**
 * Providers with their key state, the configured default first. Each row's export button
 * picks the provider and asks for an export recipe after the generation.
 */
export async function pickProvider(keys: KeyStore, defaultProvider: ProviderId): Promise<{ id: ProviderId; exportAfter: boolean } | undefined> {
  const order = [defaultProvider, ...PROVIDER_IDS.filter((id) => id !== defaultProvider)];
  const exportButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('export'), tooltip: vscode.l10n.t('Generate, then export (sizes, formats, icon sets)…') };
  const items: ProviderItem[] = await Promise.all(
    order.map(async (id) => {
      const provider = PROVIDERS[id];
      const keyState = !provider.needsKey ? vscode.l10n.t('no key needed') : (await keys.has(id)) ? vscode.l10n.t('API key set') : vscode.l10n.t('needs an API key (not set)');
      return {
        id,
        label: provider.label,
        description: id === defaultProvider ? vscode.l10n.t('{0} · default', keyState) : keyState,
        detail: summary(provider),
        buttons: [exportButton],
      };
    }),
  );
  const pick = vscode.window.createQuickPick<ProviderItem>();
  pick.title = vscode.l10n.t('Imagesmith: Generate Image with…');
  pick.placeholder = vscode.l10n.t('Pick a provider');
  pick.ignoreFocusOut = true;
  pick.items = items;
  const picked = await new Promise<{ id: ProviderId; exportAfter: boolean } | undefined>((resolve) => {
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0];
      resolve(item && { id: item.id, exportAfter: false });
    });
    pick.onDidTriggerItemButton((event) => resolve({ id: event.item.id, exportAfter: true }));
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  return picked;
}

/** What each provider offers, in a line of the provider pick. */
const SUMMARIES: Readonly<Record<ProviderId, () => string>> = {
  popcord: () => vscode.l10n.t('Free: flux, poli, sdxl-turbo and dalle3 models'),
  aithriving: () => vscode.l10n.t('Stable Diffusion 1.6, style presets, 320–1536 px'),
  imagepipeline: () => vscode.l10n.t('SDXL with negative prompt, up to 4 images at once'),
  openai: () => vscode.l10n.t('GPT image models and dall-e-3, transparent backgrounds'),
  stability: () => vscode.l10n.t('Stable Image Core, Ultra and SD 3.5, aspect ratios, style presets'),
  automatic1111: () => vscode.l10n.t('Your own AUTOMATIC1111 or Forge web UI: its checkpoints and samplers, with progress'),
  comfyui: () => vscode.l10n.t('Your own ComfyUI: any workflow from the workspace, with progress'),
};

function summary(provider: AnyProvider): string {
  return SUMMARIES[provider.id]();
}

export function validateApiKey(value: string): string | undefined {
  const key = value.trim();
  if (!key) return vscode.l10n.t('Paste the API key.');
  if (/\s/.test(key)) return vscode.l10n.t('An API key has no spaces or line breaks.');
  if (key.length > 1024) return vscode.l10n.t('That is too long to be an API key.');
  return undefined;
}

/** A local server's login, as its --api-auth takes it: `user:password`. */
export function validateLogin(value: string): string | undefined {
  const login = value.trim();
  if (!login) return vscode.l10n.t('Enter the login as user:password.');
  if (/[\s]/.test(login)) return vscode.l10n.t('A login has no spaces or line breaks.');
  const colon = login.indexOf(':');
  if (colon <= 0 || colon === login.length - 1) return vscode.l10n.t('Write it as user:password, with a colon between the two.');
  if (login.length > 1024) return vscode.l10n.t('That is too long to be a login.');
  return undefined;
}

/**
 * Settles a question asked in an input box with its first answer and closes the box:
 * hiding the box (which a dispose does too) answers "nothing" and must not override an
 * answer already given.
 */
export function answerOnce<T>(box: vscode.Disposable, resolve: (value: T | undefined) => void): (value: T | undefined) => void {
  let answered = false;
  return (value) => {
    if (answered) return;
    answered = true;
    resolve(value);
    box.dispose();
  };
}

/** The check for what is entered as a provider's secret. */
export function validateSecret(provider: AnyProvider, value: string): string | undefined {
  return secretName(provider) === 'login' ? validateLogin(value) : validateApiKey(value);
}

/** A password box with a button that opens the page where keys are made (or, for a local server, its login). */
export function askApiKey(provider: AnyProvider, reason?: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    const getKey: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: vscode.l10n.t('Get a {0} API key', provider.label) };
    const login = secretName(provider) === 'login';
    box.title = login ? vscode.l10n.t('Imagesmith: {0} Login', provider.label) : vscode.l10n.t('Imagesmith: {0} API Key', provider.label);
    const stored = login
      ? vscode.l10n.t("The user:password the web UI was started with (--api-auth). Stored in VS Code's secret storage.")
      : provider.keyUrl
        ? vscode.l10n.t("Stored in VS Code's secret storage. Get a key at {0}", provider.keyUrl)
        : vscode.l10n.t("Stored in VS Code's secret storage.");
    // The reason is a whole sentence of its own, already in the display language.
    box.prompt = reason ? `${reason} ${stored}` : stored;
    box.placeholder = login ? 'user:password' : vscode.l10n.t('Paste your {0} API key', provider.label);
    box.password = true;
    box.ignoreFocusOut = true;
    box.buttons = provider.keyUrl ? [getKey] : [];
    const finish = answerOnce(box, resolve);
    box.onDidTriggerButton(() => {
      if (provider.keyUrl) void vscode.env.openExternal(vscode.Uri.parse(provider.keyUrl));
    });
    box.onDidChangeValue((value) => {
      box.validationMessage = value ? validateSecret(provider, value) : undefined;
    });
    box.onDidAccept(() => {
      const problem = validateSecret(provider, box.value);
      if (problem) {
        box.validationMessage = problem;
        return;
      }
      finish(box.value.trim());
    });
    box.onDidHide(() => finish(undefined));
    box.show();
  });
}
