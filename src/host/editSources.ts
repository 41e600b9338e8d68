/**
 * The images an edit starts from, read through workspace.fs with the same rules as every
 * other file Imagesmith touches: inside the workspace (no `..`, no link that leads out),
 * within the image limit (imagesmith.maxImageMegabytes), and really an image.
 */
import * as vscode from 'vscode';
import { maskFromBytes, sourceFromBytes, type EditOperation, type EditRequest, type SourceImage } from '../core/edit';
import { ImagesmithError } from '../core/errors';
import { linkLeadsOut } from '../core/exactPath';
import { isSafeRelativeFolder } from '../core/fileNames';

/** What a caller names: the image (and references), a mask, the strength; paths relative to the workspace folder, or URIs. */
export interface EditSpec {
  readonly operation: EditOperation;
  readonly images: readonly string[];
  readonly mask?: string;
  /** A mask painted in the panel: PNG bytes, not a file. */
  readonly maskBytes?: Uint8Array;
  readonly strength?: number;
}

const isUri = (text: string) => /^[a-z][a-z0-9+.-]+:/i.test(text) && !/^[a-z]:[\\/]/i.test(text);

/** A workspace-relative path or a URI, as the URI of a file inside an open workspace folder. */
export async function workspaceImageUri(given: string, folder: vscode.WorkspaceFolder, parameter: string): Promise<vscode.Uri> {
  const trimmed = given.trim();
  let uri: vscode.Uri;
  if (isUri(trimmed)) {
    uri = vscode.Uri.parse(trimmed, true);
  } else {
    if (!isSafeRelativeFolder(trimmed)) {
      throw new ImagesmithError('invalid-input', vscode.l10n.t('"{0}" is not a file inside the workspace. Give a path relative to the workspace folder, without "..", or a URI of a file in it.', given), { parameter });
    }
    uri = vscode.Uri.joinPath(folder.uri, ...trimmed.split(/[\\/]+/).filter((s) => s !== '' && s !== '.'));
  }
  const home = vscode.workspace.getWorkspaceFolder(uri);
  if (!home) throw new ImagesmithError('invalid-input', vscode.l10n.t('{0} is outside the workspace. Imagesmith edits only images inside an open workspace folder.', uri.toString(true)), { parameter });
  if (uri.scheme === 'file') {
    const real = await linkLeadsOut(home.uri.fsPath, uri.fsPath);
    if (real !== undefined) throw new ImagesmithError('invalid-input', vscode.l10n.t('"{0}" leads out of the workspace through a link (to {1}). Give an image inside it.', given, real), { parameter });
  }
  return uri;
}

/** The path the infotext records: relative to the workspace folder, with forward slashes. */
export function recordedPath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
}

async function readLimited(uri: vscode.Uri, maxBytes: number, parameter: string): Promise<Uint8Array> {
  const shown = recordedPath(uri);
  let size: number;
  try {
    size = (await vscode.workspace.fs.stat(uri)).size;
  } catch (error) {
    const missing = error instanceof vscode.FileSystemError && error.code === 'FileNotFound';
    throw new ImagesmithError('invalid-input', missing ? vscode.l10n.t('There is no file "{0}" in the workspace.', shown) : vscode.l10n.t('"{0}" could not be read ({1}).', shown, String(error)), { parameter, cause: error });
  }
  if (size > maxBytes) {
    const mb = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
    throw new ImagesmithError('invalid-input', vscode.l10n.t('{0} is {1}, more than the {2} Imagesmith reads (imagesmith.maxImageMegabytes). Use a smaller copy, or raise the setting.', shown, mb(size), mb(maxBytes)), {
      parameter,
    });
  }
  return vscode.workspace.fs.readFile(uri);
}

export async function readSource(given: string, folder: vscode.WorkspaceFolder, maxBytes: number, parameter = 'image'): Promise<SourceImage> {
  const uri = await workspaceImageUri(given, folder, parameter);
  return sourceFromBytes(recordedPath(uri), await readLimited(uri, maxBytes, parameter), parameter);
}

/** The edit the pipeline runs: the source, the references, the mask checked against the source. */
export async function readEdit(spec: EditSpec, folder: vscode.WorkspaceFolder, maxBytes: number): Promise<EditRequest> {
  const [first, ...rest] = spec.images;
  if (!first) throw new ImagesmithError('invalid-input', vscode.l10n.t('Name the image to start from ("image": a path relative to the workspace folder).'), { parameter: 'image' });
  const source = await readSource(first, folder, maxBytes, 'image');
  const references = await Promise.all(rest.map((path) => readSource(path, folder, maxBytes, 'image')));
  let mask: EditRequest['mask'];
  let maskPath: string | undefined;
  if (spec.mask !== undefined) {
    const uri = await workspaceImageUri(spec.mask, folder, 'mask');
    maskPath = recordedPath(uri);
    mask = maskFromBytes(maskPath, await readLimited(uri, maxBytes, 'mask'), source);
  } else if (spec.maskBytes) {
    mask = maskFromBytes('the painted mask', spec.maskBytes, source);
  }
  return {
    operation: spec.operation,
    source,
    references,
    ...(mask ? { mask } : {}),
    ...(maskPath ? { maskPath } : {}),
    ...(spec.strength === undefined ? {} : { strength: spec.strength }),
  };
}
