import * as vscode from 'vscode';
import type { ProviderId } from '../core/types';

const keyName = (provider: ProviderId) => `imagesmith.apiKey.${provider}`;

/**
 * API keys in SecretStorage, never in settings. The keys it has seen are remembered
 * in memory so the log can redact them.
 */
export class KeyStore implements vscode.Disposable {
  private readonly known = new Set<string>();
  private readonly changed = new vscode.EventEmitter<ProviderId>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((event) => {
      const match = /^imagesmith\.apiKey\.(\w+)$/.exec(event.key);
      if (match?.[1]) this.changed.fire(match[1] as ProviderId);
    });
  }

  async get(provider: ProviderId): Promise<string | undefined> {
    const key = (await this.secrets.get(keyName(provider)))?.trim();
    if (key) this.known.add(key);
    return key || undefined;
  }

  async has(provider: ProviderId): Promise<boolean> {
    return (await this.get(provider)) !== undefined;
  }

  async set(provider: ProviderId, key: string): Promise<void> {
    const trimmed = key.trim();
    this.known.add(trimmed);
    await this.secrets.store(keyName(provider), trimmed);
  }

  async clear(provider: ProviderId): Promise<void> {
    await this.secrets.delete(keyName(provider));
  }

  /** Every key seen since start, for redaction. */
  secretsSeen(): Iterable<string> {
    return this.known;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
