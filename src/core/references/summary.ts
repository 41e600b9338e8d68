import * as l10n from '@vscode/l10n';
import { clipEnd } from '../clip';
/** What a run of reference generations says at the end: what was made where and at what size, and what failed and why. */

export interface MadeImage {
  /** What the reference named: a workspace path or a placeholder URL. */
  readonly wanted: string;
  /** Where the image was saved, relative to the workspace folder. */
  readonly saved: string;
  /** `1216x640 for 1200x630`, `1024x1024`, or undefined when the provider's default size was used. */
  readonly size?: string;
}

export interface FailedImage {
  readonly wanted: string;
  readonly message: string;
}

export function summarize(made: readonly MadeImage[], failed: readonly FailedImage[], cancelled = 0): string {
  const total = made.length + failed.length + cancelled;
  const parts: string[] = [];
  if (made.length > 0) {
    const list = made.map((image) => {
      const saved = image.saved !== image.wanted ? l10n.t('{0} (for {1})', image.saved, clipEnd(image.wanted, 80)) : image.saved;
      return image.size ? `${saved}, ${image.size}` : saved;
    }).join('; ');
    if (made.length < total) parts.push(l10n.t('Imagesmith made {0} of {1} images: {2}.', made.length, total, list));
    else parts.push(total === 1 ? l10n.t('Imagesmith made the image: {0}.', list) : l10n.t('Imagesmith made all {0} images: {1}.', total, list));
  } else {
    parts.push(total === 1 ? l10n.t('Imagesmith made none of the image.') : l10n.t('Imagesmith made none of the {0} images.', total));
  }
  if (failed.length > 0) parts.push(l10n.t('Failed: {0}', failed.map((image) => `${clipEnd(image.wanted, 80)}: ${image.message}`).join('; ')));
  if (cancelled > 0) parts.push(l10n.t('{0} cancelled.', cancelled));
  return parts.join(' ');
}

