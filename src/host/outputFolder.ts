import * as vscode from 'vscode';
import { ImagesmithError } from '../core/errors';
import { isSafeRelativeFolder } from '../core/fileNames';

/** The folder of the active editor's file, else the first folder; undefined when none is open. */
export function currentWorkspaceFolder(): vscode.WorkspaceFolder | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
}

export function requireWorkspaceFolder(): vscode.WorkspaceFolder {
  const folder = currentWorkspaceFolder();
  if (!folder) {
    throw new ImagesmithError('no-workspace', 'Imagesmith saves images into the workspace, and no folder is open. Open a folder, then generate again; your prompt is kept.');
  }
  return folder;
}

/** `imagesmith.outputFolder` inside the workspace folder; absolute paths and '..' are refused. */
export function outputFolderUri(folder: vscode.WorkspaceFolder, setting: string): vscode.Uri {
  const trimmed = setting.trim();
  if (!isSafeRelativeFolder(trimmed)) {
    throw new ImagesmithError(
      'invalid-input',
      `The output folder "${setting}" is not a folder inside the workspace. Set imagesmith.outputFolder to a relative path without "..", such as "assets".`,
      { parameter: 'outputFolder' },
    );
  }
  const segments = trimmed.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}
