import * as vscode from 'vscode';
import { ImagesmithError } from '../core/errors';
import { linkLeadsOut } from '../core/exactPath';
import { isSafeRelativeFolder, relativeSegments } from '../core/fileNames';
import type { WorkspaceFiles } from '../core/pipeline';

/** Larger than any workflow; a setting that names a model file by mistake must not fill memory. */
const MAX_BYTES = 5 * 1024 * 1024;

/** Files that settings name, read through workspace.fs and never from outside the folder. */
export class WorkspaceTextFiles implements WorkspaceFiles {
  constructor(private readonly folder: vscode.WorkspaceFolder) {}

  async readText(relativePath: string): Promise<string> {
    const trimmed = relativePath.trim();
    if (!isSafeRelativeFolder(trimmed)) {
      throw new ImagesmithError('invalid-input', `"${relativePath}" is not a file inside the workspace. Use a path relative to the workspace folder, without "..".`);
    }
    const uri = vscode.Uri.joinPath(this.folder.uri, ...relativeSegments(trimmed));
    // A link inside the workspace must not lead the read out of it.
    if (uri.scheme === 'file' && (await linkLeadsOut(this.folder.uri.fsPath, uri.fsPath)) !== undefined) {
      throw new ImagesmithError('invalid-input', `"${relativePath}" leads out of the workspace through a link; point the setting at a file inside it.`);
    }
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch (error) {
      const missing = error instanceof vscode.FileSystemError && error.code === 'FileNotFound';
      throw new ImagesmithError('invalid-input', missing ? `There is no file "${trimmed}" in the workspace.` : `"${trimmed}" could not be read (${error instanceof Error ? error.message : String(error)}).`, {
        cause: error,
      });
    }
    if (bytes.byteLength > MAX_BYTES) throw new ImagesmithError('invalid-input', `"${trimmed}" is larger than 5 MB, too large to be a workflow.`);
    return new TextDecoder().decode(bytes);
  }
}
