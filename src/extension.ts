import * as path from 'node:path';
import * as vscode from 'vscode';
import { requireWithCodeCache, type CachedModule } from './host/codeCache';
import type { Imagesmith } from './main';
import { IMAGE_FILE_ACTIONS, imageFileCommandId } from './sidebar/imageFileActions';
import type { ReferenceActions } from './host/referenceActions';
import { REFERENCE_LANGUAGES } from './core/references/languages';

/**
 * What the editor loads at activation: it registers the commands, the view and the tools and loads
 * nothing else. The pipeline, undici, zod and the panel's host side live in main.js,
 * required on first use, so that activating Imagesmith costs the editor almost nothing. The
 * gallery tiles' menu commands are registered with the panel (panelAndTools.ts): each
 * registration here is one more message the editor handles before a first command runs.
 */
export function activate(context: vscode.ExtensionContext): void {
  let main: CachedModule<typeof import('./main')> | undefined;
  let app: Imagesmith | undefined;
  let references: ReferenceActions | undefined;
  const load = (): Imagesmith => {
    main ??= requireWithCodeCache(path.join(__dirname, 'main.js'), path.join(context.globalStorageUri.fsPath, 'code-cache'));
    app ??= main.exports.createImagesmith(context);
    return app;
  };
  // The code cache is written once the first use has run, so that it holds what that use compiled.
  const used = <T>(result: T): T => {
    const save = (): void => void setImmediate(() => main?.save());
    Promise.resolve(result).then(save, save);
    return result;
  };
  const command = (id: string, run: (imagesmith: Imagesmith, args: unknown, more: unknown) => unknown) =>
    vscode.commands.registerCommand(id, (args?: unknown, more?: unknown) => used(run(load(), args, more)));
  const tool = (name: string, pick: (imagesmith: Imagesmith) => vscode.LanguageModelTool<object>) =>
    vscode.lm.registerTool<object>(name, {
      prepareInvocation: (options, token) => pick(load()).prepareInvocation?.(options, token),
      invoke: (options, token) => used(pick(load()).invoke(options, token)),
    });

  context.subscriptions.push(
    command('imagesmith.generateImage', (imagesmith, args) => imagesmith.generateImage(args)),
    // A plain command, not a text-editor one, so that callers can await the whole generation.
    command('imagesmith.generateImageFromSelection', (imagesmith) => imagesmith.generateImageFromSelection()),
    command('imagesmith.setApiKey', (imagesmith, args) => imagesmith.setApiKey(args)),
    command('imagesmith.clearApiKey', (imagesmith, args) => imagesmith.clearApiKey(args)),
    command('imagesmith.resetTrustedAddresses', (imagesmith, args) => imagesmith.resetTrustedAddresses(args)),
    // From the Explorer: the clicked file and the selection.
    command('imagesmith.exportImage', (imagesmith, args, selected) => imagesmith.exportImage(args, selected)),
    // Starting from an image: the argument form, or the clicked file from the Explorer or the image preview's title bar.
    command('imagesmith.editImage', (imagesmith, args) => imagesmith.editImage(args)),
    command('imagesmith.makeVariations', (imagesmith, args) => imagesmith.makeVariations(args)),
    command('imagesmith.removeBackground', (imagesmith, args) => imagesmith.removeBackground(args)),
    command('imagesmith.showLog', (imagesmith) => imagesmith.showLog()),
    command('imagesmith.openGenerator', (imagesmith) => imagesmith.openGenerator()),
    // The language-model tools for chat agents; their names and inputs are in package.json.
    tool('imagesmith_generateImage', (imagesmith) => imagesmith.tools.generateImage),
    tool('imagesmith_listProviders', (imagesmith) => imagesmith.tools.listProviders),
    ...IMAGE_FILE_ACTIONS.map((action) => command(imageFileCommandId(action), (imagesmith, args) => imagesmith.imageFileCommand(action, args))),
    command('imagesmith.generateMissingImages', (imagesmith, args) => imagesmith.generateMissingImages(args)),
    // The quick fix's own command, hidden from the palette: it names one reference of a document.
    command('imagesmith.generateReferencedImage', (imagesmith, args) => imagesmith.generateReferencedImage(args)),
    // The quick fix answers from a small bundle of its own, loaded on the first request, so
    // that moving the cursor through a Markdown file never loads main.js.
    vscode.languages.registerCodeActionsProvider(
      REFERENCE_LANGUAGES.map((language) => ({ language })),
      {
        provideCodeActions: (document, range, actionContext, token) => {
          references ??= (require('./references.js') as typeof import('./host/referenceActions')).createReferenceActions();
          return references.provideCodeActions(document, range, actionContext, token);
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix.append('imagesmith')] },
    ),
    vscode.window.registerWebviewViewProvider('imagesmith.generator', {
      resolveWebviewView: (view, resolveContext, token) => used(load().view.resolveWebviewView(view, resolveContext, token)),
    }),
  );
}

export function deactivate(): void {}
