/** What the gallery offers on an image: open, reveal, copy its path, link it, delete it. */
import * as vscode from 'vscode';
import { sidecarName } from '../core/fileNames';
import { parseInfotext } from '../core/infotext';
import { markdownImageLink, relativePath } from '../core/markdown';
import type { LogChannel } from '../host/log';
import type { GalleryService } from './gallery/galleryService';
import type { ImageAction, ImageRef } from './protocol';
import { exists } from '../host/fsHelpers';

export interface ActionOutcome {
  readonly ok: boolean;
  readonly message?: string;
}

export async function runImageAction(action: ImageAction, ref: ImageRef, gallery: GalleryService, log: LogChannel): Promise<ActionOutcome> {
  const uri = gallery.uri(ref);
  if (!uri) return { ok: false, message: 'That image is no longer in the output folder.' };
  switch (action) {
    case 'open':
      await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
      return { ok: true };
    case 'reveal':
      await vscode.commands.executeCommand('revealInExplorer', uri);
      return { ok: true };
    case 'copyPath':
      await vscode.env.clipboard.writeText(uri.scheme === 'file' ? uri.fsPath : uri.toString());
      return { ok: true, message: 'Path copied.' };
    case 'insertLink':
      return insertLink(ref, uri, gallery);
    case 'export': {
      // The command asks for the recipe and offers the snippet; the gallery shows the new files.
      const written = await vscode.commands.executeCommand<string[] | undefined>('imagesmith.exportImage', uri);
      return written ? { ok: true, message: `Exported ${written.length} file${written.length === 1 ? '' : 's'}.` } : { ok: false };
    }
    case 'delete':
      return deleteImage(uri, log);
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

/**
 * The editor a link goes into: the active one, else the one visible editor. Focus is
 * in the panel when this runs, and VS Code keeps the last text editor active then.
 */
function targetEditor(): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (active) return active;
  const visible = vscode.window.visibleTextEditors.filter((editor) => editor.document.uri.scheme !== 'output');
  return visible.length === 1 ? visible[0] : undefined;
}

async function insertLink(ref: ImageRef, uri: vscode.Uri, gallery: GalleryService): Promise<ActionOutcome> {
  const editor = targetEditor();
  if (!editor) return { ok: false, message: 'Open the Markdown document to insert the link into, then try again.' };
  const doc = editor.document;
  const infotext = await gallery.infotext(ref).catch(() => undefined);
  const prompt = (infotext ? parseInfotext(infotext).prompt : '') || ref.name.replace(/\.[^.]+$/, '');
  // Relative to the document when both live on one file system; an untitled one has no folder yet.
  const sameTree = doc.uri.scheme === uri.scheme && doc.uri.authority === uri.authority && !doc.isUntitled;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const base = sameTree ? dirname(doc.uri.path) : (folder?.uri.path ?? dirname(uri.path));
  const link = markdownImageLink(prompt, relativePath(base, uri.path));
  const applied = await editor.edit((edit) => {
    for (const selection of editor.selections) edit.replace(selection, link);
  });
  if (!applied) return { ok: false, message: 'The document did not accept the link.' };
  return { ok: true, message: `Link inserted into ${vscode.workspace.asRelativePath(doc.uri, false)}.` };
}

function dirname(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

async function deleteImage(uri: vscode.Uri, log: LogChannel): Promise<ActionOutcome> {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const confirm = 'Move to Trash';
  const choice = await vscode.window.showWarningMessage(`Delete ${name}?`, { modal: true, detail: 'The image (and its .txt, if any) goes to the trash.' }, confirm);
  if (choice !== confirm) return { ok: false };
  const sidecar = uri.with({ path: `${dirname(uri.path)}/${sidecarName(name)}` });
  const targets = [uri, ...((await exists(sidecar)) ? [sidecar] : [])];
  try {
    for (const target of targets) await vscode.workspace.fs.delete(target, { useTrash: true });
  } catch (error) {
    log.warn(`gallery: moving ${name} to the trash failed: ${String(error)}`);
    // Some file systems (remote ones among them) have no trash: ask before deleting for good.
    const permanently = 'Delete Permanently';
    const again = await vscode.window.showWarningMessage(`${name} cannot be moved to the trash. Delete it permanently?`, { modal: true }, permanently);
    if (again !== permanently) return { ok: false };
    for (const target of targets) {
      if (await exists(target)) await vscode.workspace.fs.delete(target, { useTrash: false });
    }
  }
  log.info(`gallery: deleted ${name}`);
  return { ok: true };
}
