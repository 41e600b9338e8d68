import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

/**
 * core/ and providers/ cannot import `vscode`, so they word their messages through
 * @vscode/l10n, which does not know the display language by itself: it gets the bundle
 * VS Code loaded for this extension. With English (no bundle) it is left unconfigured and
 * returns the English texts, as it does in the unit tests.
 */
export function localizeCoreMessages(): void {
  const bundle = vscode.l10n.bundle;
  if (bundle) l10n.config({ contents: bundle });
}
