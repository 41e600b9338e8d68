import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { ImagesmithError } from '../core/errors';
import type { GenerationInput } from '../core/pipeline';
import { PROVIDER_IDS } from '../core/types';
import { parseRecipe } from '../core/export/recipe';
import { checkTransparentExport } from '../core/export/transparentExport';
import { describeGeneratedExport, exportGenerated, type ExportPlan } from '../host/afterGeneration';
import { sizeForExport } from '../host/exportSizing';
import { checkExportPath } from '../host/exportService';
import { currentWorkspaceFolder } from '../host/outputFolder';
import type { CommandServices } from '../host/services';
import type { GeneratedImage } from '../host/generationService';
import { nearestEndLine } from '../core/markdown';
import { linkFor, runGeneration } from './runWithNotification';
import { parseArgs } from './commandArgs';
import { askRecipe, offerSnippet } from './exportImage';
import { askPrompt, pickProvider } from '../host/questions';

/** What `export` takes in the generate forms: the recipe and, optionally, where (as imagesmith.exportImage takes them). */
export const exportSpec = z.strictObject({ recipe: z.unknown(), path: z.optional(z.string().check(z.minLength(1))) });

/** The argument form of DESIGN.md: no questions, resolves to the saved files' URIs. */
export const generateArgs = z.strictObject({
  prompt: z.string(),
  provider: z.optional(z.enum(PROVIDER_IDS)),
  params: z.optional(z.record(z.string(), z.unknown())),
  negativePrompt: z.optional(z.string()),
  /** An exact file to write, relative to the workspace folder; never overwritten. */
  path: z.optional(z.string()),
  /** Derived files to make from the first image: `{ recipe, path? }` as imagesmith.exportImage takes them. */
  export: z.optional(exportSpec),
});

export async function generateImage(services: CommandServices, args?: unknown): Promise<string[] | undefined> {
  if (args !== undefined) {
    const { export: exportInput, ...input } = parseArgs(generateArgs, args, 'imagesmith.generateImage');
    // A bad recipe is refused before anything is generated.
    let plan: ExportPlan | undefined = exportInput && { recipe: parseRecipe(exportInput.recipe, 'export.recipe'), ...(exportInput.path ? { path: exportInput.path } : {}) };
    if (plan?.path !== undefined) checkExportPath(plan.path);
    if (plan) checkTransparentExport(plan.recipe, input.params);
    const provider = input.provider ?? services.settings.general().defaultProvider;
    let params = input.params;
    if (plan) {
      // The nearest size the provider makes to the recipe's, unless the params name a size.
      const sized = await sizeForExport(services, provider, currentWorkspaceFolder(), input.params ?? {}, plan.recipe);
      params = sized.params;
      if (sized.sizing) plan = { ...plan, sizing: sized.sizing };
    }
    const images = await runGeneration(services, { ...input, provider, ...(params ? { params } : {}) }, { interactive: false });
    const exported = plan ? await exportAfter(services, images, plan) : [];
    return [...images.map((image) => image.uri.toString()), ...exported];
  }
  const prompt = await askPrompt(services.memory.lastPrompt());
  if (!prompt) return undefined;
  await services.memory.rememberPrompt(prompt);
  const picked = await pickProvider(services.keys, services.settings.general().defaultProvider);
  if (!picked) return undefined;
  const asked = picked.exportAfter ? await askRecipe() : undefined;
  if (picked.exportAfter && !asked) return undefined;
  let input = withPanelValues(services, { prompt, provider: picked.id });
  let plan: ExportPlan | undefined = asked;
  if (asked) {
    // Asked for here, the recipe's size goes before the size last used in the panel.
    const params = input.params ?? {};
    const sized = await Promise.resolve()
      .then(() => {
        checkTransparentExport(asked.recipe, params);
        return sizeForExport(services, picked.id, currentWorkspaceFolder(), params, asked.recipe, {});
      })
      .catch((error: unknown) => {
        void vscode.window.showErrorMessage(vscode.l10n.t('Imagesmith: {0}', error instanceof Error ? error.message : String(error)));
        return undefined;
      });
    if (!sized) return undefined;
    input = { ...input, params: sized.params };
    if (sized.sizing) plan = { ...asked, sizing: sized.sizing };
  }
  const images = await shown(runGeneration(services, input, { interactive: true }));
  if (!images || !plan) return images?.map((image) => image.uri.toString());
  const outcome = await exportGenerated(services.exporter, images, plan).catch((error: unknown) => {
    void vscode.window.showErrorMessage(vscode.l10n.t('Imagesmith: the export failed: {0}', error instanceof Error ? error.message : String(error)));
    return undefined;
  });
  if (outcome) void offerSnippet(outcome, outcome.resized);
  return [...images.map((image) => image.uri.toString()), ...(outcome?.files.map((uri) => uri.toString()) ?? [])];
}

