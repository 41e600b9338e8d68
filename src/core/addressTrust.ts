/**
 * Whose word a provider's address is. A base URL is an ordinary setting, so a cloned
 * repository's `.vscode/settings.json` can name any server; the person's key must not go
 * there unless the person said so. This module decides; the host asks and remembers.
 */

/** Where the effective value of a setting comes from, as VS Code's `inspect()` tells it. */
export type SettingLevel = 'default' | 'user' | 'workspace';

/** A provider's base URL and where it was set. */
export interface BaseUrlSetting {
  /** The value in force. */
  readonly value: string;
  readonly level: SettingLevel;
  /** What the person's own settings give with the workspace's value set aside: the user value or the default. */
  readonly ownValue: string;
  /** The setting's full name, e.g. `imagesmith.providers.openai.baseUrl`. */
  readonly key: string;
  /** The file that set a workspace value, as a person would find it. */
  readonly file?: string;
}

/** What the person is asked before a key goes to an address only the workspace named. */
export interface AddressQuestion {
  readonly origin: string;
  readonly setting: BaseUrlSetting;
}

/** The origin of a URL, or undefined when it is not one. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A provider's base URL as requests are made against it, or undefined when the setting
 * is not an http or https URL. Relative paths resolve under the base only when it ends in
 * a slash, so one is added.
 */
export function providerBaseUrl(value: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/**
 * The question to ask before a generation may use this base URL, or undefined when it may
 * go ahead: when no key goes with it, when the person set it (user settings or the default),
 * when it points where the person's own settings would anyway, or when the person already
 * allowed that origin for this provider.
 */
export function addressQuestion(
  setting: BaseUrlSetting,
  sendsKey: boolean,
  defaultBaseUrl: string,
  isTrusted: (origin: string) => boolean,
): AddressQuestion | undefined {
  if (!sendsKey || setting.level === 'default' || setting.level === 'user') return undefined;
  const origin = originOf(setting.value);
  // Not a web address: the pipeline refuses it with the reason before anything is sent.
  if (origin === undefined) return undefined;
  if (origin === originOf(setting.ownValue) || origin === originOf(defaultBaseUrl)) return undefined;
  if (isTrusted(origin)) return undefined;
  return { origin, setting };
}

/** How trusted addresses are remembered: one entry per provider and origin. */
export function trustEntry(provider: string, origin: string): string {
  return `${provider} ${origin}`;
}
