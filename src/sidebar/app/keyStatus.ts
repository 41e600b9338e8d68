/**
 * Beside the provider: whether it needs a key and whether one is set, with the button
 * that sets it (a local server's optional login included).
 */
import type { ProviderView } from '../protocol/views';
import { button, h, icon } from './dom';
import { post } from './hostChannel';

export function drawKeyStatus(keyStatus: HTMLElement, provider: ProviderView): void {
  keyStatus.replaceChildren();
  if (!provider.needsKey) {
    keyStatus.append(icon('pass'), h('span', {}, provider.hasKey ? 'No API key needed; login set.' : 'No API key needed.'));
    if (provider.optionalKey) {
      const login = button(provider.hasKey ? 'Change Login…' : 'Set Login…', { icon: 'key', title: `Optional: ${provider.optionalKey}` });
      login.addEventListener('click', () => post({ type: 'setApiKey', provider: provider.id }));
      keyStatus.append(login);
    }
    return;
  }
  const set = button(provider.hasKey ? 'Change API Key…' : 'Set API Key…', { icon: 'key' });
  set.addEventListener('click', () => post({ type: 'setApiKey', provider: provider.id }));
  keyStatus.append(
    icon(provider.hasKey ? 'pass-filled' : 'warning', provider.hasKey ? 'ok' : 'warn'),
    h('span', {}, provider.hasKey ? 'API key set.' : `${provider.label} needs an API key.`),
    set,
  );
}

export function keyText(provider: ProviderView): string {
  if (!provider.needsKey) return 'no key needed';
  return provider.hasKey ? 'API key set' : 'needs an API key';
}
