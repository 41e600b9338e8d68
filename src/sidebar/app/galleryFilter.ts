/** The gallery's filter: words of the prompt (or the file name) and a provider. */
import * as l10n from '@vscode/l10n';
import { h } from './dom';

export interface GalleryFilter {
  readonly text: string;
  /** A provider as the files name it; empty for all. */
  readonly provider: string;
}

export const NO_FILTER: GalleryFilter = { text: '', provider: '' };

export const filtering = (filter: GalleryFilter): boolean => filter.text.trim() !== '' || filter.provider !== '';

/**
 * Whether an image matches: every word of the text in its prompt or its name, in any
 * case, and the provider its file names. Undefined while its metadata is not loaded.
 */
export function matches(filter: GalleryFilter, name: string, meta: { readonly prompt: string; readonly provider?: string } | undefined): boolean | undefined {
  if (!filtering(filter)) return true;
  if (!meta) return undefined;
  if (filter.provider && (meta.provider ?? '').toLowerCase() !== filter.provider.toLowerCase()) return false;
  const haystack = `${meta.prompt}\n${name}`.toLowerCase();
  return filter.text
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/** The provider choices: those the loaded images name, and the one chosen; redrawn only when they change. */
export function drawProviderOptions(
  select: HTMLSelectElement,
  metas: Iterable<{ readonly provider?: string }>,
  labels: ReadonlyMap<string, string>,
  filter: GalleryFilter,
): void {
  const named = new Map<string, string>();
  for (const meta of metas) {
    if (meta.provider) named.set(meta.provider.toLowerCase(), labels.get(meta.provider.toLowerCase()) ?? meta.provider);
  }
  if (filter.provider) named.set(filter.provider.toLowerCase(), labels.get(filter.provider.toLowerCase()) ?? filter.provider);
  const wanted = [...named].sort((a, b) => a[1].localeCompare(b[1]));
  const current = Array.from(select.options).slice(1).map((option) => `${option.value}=${option.text}`);
  if (current.join('\n') === wanted.map(([value, text]) => `${value}=${text}`).join('\n')) return;
  select.replaceChildren(h('option', { value: '' }, l10n.t('All providers')), ...wanted.map(([value, text]) => h('option', { value }, text)));
  select.value = filter.provider.toLowerCase();
}
