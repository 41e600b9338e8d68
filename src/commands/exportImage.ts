/**
 * `imagesmith.exportImage`: derived files from an image. With `{ image, recipe, path? }`
 * it asks nothing and resolves to the written images' URIs; from the Explorer's context
 * menu, the gallery or the palette it asks for the recipe, then offers the snippet.
 */
import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { ImagesmithError } from '../core/errors';
import { FOCUS_POINTS, parseRecipe, parseRecipeText, type FocusName, type Recipe } from '../core/export/recipe';
import type { ExportOutcome, ExportService } from '../host/exportService';
import { isExportableImage } from '../host/exportService';
import type { LogChannel } from '../host/log';
import { activeTabFile } from '../host/openImage';
import { parseArgs } from './commandArgs';

export interface ExportServices {
  readonly exporter: ExportService;
  readonly log: LogChannel;
}

export const exportArgs = z.strictObject({
  /** A URI string, or a path relative to the (first) workspace folder. */
  image: z.string().check(z.minLength(1)),
  recipe: z.unknown(),
  path: z.optional(z.string().check(z.minLength(1))),
});

export async function exportImageCommand(services: ExportServices, args?: unknown, selected?: unknown): Promise<string[] | undefined> {
  if (args instanceof vscode.Uri) {
    const uris = Array.isArray(selected) && selected.every((item) => item instanceof vscode.Uri) && selected.length > 0 ? selected : [args];
    return exportInteractively(services, uris.filter(isExportableImage));
  }
  if (args !== undefined) {
    const input = parseArgs(exportArgs, args, 'imagesmith.exportImage');
    const outcome = await services.exporter.export(imageUri(input.image), parseRecipe(input.recipe), input.path);
    return outcome.files.map((uri) => uri.toString());
  }
  const image = activeTabFile(isExportableImage) ?? (await pickImage());
  return image ? exportInteractively(services, [image]) : undefined;
}

function imageUri(image: string): vscode.Uri {
  if (/^[a-z][a-z0-9+.-]+:/i.test(image) && !/^[a-z]:[\\/]/i.test(image)) return vscode.Uri.parse(image, true);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (/^([\\/]|[a-z]:)/i.test(image) || !folder) return vscode.Uri.file(image);
  return vscode.Uri.joinPath(folder.uri, ...image.split(/[\\/]+/));
}


