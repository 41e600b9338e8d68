import * as vscode from 'vscode';

/**
 * Shows a new image in VS Code's preview, wherever it was made (palette, selection, panel):
 * beside the text being written, or in place when there is none, so that no empty column is
 * left behind, and without taking the focus from where the person is.
 */
export async function openNewImage(uri: vscode.Uri): Promise<void> {
  const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
  await vscode.commands.executeCommand('vscode.open', uri, { preview: true, preserveFocus: true, viewColumn: column });
}

/**
 * The file in the active editor tab (VS Code's image preview, or a text tab), when the
 * palette runs a command on "the image": the ones `accept` takes, or any.
 */
export function activeTabFile(accept: (uri: vscode.Uri) => boolean = () => true): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
  return uri && accept(uri) ? uri : undefined;
}
