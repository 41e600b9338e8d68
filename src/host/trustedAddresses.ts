import * as vscode from 'vscode';
import { addressQuestion, originOf, trustEntry, type AddressQuestion, type BaseUrlSetting } from '../core/addressTrust';
import { ImagesmithError, cancelled } from '../core/errors';
import { secretName, type AnyProvider, type ProviderId } from '../core/types';

/** In the extension's global state: the person's machine, never a file the repository controls. */
const STATE_KEY = 'imagesmith.trustedAddresses';

const allowLabel = (): string => vscode.l10n.t('Allow');
const useDefaultLabel = (): string => vscode.l10n.t('Use the default');
const secretOf = (provider: AnyProvider): string => (secretName(provider) === 'login' ? vscode.l10n.t('login') : vscode.l10n.t('API key'));

/**
 * The addresses a person allowed a provider's key to go to although only a workspace
 * setting named them; and, for this window only, the ones they declined, so that the
 * panel does not ask again before each image.
 */
export class TrustedAddresses {
  private readonly declined = new Set<string>();
  /** One question per provider and origin on screen at a time, however many jobs wait for it. */
  private readonly asking = new Map<string, Promise<boolean | undefined>>();

  constructor(private readonly state: vscode.Memento) {}

  /**
   * The base URL a generation may use. A workspace-set address that would receive the key
   * is asked about when `interactive`, refused otherwise; declining it falls back to the
   * person's own setting (user value or default). Nothing is sent before the answer.
   */
  async baseUrlFor(provider: AnyProvider, setting: BaseUrlSetting, sendsKey: boolean, interactive: boolean): Promise<string> {
    const question = addressQuestion(setting, sendsKey, provider.defaultBaseUrl, (origin) => this.trusted(provider.id, origin));
    if (!question) return setting.value;
    const entry = trustEntry(provider.id, question.origin);
    if (this.declined.has(entry)) return setting.ownValue;
    if (!interactive) throw unconfirmed(provider, question);
    let pending = this.asking.get(entry);
    if (!pending) {
      pending = ask(provider, question).finally(() => this.asking.delete(entry));
      this.asking.set(entry, pending);
    }
    const allowed = await pending;
    if (allowed === undefined) throw cancelled(provider.label);
    if (!allowed) {
      this.declined.add(entry);
      return setting.ownValue;
    }
    await this.add(provider.id, question.origin);
    return setting.value;
  }

  trusted(provider: ProviderId, origin: string): boolean {
    return this.entries().includes(trustEntry(provider, origin));
  }

  /** Forgets the decisions about one provider's addresses, or about all; resolves to how many were remembered. */
  async forget(provider?: ProviderId): Promise<number> {
    const matches = (entry: string) => provider === undefined || entry.startsWith(`${provider} `);
    for (const entry of [...this.declined]) if (matches(entry)) this.declined.delete(entry);
    const entries = this.entries();
    const kept = entries.filter((entry) => !matches(entry));
    await this.state.update(STATE_KEY, kept.length > 0 ? kept : undefined);
    return entries.length - kept.length;
  }

  private async add(provider: ProviderId, origin: string): Promise<void> {
    const entry = trustEntry(provider, origin);
    const entries = this.entries();
    if (!entries.includes(entry)) await this.state.update(STATE_KEY, [...entries, entry]);
  }

  private entries(): string[] {
    const value = this.state.get<unknown>(STATE_KEY);
    return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
  }
}

function whoSetIt(setting: BaseUrlSetting): string {
  return setting.file ? vscode.l10n.t('the workspace settings in {0}', setting.file) : vscode.l10n.t('the workspace settings');
}

/** true: allowed; false: use the default; undefined: dismissed. */
async function ask(provider: AnyProvider, { origin, setting }: AddressQuestion): Promise<boolean | undefined> {
  const secret = secretOf(provider);
  const [allow, useDefault] = [allowLabel(), useDefaultLabel()];
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Send your {0} {1} to {2}?', provider.label, secret, origin),
    {
      modal: true,
      detail: vscode.l10n.t(
        '{0} is set to {1} by {2}, not by you. Imagesmith would send your {3} {4} to that server with each generation. Allow it only if you trust {5}; "{6}" sends the request to {7} instead. Imagesmith remembers an allowed address; "Imagesmith: Reset Trusted Provider Addresses" forgets it.',
        setting.key,
        setting.value,
        whoSetIt(setting),
        provider.label,
        secret,
        origin,
        useDefault,
        originOf(setting.ownValue) ?? setting.ownValue,
      ),
    },
    allow,
    useDefault,
  );
  if (choice === allow) return true;
  if (choice === useDefault) return false;
  return undefined;
}

function unconfirmed(provider: AnyProvider, { origin, setting }: AddressQuestion): ImagesmithError {
  return new ImagesmithError(
    'untrusted-address',
    vscode.l10n.t(
      '{0}\'s base URL {1} comes from {2} ({3}), and Imagesmith sends your {4} there only after you confirm that address. Generate once with {0} from the command palette or the Imagesmith panel and choose "{5}", or set {3} in your user settings. Nothing was sent.',
      provider.label,
      origin,
      whoSetIt(setting),
      setting.key,
      secretOf(provider),
      allowLabel(),
    ),
    { provider: provider.label, parameter: 'baseUrl', setting: setting.key },
  );
}
