/**
 * Beside the provider: whether it needs a key and whether one is set, with the button
 * that sets it (a local server's optional login included).
 */
import * as l10n from '@vscode/l10n';
import type { ProviderView } from '../protocol/views';
import { button, h, icon } from './dom';
import { post } from './hostChannel';

export function drawKeyStatus(keyStatus: HTMLElement, provider: ProviderView): void {
  keyStatus.replaceChildren();
  if (!provider.needsKey) {
    keyStatus.append(icon('pass'), h('span', {}, provider.hasKey ? l10n.t('No API key needed; login set.') : l10n.t('No API key needed.')));
    if (provider.optionalKey) {
      const login = button(provider.hasKey ? l10n.t('Change Login…') : l10n.t('Set Login…'), { icon: 'key', title: l10n.t('Optional: {0}', provider.optionalKey) });
      login.addEventListener('click', () => post({ type: 'setApiKey', provider: provider.id }));
      keyStatus.append(login);
    }
    return;
  }
  const set = button(provider.hasKey ? l10n.t('Change API Key…') : l10n.t('Set API Key…'), { icon: 'key' });
  set.addEventListener('click', () => post({ type: 'setApiKey', provider: provider.id }));
  keyStatus.append(
    icon(provider.hasKey ? 'pass-filled' : 'warning', provider.hasKey ? 'ok' : 'warn'),
    h('span', {}, provider.hasKey ? l10n.t('API key set.') : l10n.t('{0} needs an API key.', provider.label)),
    set,
  );
}

export function keyText(provider: ProviderView): string {
  if (!provider.needsKey) return l10n.t('no key needed');
  return provider.hasKey ? l10n.t('API key set') : l10n.t('needs an API key');
}
