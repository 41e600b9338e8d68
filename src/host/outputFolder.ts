import * as vscode from 'vscode';
import { ImagesmithError } from '../core/errors';
import { linkLeadsOut, parseTargetPath } from '../core/exactPath';
import { isSafeRelativeFolder, relativeSegments } from '../core/fileNames';

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
      { parameter: 'outputFolder', setting: 'imagesmith.outputFolder' },
    );
  }
  return vscode.Uri.joinPath(folder.uri, ...relativeSegments(trimmed));
}

/**
 * The output folder as it will be written, refused when a link inside the workspace leads
 * it out. Only `file:` folders have links to follow; others are taken as they are.
 */
export async function checkedOutputFolder(folder: vscode.WorkspaceFolder, setting: string): Promise<vscode.Uri> {
  const uri = outputFolderUri(folder, setting);
  if (uri.scheme !== 'file') return uri;
  const target = await linkLeadsOut(folder.uri.fsPath, uri.fsPath);
  if (target !== undefined) {
    throw new ImagesmithError(
      'invalid-input',
      `The output folder "${setting}" leads out of the workspace through a link (to ${target}). Point imagesmith.outputFolder at a real folder inside the workspace.`,
      { parameter: 'outputFolder', setting: 'imagesmith.outputFolder' },
    );
  }
  return uri;
}

/** Where a generation's images go: the output folder, or the folder of an exact path with the name to take there. */
export interface SaveTarget {
  readonly folder: vscode.Uri;
  readonly file?: { readonly stem: string; readonly ext?: string };
}

/**
 * The output folder, or for an exact workspace-relative path (`public/images/hero.png`)
 * its folder and name; refused before anything is sent when the path or a link on the
 * way leads out of the workspace.
 */
export async function saveTarget(folder: vscode.WorkspaceFolder, outputFolder: string, exactPath?: string): Promise<SaveTarget> {
  if (exactPath === undefined) return { folder: await checkedOutputFolder(folder, outputFolder) };
  const target = parseTargetPath(exactPath);
  const uri = vscode.Uri.joinPath(folder.uri, ...target.folders);
  if (uri.scheme === 'file') {
    const real = await linkLeadsOut(folder.uri.fsPath, vscode.Uri.joinPath(folder.uri, target.path).fsPath);
    if (real !== undefined) {
      throw new ImagesmithError('invalid-input', `The path "${target.path}" leads out of the workspace through a link (to ${real}). Give a path to a real folder inside the workspace.`, {
        parameter: 'path',
      });
    }
  }
  return { folder: uri, file: { stem: target.stem, ...(target.ext === undefined ? {} : { ext: target.ext }) } };
}
