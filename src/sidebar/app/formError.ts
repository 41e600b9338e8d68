/**
 * The message above Generate when the form cannot be sent (marked values) or the host
 * refused it, with Open Settings when a setting is where to fix it.
 */
import * as l10n from '@vscode/l10n';
import { button, h, icon } from './dom';

export class FormError {
  readonly element = h('div', { class: 'form-error', role: 'alert', hidden: true });

  constructor(private readonly openSettings: () => void) {}

  /** What the message is about: 'values' goes once the marked values are fixed. */
  get kind(): string | undefined {
    return this.element.dataset.kind;
  }

  show(message: string, withSettings: boolean, kind = 'host'): void {
    this.element.replaceChildren(icon('error', 'err'), h('span', {}, message));
    if (withSettings) {
      const open = button(l10n.t('Open Settings'), { icon: 'settings-gear' });
      open.addEventListener('click', this.openSettings);
      this.element.append(open);
    }
    this.element.dataset.kind = kind;
    this.element.hidden = false;
  }

  hide(): void {
    this.element.hidden = true;
    this.element.replaceChildren();
    delete this.element.dataset.kind;
  }
}

/** A message under one field (or none), and the field marked invalid while there is one. */
export function showFieldError(field: HTMLElement, error: HTMLElement, message: string | undefined): void {
  error.hidden = message === undefined;
  error.textContent = message ?? '';
  if (message) field.setAttribute('aria-invalid', 'true');
  else field.removeAttribute('aria-invalid');
}