async function pickImage(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Imagesmith: Export Image'),
    canSelectMany: false,
    filters: { [vscode.l10n.t({ message: 'Images', comment: ['the file type filter of the open dialog'] })]: ['png', 'jpg', 'jpeg', 'webp', 'avif'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}

async function exportInteractively(services: ExportServices, images: readonly vscode.Uri[]): Promise<string[] | undefined> {
  if (images.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Imagesmith: pick a PNG, JPEG, WebP or AVIF image to export.'));
    return undefined;
  }
  const choice = await askRecipe();
  if (!choice) return undefined;
  const written: string[] = [];
  try {
    for (const image of images) {
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Imagesmith: exporting {0}', vscode.workspace.asRelativePath(image, false)) },
        () => services.exporter.export(image, choice.recipe, images.length === 1 ? choice.path : undefined),
      );
      written.push(...outcome.files.map((uri) => uri.toString()));
      void offerSnippet(outcome);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    services.log.warn(`export: ${message}`);
    void vscode.window.showErrorMessage(`Imagesmith: ${message}`);
    return undefined;
  }
  return written;
}

interface RecipeItem extends vscode.QuickPickItem {
  readonly text?: string;
  readonly ask?: 'size' | 'format';
}

/** A function, not a constant: the texts are translated when the list is shown. */
const recipeItems = (): RecipeItem[] => [
  { label: vscode.l10n.t('Exact size…'), description: vscode.l10n.t('width×height, cover (crop), contain (pad) or stretch'), ask: 'size' },
  { label: vscode.l10n.t('Format…'), description: vscode.l10n.t('PNG, JPEG, WebP or AVIF, with quality'), ask: 'format' },
  { label: 'favicon', description: vscode.l10n.t('favicon.ico (16/32/48), favicon-32x32.png, apple-touch-icon.png and the <link> tags'), text: 'favicon' },
  { label: 'pwa', description: vscode.l10n.t('192 and 512 icons, maskable variants and the manifest icons'), text: 'pwa' },
  { label: 'og', description: vscode.l10n.t('1200×630 JPEG and the <meta> tags'), text: 'og jpeg' },
  { label: 'og webp', description: vscode.l10n.t('1200×630 WebP and the <meta> tags'), text: 'og webp' },
  { label: 'app-icon', description: vscode.l10n.t('1024×1024 PNG without alpha, for app stores'), text: 'app-icon' },
];

/** The recipe, from the list or typed in the text form ("1200x630 cover webp public/hero.webp"). */
export async function askRecipe(): Promise<{ recipe: Recipe; path?: string } | undefined> {
  const pick = vscode.window.createQuickPick<RecipeItem>();
  const items = recipeItems();
  pick.title = vscode.l10n.t('Imagesmith: Export Image');
  pick.placeholder = vscode.l10n.t('Pick a recipe, or type one: 1200x630 cover webp, avif q50, favicon…');
  pick.items = items;
  pick.ignoreFocusOut = true;
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    pick.items = typed && !items.some((item) => item.label === typed) ? [{ label: typed, description: vscode.l10n.t('as typed'), text: typed, alwaysShow: true }, ...items] : items;
  });
  const item = await new Promise<RecipeItem | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0]));
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (!item) return undefined;
  if (item.text) return parseText(item.text);
  if (item.ask === 'format') {
    const format = await vscode.window.showQuickPick(['webp', 'avif', 'jpeg', 'png'], { title: vscode.l10n.t('Imagesmith: Export as'), ignoreFocusOut: true });
    if (!format) return undefined;
    return { recipe: parseRecipe({ kind: 'format', format }) };
  }
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Imagesmith: Export at an exact size'),
    prompt: vscode.l10n.t('WIDTHxHEIGHT, then optionally cover | contain | stretch, a format, a background (#ffffff or transparent), a path'),
    value: '1200x630 cover',
    ignoreFocusOut: true,
    validateInput: (value) => {
      try {
        parseRecipeText(value);
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
  });
  if (!text) return undefined;
  const parsed = parseRecipeText(text);
  if (parsed.recipe.kind !== 'size' || parsed.recipe.fit !== 'cover' || parsed.recipe.focus !== undefined) return parsed;
  // A crop keeps the centre unless the person picks another part of the image.
  const focus = (await vscode.window.showQuickPick(Object.keys(FOCUS_POINTS), { title: vscode.l10n.t('Imagesmith: Keep which part when cropping?'), ignoreFocusOut: true })) as FocusName | undefined;
  if (!focus) return undefined;
  return { ...parsed, recipe: { ...parsed.recipe, focus } };
}

function parseText(text: string): { recipe: Recipe; path?: string } | undefined {
  try {
    return parseRecipeText(text);
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof ImagesmithError ? error.message : String(error));
    return undefined;
  }
}

/** What was made, and the snippet copied or inserted where the person chooses. */
export async function offerSnippet(outcome: ExportOutcome, note?: string): Promise<void> {
  const where = vscode.workspace.asRelativePath(outcome.target, false);
  const snippet = outcome.result.snippet;
  const copy = vscode.l10n.t('Copy Snippet');
  const insert = vscode.l10n.t('Insert Snippet');
  const reveal = vscode.l10n.t('Reveal in Explorer');
  const actions = [...(snippet ? [copy, insert] : []), reveal];
  const said = note ? vscode.l10n.t('Imagesmith exported {0}: {1}. {2}', where, outcome.result.summary, note) : vscode.l10n.t('Imagesmith exported {0}: {1}', where, outcome.result.summary);
  const choice = await vscode.window.showInformationMessage(said, ...actions);
  if (choice === reveal) await vscode.commands.executeCommand('revealInExplorer', outcome.files[0] ?? outcome.target);
  if (!snippet) return;
  if (choice === copy) await vscode.env.clipboard.writeText(snippet.text);
  if (choice === insert) {
    const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme !== 'output');
    if (!editor) {
      const doc = await vscode.workspace.openTextDocument({ language: snippet.language, content: snippet.text });
      await vscode.window.showTextDocument(doc);
      return;
    }
    await editor.insertSnippet(new vscode.SnippetString().appendText(snippet.text));
  }
}
