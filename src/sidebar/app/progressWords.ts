/**
 * The page's words for a job's stage, in the display language. The stages are decided on
 * the host (src/core/progressText.ts); only the wording is the page's, from the page's bundle.
 * The buttons that fix a failure are worded by src/core/remedyLabels.ts, shared with the host.
 */
import * as l10n from '@vscode/l10n';
import type { JobView } from '../protocol/views';

/** What a generation by `label` is doing, in words; the card and the live region say the same. */
export function describeStage(progress: JobView['progress'], label: string): string {
  switch (progress.stage) {
    case 'queued':
      return progress.ahead ? l10n.t('Waiting for a free slot ({0} in line)…', progress.ahead) : l10n.t('Starting…');
    case 'validating':
      return l10n.t('Checking the parameters…');
    case 'sending':
      return l10n.t('Sending the prompt to {0}…', label);
    case 'waiting':
      return progress.checks === 1 ? l10n.t('Waiting on {0} (1 status check)…', label) : l10n.t('Waiting on {0} ({1} status checks)…', label, progress.checks);
    case 'generating':
      return l10n.t('{0} is generating… {1}%', label, Math.round(Math.min(1, Math.max(0, progress.fraction)) * 100));
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
