import { promises as fsp } from 'node:fs';
import * as vscode from 'vscode';
import type { ImageSource } from '../core/export/engine';

/** Whether `uri` exists (and is of `type`, when given); never an error. */
export async function exists(uri: vscode.Uri, type?: vscode.FileType): Promise<boolean> {
  // node:fs where the files are on this machine's disk: no round trip through the window (the quick fix asks on every cursor move).
  if (uri.scheme === 'file') {
    const stat = await fsp.stat(uri.fsPath).catch(() => undefined);
    if (!stat) return false;
    return type === undefined || (type === vscode.FileType.Directory ? stat.isDirectory() : stat.isFile());
  }
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return type === undefined || (stat.type & type) !== 0;
  } catch {
    return false;
  }
}

/** A file's text when it is at most `maxBytes` long and can be read; otherwise nothing, never an error. */
export async function readTextUpTo(uri: vscode.Uri, maxBytes: number): Promise<string | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > maxBytes) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/**
 * An image for the image worker: the path of a file on this machine's disk, which the
 * worker reads itself (megabytes that never pass through the extension host), or else the
 * bytes read through VS Code's file system.
 */
export async function imageSourceOf(uri: vscode.Uri): Promise<ImageSource> {
  return uri.scheme === 'file' ? { path: uri.fsPath } : vscode.workspace.fs.readFile(uri);
}
