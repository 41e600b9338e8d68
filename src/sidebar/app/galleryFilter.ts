/** The gallery's filter: words of the prompt (or the file name) and a provider. */
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
