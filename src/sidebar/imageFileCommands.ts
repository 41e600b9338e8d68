/**
 * The commands on an image file, from the Explorer's right-click menu and the image
 * preview's title bar (host side): Use These Settings, Copy Markdown Link and Show in
 * Imagesmith Gallery. They take the file's URI; from the palette, the image in the
 * active tab.
 */
import * as vscode from 'vscode';
import { parseInfotext } from '../core/infotext';
import { basename, dirname, IMAGE_FILE } from '../core/fileNames';
import { markdownLinkTo } from '../core/markdown';
import type { LogChannel } from '../host/log';
import { activeTabFile } from '../host/openImage';
import { outputFolderUri } from '../host/outputFolder';
import type { Settings } from '../host/settings';
import { markWalkthroughStep } from '../host/walkthroughSteps';
import { folderReader } from './gallery/galleryService';
import { readInfotext } from './gallery/metadata';
import type { GeneratorView } from './generatorView';
import type { ImageFileAction } from './imageFileActions';
import type { ImageRef } from './protocol/values';
import { recallSettings } from './recall';


export interface ImageFileServices {
  readonly view: GeneratorView;
  readonly settings: Settings;
  readonly log: LogChannel;
}

/** The images these commands act on: what the gallery shows. */
export function isImageFile(uri: vscode.Uri): boolean {
  return IMAGE_FILE.test(uri.path);
}

let nextId = 0;
const hostId = (prefix: string): string => `${prefix}-host-${Date.now().toString(36)}-${(nextId += 1)}`;

export async function runImageFileCommand(services: ImageFileServices, action: ImageFileAction, args: unknown): Promise<boolean> {
  const uri = args instanceof vscode.Uri ? args : activeTabFile();
  if (!uri || !isImageFile(uri)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Imagesmith: open or select a PNG, JPEG or WebP image first.'));
    return false;
  }
  switch (action) {
    case 'useSettings':
      return useSettings(services, uri);
    case 'copyMarkdownLink':
      return copyMarkdownLink(uri);
    case 'showInGallery':
      return showInGallery(services, uri);
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

function folderOf(uri: vscode.Uri): vscode.Uri {
  return uri.with({ path: dirname(uri.path) });
}

function nameOf(uri: vscode.Uri): string {
  return basename(uri.path);
}

async function infotextOf(uri: vscode.Uri): Promise<string | undefined> {
  return readInfotext(folderReader(folderOf(uri)), nameOf(uri)).catch(() => undefined);
}

/** The image's prompt, the parameters and any export recipe, into the panel's generator. */
async function useSettings(services: ImageFileServices, uri: vscode.Uri): Promise<boolean> {
  const infotext = await infotextOf(uri);
  if (!infotext?.trim()) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Imagesmith: {0} carries no generation settings (no infotext inside it or in a .txt beside it).', nameOf(uri)));
    return false;
  }
  const settings = recallSettings(infotext, services.settings.general().defaultProvider);
  await services.view.deliver({ type: 'useSettingsResult', id: hostId('use'), settings });
  markWalkthroughStep('reusedSettings');
  services.log.info(`panel: settings of ${vscode.workspace.asRelativePath(uri, false)} loaded into the generator`);
  return true;
}

/**
 * `![prompt](path)` to the clipboard, relative to the Markdown document being edited (the
 * active one, or the only one in sight), else to the image's workspace folder.
 */
async function copyMarkdownLink(uri: vscode.Uri): Promise<boolean> {
  const infotext = await infotextOf(uri);
  const prompt = (infotext ? parseInfotext(infotext).prompt : '') || nameOf(uri).replace(/\.[^.]+$/, '');
  const document = markdownDocument();
  const link = markdownLinkTo(prompt, uri, document && !document.isUntitled ? document.uri : undefined, vscode.workspace.getWorkspaceFolder(uri)?.uri.path);
  await vscode.env.clipboard.writeText(link);
  markWalkthroughStep('linked');
  void vscode.window.setStatusBarMessage(vscode.l10n.t('Imagesmith: copied {0}', link), 5_000);
  return true;
}

function markdownDocument(): vscode.TextDocument | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'markdown') return active;
  const visible = vscode.window.visibleTextEditors.map((editor) => editor.document).filter((doc) => doc.languageId === 'markdown');
  return visible.length === 1 ? visible[0] : undefined;
}

/** The image's tile in the panel's gallery, focused; an image outside the output folder is not in the gallery, and that is said. */
async function showInGallery(services: ImageFileServices, uri: vscode.Uri): Promise<boolean> {
  const ref = galleryRef(services.settings, uri);
  if (!ref) {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const output = folder ? services.settings.general().outputFolder : 'assets';
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Imagesmith: the gallery shows the images of the output folder ({0}), and {1} is not in it.', output, vscode.workspace.asRelativePath(uri, false)),
      vscode.l10n.t('Open Settings'),
    );
    if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', 'imagesmith.outputFolder');
    return false;
  }
  await services.view.deliver({ type: 'didRequestShowImage', image: ref });
  return true;
}

function galleryRef(settings: Settings, uri: vscode.Uri): ImageRef | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  try {
    const output = outputFolderUri(folder, settings.general().outputFolder);
    return output.toString() === folderOf(uri).toString() ? { folder: folder.index, name: nameOf(uri) } : undefined;
  } catch {
    return undefined;
  }
}
