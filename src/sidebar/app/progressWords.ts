/**
 * The page's words for a job's stage and for the buttons that fix a failure, in the display
 * language. The stages and the fixes are decided on the host (src/core/progressText.ts,
 * src/core/remedies.ts); only the wording is the page's, from the page's bundle.
 */
import * as l10n from '@vscode/l10n';
import type { Remedy } from '../../core/remedies';
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

/** The button each fix is drawn as; a local server's optional secret is its login. */
export function remedyLabel(remedy: Remedy, login: boolean): string {
  const labels: Readonly<Record<Remedy, string>> = {
    setApiKey: login ? l10n.t('Set Login…') : l10n.t('Set API Key…'),
    retry: l10n.t('Retry'),
    openSettings: l10n.t('Open Settings'),
    openFolder: l10n.t('Open Folder…'),
    showLog: l10n.t('Show Log'),
  };
  return labels[remedy];
}
