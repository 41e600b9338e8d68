/**
 * A larger look at one gallery image, inside the panel: the image at the panel's width,
 * its prompt and details. Escape or Close leaves it, and the focus goes back to where it was.
 */
import * as l10n from '@vscode/l10n';
import { button, h } from './dom';

export interface PreviewContent {
  readonly src: string | undefined;
  readonly name: string;
  readonly prompt: string;
  readonly details: string;
}

export class Preview {
  readonly element: HTMLElement;
  private readonly image: HTMLImageElement;
  private readonly prompt: HTMLElement;
  private readonly details: HTMLElement;
  private readonly close: HTMLButtonElement;
  private returnTo: HTMLElement | undefined;
  /** The gallery's key of the image on show. */
  shown: string | undefined;

  constructor() {
    this.image = h('img', { class: 'preview-image', alt: '' });
    this.prompt = h('p', { class: 'preview-prompt', id: 'preview-prompt' });
    this.details = h('p', { class: 'preview-details' });
    this.close = button(l10n.t('Close preview'), { icon: 'close', iconOnly: true, title: l10n.t('Close preview (Escape)') });
    this.close.classList.add('preview-close');
    this.close.addEventListener('click', () => this.hide());
    this.element = h(
      'div',
      { class: 'preview', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'preview-prompt', hidden: true },
      h('div', { class: 'preview-bar' }, this.close),
      this.image,
      this.prompt,
      this.details,
    );
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        this.hide();
      } else if (event.key === 'Tab') {
        // The one control inside keeps the focus while the preview is open.
        event.preventDefault();
        this.close.focus();
      }
    });
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  show(key: string, content: PreviewContent, returnTo: HTMLElement | undefined): void {
    this.shown = key;
    this.returnTo = returnTo;
    if (content.src) this.image.src = content.src;
    else this.image.removeAttribute('src');
    this.describe(content);
    this.element.hidden = false;
    this.close.focus();
  }

  /** The words under the image, again once its metadata has arrived. */
  describe(content: PreviewContent): void {
    this.image.alt = content.prompt || content.name;
    this.prompt.textContent = content.prompt || content.name;
    this.details.textContent = content.details;
  }

  hide(): void {
    if (!this.open) return;
    this.element.hidden = true;
    this.shown = undefined;
    const back = this.returnTo;
    this.returnTo = undefined;
    back?.focus();
  }
}
