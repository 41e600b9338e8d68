/**
 * The host side of the panel's Source image slot. The page never reads a file: it asks
 * for an image (the host's own picker, files dropped from the Explorer, a gallery tile, a
 * recorded path), and the host checks it as every edit's source is checked (inside the
 * workspace, within the image limit, really an image) and hands back its thumbnail's
 * address and its pixel size. A generation from the panel names the paths again, and they
 * are read afresh through the edit command's own reader.
 */
import * as vscode from 'vscode';
import type { EditRequest } from '../core/edit';
import { ImagesmithError } from '../core/errors';
import { readEdit, readSource, workspaceImageUri } from '../host/editSources';
import { requireWorkspaceFolder } from '../host/outputFolder';
import type { Settings } from '../host/settings';
import type { GalleryService } from './gallery/galleryService';
import type { ThumbnailCache } from './gallery/thumbnails';
import { MAX_SOURCE_IMAGES, type ChooseSourceRequest, type ChooseSourceResult, type PanelEdit, type SourceRole, type SourceView } from './protocol/sourceImages';
import { LIMITS } from './protocol/values';

/** The formats every editing provider reads; the picker lists only these. */
const IMAGE_GLOB = '**/*.{png,PNG,jpg,JPG,jpeg,JPEG,webp,WEBP}';
/** More than anyone scrolls through; the picker filters as one types. */
const MAX_LISTED = 5_000;

export class SourceImagesHost {
  constructor(
    private readonly settings: Settings,
    private readonly gallery: GalleryService,
    private readonly thumbnails: ThumbnailCache,
  ) {}

  /** Answers with the images the page asked for, each checked, or why not; with none when the person closed the picker. */
  async choose(request: ChooseSourceRequest, webview: vscode.Webview | undefined, answer: (result: ChooseSourceResult) => void): Promise<void> {
    if (webview) answer(await this.chosen(request, webview));
  }

  private async chosen(request: ChooseSourceRequest, webview: vscode.Webview): Promise<ChooseSourceResult> {
    const answer = { type: 'chooseSourceResult', id: request.id, role: request.role } as const;
    try {
      const folder = requireWorkspaceFolder();
      const maxBytes = this.settings.general().maxImageMegabytes * 1024 * 1024;
      const given = await this.given(request);
      const images = await Promise.all(given.slice(0, MAX_SOURCE_IMAGES).map((image) => this.view(image, folder, maxBytes, webview)));
      return { ...answer, images };
    } catch (error) {
      return { ...answer, images: [], message: (error instanceof Error ? error.message : String(error)).slice(0, LIMITS.message) };
    }
  }

  /** The edit a panel generation starts from, read as `imagesmith.editImage` reads its arguments. */
  async readEdit(edit: PanelEdit): Promise<EditRequest> {
    const folder = requireWorkspaceFolder();
    return readEdit(
      {
        operation: 'edit',
        images: [edit.source, ...edit.references],
        ...(edit.mask ? { maskBytes: Buffer.from(edit.mask, 'base64') } : {}),
        ...(edit.strength === undefined ? {} : { strength: edit.strength }),
      },
      folder,
      this.settings.general().maxImageMegabytes * 1024 * 1024,
    );
  }

  private async given(request: ChooseSourceRequest): Promise<string[]> {
    const { origin } = request;
    switch (origin.from) {
      case 'pick':
        return this.pick(request.role);
      case 'drop':
        return origin.uris.map(hostUri);
      case 'paths':
        return origin.paths;
      case 'gallery': {
        const uri = this.gallery.uri(origin.image);
        if (!uri) throw new ImagesmithError('invalid-input', vscode.l10n.t('{0} is no longer in the gallery.', origin.image.name));
        return [uri.toString()];
      }
      default: {
        const unreachable: never = origin;
        return unreachable;
      }
    }
  }

  /** A quick pick of the workspace's images: the source is one, references may be several. */
  private async pick(role: SourceRole): Promise<string[]> {
    const files = await vscode.workspace.findFiles(IMAGE_GLOB, undefined, MAX_LISTED);
    if (files.length === 0) throw new ImagesmithError('invalid-input', vscode.l10n.t('There is no PNG, JPEG or WebP image in the workspace to start from.'));
    const items = files
      .map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/'), uri }))
      .sort((a, b) => a.label.localeCompare(b.label));
    const title = role === 'source' ? vscode.l10n.t('Imagesmith: Source Image') : vscode.l10n.t('Imagesmith: Reference Images');
    const placeHolder = role === 'source' ? vscode.l10n.t('Pick the image to start from') : vscode.l10n.t('Pick images for the provider to follow');
    if (role === 'source') {
      const picked = await vscode.window.showQuickPick(items, { title, placeHolder, matchOnDescription: true });
      return picked ? [picked.uri.toString()] : [];
    }
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder, canPickMany: true });
    return (picked ?? []).map((item) => item.uri.toString());
  }

  private async view(given: string, folder: vscode.WorkspaceFolder, maxBytes: number, webview: vscode.Webview): Promise<SourceView> {
    const uri = await workspaceImageUri(given, folder, 'image');
    const source = await readSource(uri.toString(), folder, maxBytes, 'image');
    const stat = await vscode.workspace.fs.stat(uri);
    const thumbnail = await this.thumbnails.get({ uri, size: stat.size, mtime: stat.mtime });
    return {
      path: source.path.slice(0, LIMITS.path),
      width: source.width,
      height: source.height,
      ...(thumbnail ? { src: webview.asWebviewUri(thumbnail.uri).toString() } : {}),
      alpha: thumbnail?.alpha ?? false,
    };
  }
}

/**
 * A file dropped from the workbench as the extension host knows it: code-server and remote
 * windows name the files of the machine the extension host runs on `vscode-remote://…`,
 * where the host's workspace folders are `file:`. Anything else is left as it is, and is
 * checked against the workspace like any other image.
 */
function hostUri(given: string): string {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(given, true);
  } catch {
    return given;
  }
  if (uri.scheme !== 'vscode-remote' || vscode.workspace.getWorkspaceFolder(uri)) return given;
  const local = vscode.Uri.file(uri.path);
  return vscode.workspace.getWorkspaceFolder(local) ? local.toString() : given;
}
