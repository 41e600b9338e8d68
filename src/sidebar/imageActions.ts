/** What the gallery offers on an image: open, reveal, copy its path, link it, delete it. */
import * as vscode from 'vscode';
import { basename, dirname, sidecarName } from '../core/fileNames';
import { parseInfotext } from '../core/infotext';
import { markdownLinkTo } from '../core/markdown';
import type { LogChannel } from '../host/log';
import type { GalleryService } from './gallery/galleryService';
import type { ImageRef } from './protocol/values';
import type { BatchImageAction, ImageAction } from './protocol/views';
import { exists } from '../host/fsHelpers';
import { markWalkthroughStep } from '../host/walkthroughSteps';

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
    case 'copyRelativePath':
      await vscode.env.clipboard.writeText(workspaceRelative(uri));
      return { ok: true, message: 'Relative path copied.' };
    case 'insertLink':
      return insertLinks([{ ref, uri }], gallery);
    case 'export': {
      // The command asks for the recipe and offers the snippet; the gallery shows the new files.
      const written = await vscode.commands.executeCommand<string[] | undefined>('imagesmith.exportImage', uri);
      return written ? { ok: true, message: `Exported ${written.length} file${written.length === 1 ? '' : 's'}.` } : { ok: false };
    }
    case 'delete':
      return deleteImages([uri], log);
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

/** One action on several images: links inserted as one edit, or one confirmation for all the deletions. */
export async function runBatchImageAction(action: BatchImageAction, refs: readonly ImageRef[], gallery: GalleryService, log: LogChannel): Promise<ActionOutcome> {
  const found = refs.flatMap((ref) => {
    const uri = gallery.uri(ref);
    return uri ? [{ ref, uri }] : [];
  });
  if (found.length === 0) return { ok: false, message: 'Those images are no longer in the output folder.' };
  switch (action) {
    case 'insertLink':
      return insertLinks(found, gallery);
    case 'delete':
      return deleteImages(
        found.map(({ uri }) => uri),
        log,
      );
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

/** The path from the workspace folder (named first when there are several), as the Explorer's Copy Relative Path gives it. */
function workspaceRelative(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
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

/** Links to the images, each a paragraph of its own, inserted after the cursor's line as one edit. */
async function insertLinks(images: ReadonlyArray<{ ref: ImageRef; uri: vscode.Uri }>, gallery: GalleryService): Promise<ActionOutcome> {
  const editor = targetEditor();
  if (!editor) return { ok: false, message: 'Open the Markdown document to insert the link into, then try again.' };
  const doc = editor.document;
  const links: string[] = [];
  for (const { ref, uri } of images) {
    const infotext = await gallery.infotext(ref).catch(() => undefined);
    const prompt = (infotext ? parseInfotext(infotext).prompt : '') || ref.name.replace(/\.[^.]+$/, '');
    links.push(markdownLinkTo(prompt, uri, doc.isUntitled ? undefined : doc.uri, vscode.workspace.getWorkspaceFolder(uri)?.uri.path));
  }
  if (!(await insertAsParagraph(editor, links.join('\n\n')))) return { ok: false, message: 'The document did not accept the link.' };
  markWalkthroughStep('linked');
  const what = links.length === 1 ? 'Link' : `${links.length} links`;
  return { ok: true, message: `${what} inserted into ${vscode.workspace.asRelativePath(doc.uri, false)}.` };
}

/**
 * Puts `text` after the line of each selection as a paragraph of its own (a blank line
 * before it, and one after it when text follows), keeps what was there, and leaves the
 * cursor right after the text, so that the next keystroke replaces nothing.
 */
async function insertAsParagraph(editor: vscode.TextEditor, text: string): Promise<boolean> {
  const doc = editor.document;
  const lines = [...new Set(editor.selections.map((selection) => selection.end.line))].sort((a, b) => a - b);
  const inserts = lines.map((number) => {
    const line = doc.lineAt(number);
    const previousBlank = number === 0 || doc.lineAt(number - 1).isEmptyOrWhitespace;
    const lead = !line.isEmptyOrWhitespace ? '\n\n' : previousBlank ? '' : '\n';
    const nextHasText = number + 1 < doc.lineCount && !doc.lineAt(number + 1).isEmptyOrWhitespace;
    return { offset: doc.offsetAt(line.range.end), lead, tail: nextHasText ? '\n' : '' };
  });
  const applied = await editor.edit((edit) => {
    for (const { offset, lead, tail } of inserts) edit.insert(doc.positionAt(offset), `${lead}${text}${tail}`);
  });
  if (!applied) return false;
  let shift = 0;
  editor.selections = inserts.map(({ offset, lead, tail }) => {
    const end = doc.positionAt(offset + shift + lead.length + text.length);
    shift += lead.length + text.length + tail.length;
    return new vscode.Selection(end, end);
  });
  return true;
}

/** Moves the images (and their .txt sidecars) to the trash after one confirmation that names them or counts them. */
async function deleteImages(uris: readonly vscode.Uri[], log: LogChannel): Promise<ActionOutcome> {
  const names = uris.map((uri) => basename(uri.path));
  const what = names.length === 1 ? names[0] : `${names.length} images`;
  const confirm = 'Move to Trash';
  const detail = names.length === 1 ? 'The image (and its .txt, if any) goes to the trash.' : 'The images (and their .txt files, if any) go to the trash.';
  const choice = await vscode.window.showWarningMessage(`Delete ${what}?`, { modal: true, detail }, confirm);
  if (choice !== confirm) return { ok: false };
  const targets: vscode.Uri[] = [];
  for (const uri of uris) {
    const sidecar = uri.with({ path: `${dirname(uri.path)}/${sidecarName(basename(uri.path))}` });
    targets.push(uri, ...((await exists(sidecar)) ? [sidecar] : []));
  }
  try {
    for (const target of targets) await vscode.workspace.fs.delete(target, { useTrash: true });
  } catch (error) {
    log.warn(`gallery: moving ${what} to the trash failed: ${String(error)}`);
    // Some file systems (remote ones among them) have no trash: ask before deleting for good.
    const permanently = 'Delete Permanently';
    const again = await vscode.window.showWarningMessage(`${what} cannot be moved to the trash. Delete permanently?`, { modal: true }, permanently);
    if (again !== permanently) return { ok: false };
    for (const target of targets) {
      if (await exists(target)) await vscode.workspace.fs.delete(target, { useTrash: false });
    }
  }
  log.info(`gallery: deleted ${names.join(', ')}`);
  return names.length === 1 ? { ok: true } : { ok: true, message: `${names.length} images deleted.` };
}
