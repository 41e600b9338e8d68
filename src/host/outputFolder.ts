import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
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

/**
 * The output folder as it will be written, refused when a link inside the workspace leads
 * it out. Only `file:` folders have links to follow; others are taken as they are.
 */
export async function checkedOutputFolder(folder: vscode.WorkspaceFolder, setting: string): Promise<vscode.Uri> {
  const uri = outputFolderUri(folder, setting);
  if (uri.scheme !== 'file') return uri;
  const root = await realpath(folder.uri.fsPath).catch(() => folder.uri.fsPath);
  const target = await resolveExisting(uri.fsPath);
  const relative = path.relative(root, target);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new ImagesmithError(
      'invalid-input',
      `The output folder "${setting}" leads out of the workspace through a link (to ${target}). Point imagesmith.outputFolder at a real folder inside the workspace.`,
      { parameter: 'outputFolder' },
    );
  }
  return uri;
}

/** The real path of `file`, or of its nearest existing ancestor joined with the rest. */
async function resolveExisting(file: string): Promise<string> {
  const missing: string[] = [];
  let current = file;
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return file;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}
