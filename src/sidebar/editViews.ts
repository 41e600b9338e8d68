/**
 * What each provider can do with an image to start from, as the panel's Source image slot
 * offers it (host side, free of vscode so that it is tested in plain mocha).
 */
import type { AnyProvider } from '../core/types';
import { MAX_SOURCE_IMAGES, type EditView } from './protocol/sourceImages';

/** A provider's edits as the panel offers them, with the strengths its settings make the default. */
export function editViewOf(provider: AnyProvider, defaults: Readonly<Record<string, unknown>>): EditView | undefined {
  const support = provider.edits;
  if (!support?.operations.includes('edit')) return undefined;
  const known = new Set(Object.keys(support.params.shape));
  const editParams = Object.fromEntries(Object.entries(defaults).filter(([key]) => known.has(key)));
  const painted = { width: 1, height: 1, coverage: new Uint8Array([255]) };
  const strength = support.strengthDefault({ operation: 'edit' }, editParams);
  const maskedStrength = support.takesMask ? support.strengthDefault({ operation: 'edit', mask: painted }, editParams) : undefined;
  return {
    maxImages: Math.min(support.maxImages, MAX_SOURCE_IMAGES),
    takesMask: support.takesMask,
    ...(strength === undefined ? {} : { strength }),
    ...(maskedStrength === undefined ? {} : { maskedStrength }),
  };
}
