import * as vscode from 'vscode';
import { ImagesmithError } from '../core/errors';
import { currentWorkspaceFolder } from './outputFolder';

/**
 * For a caller the person is not looking at (a chat agent's tool): with no folder open,
 * the person is shown what to do with an Open Folder button, and the caller gets an error
 * that says the same in its own terms.
 */
export function requireFolderFor(caller: string): vscode.WorkspaceFolder {
  const folder = currentWorkspaceFolder();
  if (folder) return folder;
  const openFolder = vscode.l10n.t('Open Folder');
  void vscode.window
    .showErrorMessage(vscode.l10n.t('Imagesmith: {0} needs a folder to save images into, and no folder is open. Open a folder, then ask again.', caller), openFolder)
    .then((choice) => (choice === openFolder ? vscode.commands.executeCommand('vscode.openFolder') : undefined));
  throw new ImagesmithError(
    'no-workspace',
    'No folder is open in VS Code, and Imagesmith writes images into the workspace folder, so nothing was generated. The person has been offered Open Folder; ask them to open a folder (File > Open Folder…), then call this tool again.',
  );
}
