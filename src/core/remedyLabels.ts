/**
 * The remedies' buttons in the display language. Apart from remedies.ts so that the page,
 * which draws the labels it is handed, does not bundle the translation runtime.
 */
import * as l10n from '@vscode/l10n';
import type { Remedy } from './remedies';

export function remedyLabel(remedy: Remedy): string {
  switch (remedy) {
    case 'setApiKey':
      return l10n.t('Set API Key…');
    case 'retry':
      return l10n.t('Retry');
    case 'openSettings':
      return l10n.t('Open Settings');
    case 'openFolder':
      return l10n.t('Open Folder…');
    case 'showLog':
      return l10n.t('Show Log');
    default: {
      const unreachable: never = remedy;
      return unreachable;
    }
  }
}
