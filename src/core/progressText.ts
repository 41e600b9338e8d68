import * as l10n from '@vscode/l10n';
import type { Progress } from './types';

/** A stage as the panel's protocol carries it: the same stages, `queued` possibly before any count. */
export type ProgressLike = Exclude<Progress, { stage: 'queued' | 'saved' }> | { readonly stage: 'queued'; readonly ahead?: number } | { readonly stage: 'saved' };

/**
 * What a generation is doing, in words and in the display language: the progress
 * notification, the status bar, the panel's card and its live region say the same. Without
 * a label the words leave the provider out, for a place whose title names it.
 */
export function describeProgress(progress: ProgressLike | undefined, label?: string): string {
  if (!progress) return l10n.t('Starting…');
  switch (progress.stage) {
    case 'queued':
      return progress.ahead ? l10n.t('Waiting for a free slot ({0} in line)…', progress.ahead) : l10n.t('Starting…');
    case 'validating':
      return l10n.t('Checking the parameters…');
    case 'sending':
      return label ? l10n.t('Sending the prompt to {0}…', label) : l10n.t('Sending the prompt…');
    case 'waiting':
      if (label) return progress.checks === 1 ? l10n.t('Waiting on {0} (1 status check)…', label) : l10n.t('Waiting on {0} ({1} status checks)…', label, progress.checks);
      return progress.checks === 1 ? l10n.t('Waiting (1 status check)…') : l10n.t('Waiting ({0} status checks)…', progress.checks);
    case 'generating': {
      const percent = Math.round(Math.min(1, Math.max(0, progress.fraction)) * 100);
      return label ? l10n.t('{0} is generating… {1}%', label, percent) : l10n.t('Generating… {0}%', percent);
    }
    case 'downloading':
      return progress.total > 1 ? l10n.t('Downloading image {0} of {1}…', Math.min(progress.done + 1, progress.total), progress.total) : l10n.t('Downloading the image…');
    case 'saving':
      return l10n.t('Saving…');
    case 'saved':
      return l10n.t('Saved.');
    default: {
      const unreachable: never = progress;
      return String(unreachable);
    }
  }
}
