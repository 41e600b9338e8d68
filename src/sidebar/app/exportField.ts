/**
 * The generator's "Export after generating" field: a recipe in its text form, with the
 * built-in ones offered as suggestions.
 */
import * as l10n from '@vscode/l10n';
import { LIMITS } from '../protocol/values';
import { h, uid } from './dom';

export function exportRecipeField(): { readonly field: HTMLElement; readonly input: HTMLInputElement } {
  const exportId = uid('export');
  const exportHint = h('p', { class: 'field-hint', id: uid('hint') }, l10n.t('Optional: derived files made from the image, for example {0}.', '1200x630 cover webp public/hero.webp, favicon, pwa, og, app-icon, avif q50'));
  const exportChoices = h('datalist', { id: uid('recipes') }, ...['favicon', 'pwa', 'og jpeg', 'og webp', 'app-icon', '1200x630 cover webp', 'webp q80', 'avif q50'].map((value) => h('option', { value })));
  const input = h('input', {
    id: exportId,
    class: 'input',
    type: 'text',
    maxlength: LIMITS.exportText,
    list: exportChoices.id,
    placeholder: l10n.t('No export'),
    'aria-describedby': exportHint.id,
    spellcheck: 'false',
  });
  input.dataset.key = 'export';
  const field = h('div', { class: 'field' }, h('label', { for: exportId }, l10n.t('Export after generating')), input, exportChoices, exportHint);
  return { field, input };
}
