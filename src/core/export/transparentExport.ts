/**
 * A generation asked for a transparent background (OpenAI's `background: transparent`)
 * and exported to JPEG would lose what was paid for: refused before anything is sent.
 * The check of the saved file's pixels is afterGeneration.ts's checkTransparency.
 */
import { ImagesmithError } from '../errors';
import type { Recipe } from './recipe';

/** Whether the recipe writes JPEG, which has no alpha channel. */
export function writesJpeg(recipe: Recipe): boolean {
  switch (recipe.kind) {
    case 'size':
      return recipe.format === 'jpeg';
    case 'format':
    case 'og':
      return recipe.format === 'jpeg';
    default:
      return false;
  }
}

/** The generation's parameters ask the provider for a transparent background. */
export function asksTransparency(params: Readonly<Record<string, unknown>> | undefined): boolean {
  return typeof params?.background === 'string' && params.background.toLowerCase() === 'transparent';
}

export function checkTransparentExport(recipe: Recipe, params: Readonly<Record<string, unknown>> | undefined): void {
  if (!asksTransparency(params) || !writesJpeg(recipe)) return;
  const instead = recipe.kind === 'og' ? 'the og set as webp ("og webp")' : 'png, webp or avif';
  throw new ImagesmithError('invalid-input', `The background is to be transparent, and JPEG cannot carry transparency: export to ${instead}, or ask for an opaque background.`, { parameter: 'export' });
}
