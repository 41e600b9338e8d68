/**
 * The remedies' buttons in the display language, for the palette's notification and the
 * panel's job card alike. Apart from remedies.ts, which the page reads for the decision only.
 */
import * as l10n from '@vscode/l10n';
import type { Remedy } from './remedies';

/** The button each fix is drawn as; a local server's optional secret is its login. */
export function remedyLabel(remedy: Remedy, login = false): string {
  const labels: Readonly<Record<Remedy, string>> = {
    setApiKey: login ? l10n.t('Set Login…') : l10n.t('Set API Key…'),
    retry: l10n.t('Retry'),
    openSettings: l10n.t('Open Settings'),
    openFolder: l10n.t('Open Folder…'),
    showLog: l10n.t('Show Log'),
  };
  return labels[remedy];
}
