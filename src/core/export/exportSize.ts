/**
 * The size to generate at when the image is to be exported: a provider rarely makes the
 * recipe's size (1200×630, say), so the generation asks for the nearest size it makes
 * (sizes.ts) and the export resizes; what was done is said in the result.
 */
import { mapSize, type Size, type SizeMapping, type SizeRule } from '../sizes';
import type { Recipe } from './recipe';

/** The icon sets want a square source; 1024 is their largest icon (app-icon's) and a size the providers make well. */
const ICON_SOURCE: Size = { width: 1024, height: 1024 };

/** The size a recipe's source should have; undefined for a format change, which keeps any size. */
export function wantedSourceSize(recipe: Recipe): Size | undefined {
  switch (recipe.kind) {
    case 'size':
      return { width: recipe.width, height: recipe.height };
    case 'og':
      return { width: 1200, height: 630 };
    case 'favicon':
    case 'pwa':
    case 'app-icon':
      return ICON_SOURCE;
    case 'format':
      return undefined;
  }
}

/**
 * The provider's size parameters for the nearest size it makes to the recipe's; undefined
 * when the recipe keeps any size, or when `given` names a size parameter already (a size
 * the caller asked for wins).
 */
export function exportSizeMapping(recipe: Recipe, rule: SizeRule, given: Readonly<Record<string, unknown>>): SizeMapping | undefined {
  const wanted = wantedSourceSize(recipe);
  if (!wanted) return undefined;
  const mapping = mapSize(wanted, rule);
  return Object.keys(mapping.params).some((key) => given[key] !== undefined) ? undefined : mapping;
}

/**
 * What the result says when the provider did not make the recipe's size, e.g. "PopCord
 * does not make 1200x630: it was asked for 1024x576, the nearest size it makes; the
 * export resized it." `generated` is the file's real size, when known.
 */
export function describeExportSize(provider: string, mapping: SizeMapping, generated?: Size): string | undefined {
  const asked = `${mapping.asked.width}x${mapping.asked.height}`;
  const made = generated ? `${generated.width}x${generated.height}` : mapping.made;
  const differs = made !== mapping.made ? ` and made ${made}` : '';
  if (!mapping.exact) return `${provider} does not make ${asked}: it was asked for ${mapping.made}, the nearest size it makes${differs}; the export resized it.`;
  if (made !== asked) return `${provider} was asked for ${asked}${differs}; the export resized it.`;
  return undefined;
}
