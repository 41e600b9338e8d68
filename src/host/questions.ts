import * as vscode from 'vscode';
import type { AnyProvider, ProviderId } from '../core/types';
import { PROVIDER_IDS, secretName } from '../core/types';
import type { KeyStore } from './keyStore';
import { PROVIDERS } from '../providers';

export async function askPrompt(lastPrompt: string | undefined): Promise<string | undefined> {
  const prompt = await vscode.window.showInputBox({
    title: 'Imagesmith: Generate Image',
    prompt: 'Describe the image to generate',
    placeHolder: 'A lighthouse on a cliff at dusk, oil painting',
    value: lastPrompt,
    valueSelection: lastPrompt ? [0, lastPrompt.length] : undefined,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Write what the image should show.'),
  });
  return prompt?.trim() || undefined;
}

interface ProviderItem extends vscode.QuickPickItem {
  readonly id: ProviderId;
}

/** The button on each provider that generates, then asks for an export recipe. */
export const EXPORT_BUTTON_TOOLTIP = 'Generate, then export (sizes, formats, icon sets)…';

/**
 * Providers with their key state, the configured default first. Each row's export button
 * picks the provider and asks for an export recipe after the generation.
 */
export async function pickProvider(keys: KeyStore, defaultProvider: ProviderId): Promise<{ id: ProviderId; exportAfter: boolean } | undefined> {
  const order = [defaultProvider, ...PROVIDER_IDS.filter((id) => id !== defaultProvider)];
  const exportButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('export'), tooltip: EXPORT_BUTTON_TOOLTIP };
  const items: ProviderItem[] = await Promise.all(
    order.map(async (id) => {
      const provider = PROVIDERS[id];
      const keyState = !provider.needsKey ? 'no key needed' : (await keys.has(id)) ? 'API key set' : 'needs an API key (not set)';
      return {
        id,
        label: provider.label,
        description: id === defaultProvider ? `${keyState} · default` : keyState,
        detail: summary(provider),
        buttons: [exportButton],
      };
    }),
  );
  const pick = vscode.window.createQuickPick<ProviderItem>();
  pick.title = 'Imagesmith: Generate Image with…';
  pick.placeholder = 'Pick a provider';
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

function summary(provider: AnyProvider): string {
  switch (provider.id) {
    case 'popcord':
      return 'Free: flux, poli, sdxl-turbo and dalle3 models';
    case 'aithriving':
      return 'Stable Diffusion 1.6, style presets, 320–1536 px';
    case 'imagepipeline':
      return 'SDXL with negative prompt, up to 4 images at once';
    case 'openai':
      return 'GPT image models and dall-e-3, transparent backgrounds';
    case 'stability':
      return 'Stable Image Core, Ultra and SD 3.5, aspect ratios, style presets';
    case 'automatic1111':
      return 'Your own AUTOMATIC1111 or Forge web UI: its checkpoints and samplers, with progress';
    case 'comfyui':
      return 'Your own ComfyUI: any workflow from the workspace, with progress';
  }
}

export function validateApiKey(value: string): string | undefined {
  const key = value.trim();
  if (!key) return 'Paste the API key.';
  if (/\s/.test(key)) return 'An API key has no spaces or line breaks.';
  if (key.length > 1024) return 'That is too long to be an API key.';
  return undefined;
}

/** A local server's login, as its --api-auth takes it: `user:password`. */
export function validateLogin(value: string): string | undefined {
  const login = value.trim();
  if (!login) return 'Enter the login as user:password.';
  if (/[\s]/.test(login)) return 'A login has no spaces or line breaks.';
  const colon = login.indexOf(':');
  if (colon <= 0 || colon === login.length - 1) return 'Write it as user:password, with a colon between the two.';
  if (login.length > 1024) return 'That is too long to be a login.';
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
    const getKey: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: `Get a ${provider.label} API key` };
    const login = secretName(provider) === 'login';
    box.title = `Imagesmith: ${provider.label} ${login ? 'Login' : 'API Key'}`;
    box.prompt = login
      ? `${reason ? `${reason} ` : ''}The user:password the web UI was started with (--api-auth). Stored in VS Code's secret storage.`
      : `${reason ? `${reason} ` : ''}Stored in VS Code's secret storage.${provider.keyUrl ? ` Get a key at ${provider.keyUrl}` : ''}`;
    box.placeholder = login ? 'user:password' : `Paste your ${provider.label} API key`;
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
