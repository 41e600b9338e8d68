/**
 * The one workspace file the panel's values name (a ComfyUI workflow), watched once it is
 * asked about, so that creating, changing or deleting it redraws the panel and its marks.
 */
import * as vscode from 'vscode';
import { isSafeRelativeFolder } from '../core/fileNames';
import { exists } from '../host/fsHelpers';

export class WatchedFile implements vscode.Disposable {
  private watched: { readonly key: string; readonly watcher: vscode.FileSystemWatcher } | undefined;

  constructor(private readonly changed: () => void) {}

  /** Whether `path` is a file in the folder; it is watched from then on. */
  async exists(folder: vscode.WorkspaceFolder, path: string): Promise<boolean> {
    if (!isSafeRelativeFolder(path)) return false;
    const key = `${folder.index}/${path}`;
    if (this.watched?.key !== key) {
      this.watched?.watcher.dispose();
      // Its folders too: a file written into a folder made a moment before can reach a watcher before the folder's own watch does.
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, withParents(path)));
      watcher.onDidCreate(this.changed);
      watcher.onDidChange(this.changed);
      watcher.onDidDelete(this.changed);
      this.watched = { key, watcher };
    }
    return exists(vscode.Uri.joinPath(folder.uri, path));
  }

  dispose(): void {
    this.watched?.watcher.dispose();
    this.watched = undefined;
  }
}

/** A glob that matches a relative path and each folder on the way to it: `{a,a/b,a/b/c.json}`. */
function withParents(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean).map((part) => part.replace(/[[\]{}*?,!]/g, (c) => `[${c}]`));
  return `{${parts.map((_, index) => parts.slice(0, index + 1).join('/')).join(',')}}`;
}
