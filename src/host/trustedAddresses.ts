import * as vscode from 'vscode';
import { addressQuestion, originOf, trustEntry, type AddressQuestion, type BaseUrlSetting } from '../core/addressTrust';
import { ImagesmithError, cancelled } from '../core/errors';
import { secretName, type AnyProvider, type ProviderId } from '../core/types';

/** In the extension's global state: the person's machine, never a file the repository controls. */
const STATE_KEY = 'imagesmith.trustedAddresses';

const ALLOW = 'Allow';
const USE_DEFAULT = 'Use the default';

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
  const scope = setting.level === 'workspaceFolder' ? 'the folder settings' : 'the workspace settings';
  return setting.file ? `${scope} in ${setting.file}` : scope;
}

/** true: allowed; false: use the default; undefined: dismissed. */
async function ask(provider: AnyProvider, { origin, setting }: AddressQuestion): Promise<boolean | undefined> {
  const secret = secretName(provider);
  const choice = await vscode.window.showWarningMessage(
    `Send your ${provider.label} ${secret} to ${origin}?`,
    {
      modal: true,
      detail:
        `${setting.key} is set to ${setting.value} by ${whoSetIt(setting)}, not by you. ` +
        `Imagesmith would send your ${provider.label} ${secret} to that server with each generation. ` +
        `Allow it only if you trust ${origin}; "${USE_DEFAULT}" sends the request to ${originOf(setting.ownValue) ?? setting.ownValue} instead. ` +
        `Imagesmith remembers an allowed address; "Imagesmith: Reset Trusted Provider Addresses" forgets it.`,
    },
    ALLOW,
    USE_DEFAULT,
  );
  if (choice === ALLOW) return true;
  if (choice === USE_DEFAULT) return false;
  return undefined;
}

function unconfirmed(provider: AnyProvider, { origin, setting }: AddressQuestion): ImagesmithError {
  return new ImagesmithError(
    'untrusted-address',
    `${provider.label}'s base URL ${origin} comes from ${whoSetIt(setting)} (${setting.key}), and Imagesmith sends your ${secretName(provider)} there ` +
      `only after you confirm that address. Generate once with ${provider.label} from the command palette or the Imagesmith panel and choose "${ALLOW}", ` +
      `or set ${setting.key} in your user settings. Nothing was sent.`,
    { provider: provider.label, parameter: 'baseUrl', setting: setting.key },
  );
}
