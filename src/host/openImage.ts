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
