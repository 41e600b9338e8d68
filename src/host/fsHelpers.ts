import { promises as fsp } from 'node:fs';
import * as vscode from 'vscode';

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