/** The export of a generation, said in a message: "1024×1024 PNG → 1200×630 WEBP (cover)". */
async function exportAfter(services: CommandServices, images: Awaited<ReturnType<typeof runGeneration>>, plan: ExportPlan): Promise<string[]> {
  const outcome = await exportGenerated(services.exporter, images, plan);
  if (!outcome) return [];
  const said = vscode.l10n.t('Imagesmith exported {0}', describeGeneratedExport(outcome));
  services.log.info(said);
  void vscode.window.showInformationMessage(said);
  return outcome.files.map((uri) => uri.toString());
}

/** Asked from the palette or a menu, the values the person set in the panel for that provider are the ones to use. */
function withPanelValues(services: CommandServices, input: GenerationInput): GenerationInput {
  const params = services.memory.panelValues(input.provider);
  return params ? { ...input, params } : input;
}

/**
 * Asked from the palette or a menu, a failure has already been shown with its actions;
 * rejecting as well would make VS Code show it again as a modal "command resulted in an error".
 */
async function shown<T>(work: Promise<T>): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ImagesmithError) return undefined;
    throw error;
  }
}

/**
 * The selected text is the prompt. In Markdown the image's link goes on the line after it:
 * offered as the first button of the "saved" notification, or inserted at once, as the
 * setting says.
 */
export async function generateImageFromSelection(services: CommandServices, editor: vscode.TextEditor | undefined): Promise<string[] | undefined> {
  const target = editor ?? vscode.window.activeTextEditor;
  const selection = target?.selections.find((s) => !s.isEmpty);
  const prompt = target && selection ? target.document.getText(selection).trim() : '';
  if (!target || !selection || !prompt) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Imagesmith: select the text to use as the prompt first.'));
    return undefined;
  }
  const folder = currentWorkspaceFolder();
  const provider = services.settings.general().defaultProvider;
  const mode = target.document.languageId === 'markdown' && folder ? services.settings.general().insertMarkdownLink : 'never';
  const insert = (images: readonly GeneratedImage[]) => insertLinks(services, target, selection, prompt, images, folder);
  const offer = mode === 'ask' ? { label: vscode.l10n.t('Insert Link'), run: insert } : undefined;
  const images = await shown(runGeneration(services, withPanelValues(services, { prompt, provider }), { interactive: true, ...(offer ? { offer } : {}) }));
  if (!images) return undefined;
  if (mode === 'always') await insert(images);
  return images.map((image) => image.uri.toString());
}

/** The images' links on the line after the selection's text, wherever edits since have moved it, relative to the document. */
async function insertLinks(
  services: CommandServices,
  editor: vscode.TextEditor,
  selection: vscode.Selection,
  prompt: string,
  images: readonly GeneratedImage[],
  folder: vscode.WorkspaceFolder | undefined,
): Promise<void> {
  if (!folder || images.length === 0) return;
  const document = editor.document;
  const links = images.map((image) => linkFor(image, folder, document)).join('\n');
  const unmoved = document.getText(selection).trim() === prompt;
  const end = unmoved ? selection.end.line : (nearestEndLine(document.getText(), prompt, selection.end.line) ?? selection.end.line);
  const line = document.lineAt(Math.min(end, document.lineCount - 1));
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, line.range.end, `\n${links}`);
  const applied = await vscode.workspace.applyEdit(edit);
  if (!applied) services.log.warn('The Markdown link could not be inserted: the document did not accept the edit.');
}
