import * as vscode from 'vscode';
import { ImagesmithError, isCancellation } from '../core/errors';
import { remediesFor, settingsQuery } from '../core/remedies';
import { describeProgress } from '../core/progressText';
import { remedyLabel } from '../core/remedyLabels';
import { secretName } from '../core/types';
import { markdownLinkTo } from '../core/markdown';
import type { GenerationInput } from '../core/pipeline';
import { checkTransparency } from '../host/afterGeneration';
import type { GeneratedImage } from '../host/generationService';
import { openNewImage } from '../host/openImage';
import { requireWorkspaceFolder } from '../host/outputFolder';
import { askApiKey } from '../host/questions';
import type { CommandServices } from '../host/services';

export interface RunOptions {
  /** Whether a missing key or a workspace-set address may be asked about; command calls with arguments never ask. */
  readonly interactive: boolean;
  /**
   * A first button for the "saved" notification, in place of Copy Markdown Link: what the
   * command that asked offers to do with the images (the selection's Insert Link), asked
   * there rather than in a notification of its own.
   */
  readonly offer?: { readonly label: string; readonly run: (images: readonly GeneratedImage[]) => Thenable<void> };
}

/**
 * Generates with a progress notification and Cancel, asks for a missing key when it
 * may, and tells the person what came of it. Resolves to the saved images; rejects
 * with an ImagesmithError after showing it.
 */
export async function runGeneration(services: CommandServices, input: GenerationInput, options: RunOptions): Promise<GeneratedImage[]> {
  // Kept before anything can fail, but not waited for: the storage write must not hold
  // up the request (it was a tenth of the first Generate's extra time in the bench).
  // An edit without a prompt (a variation, a cut-out) leaves the last prompt as it was.
  const remembered = input.prompt.trim() ? services.memory.rememberPrompt(input.prompt) : Promise.resolve();
  try {
    return await generateAskingForKey(services, input, options);
  } finally {
    await remembered;
  }
}

async function generateAskingForKey(services: CommandServices, input: GenerationInput, options: RunOptions): Promise<GeneratedImage[]> {
  for (;;) {
    try {
      const folder = requireWorkspaceFolder();
      const images = await withProgress(services, input, folder, options.interactive);
      announce(services, images, folder, options.offer);
      await warnIfOpaque(services, images);
      return images;
    } catch (error) {
      const failure = error instanceof ImagesmithError ? error : new ImagesmithError('provider', String(error));
      if (failure.kind === 'missing-key' && options.interactive) {
        const provider = services.generator.provider(input.provider);
        const key = await askApiKey(provider, vscode.l10n.t('{0} needs an API key to generate.', provider.label));
        if (key) {
          await services.keys.set(provider.id, key);
          continue;
        }
      }
      if (isCancellation(failure)) {
        services.log.info(`${input.provider}: cancelled`);
      } else {
        void showFailure(services, failure, input, options);
      }
      throw failure;
    }
  }
}

/** A transparent background that was asked for and did not come is said, not silently saved. */
async function warnIfOpaque(services: CommandServices, images: readonly GeneratedImage[]): Promise<void> {
  const warnings = await checkTransparency(services.images, images).catch((error: unknown) => [vscode.l10n.t('The transparency of the saved image could not be checked: {0}', String(error))]);
  for (const warning of warnings) {
    services.log.warn(warning);
    void vscode.window.showWarningMessage(vscode.l10n.t('Imagesmith: {0}', warning));
  }
}

function withProgress(services: CommandServices, input: GenerationInput, folder: vscode.WorkspaceFolder, interactive: boolean): Thenable<GeneratedImage[]> {
  const provider = services.generator.provider(input.provider);
  const label = provider?.label ?? input.provider;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Imagesmith: ${label}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const subscription = token.onCancellationRequested(() => abort.abort());
      try {
        return await services.generator.generate(input, {
          folder,
          interactive,
          signal: abort.signal,
          // The title names the provider already.
          onProgress: (value) => progress.report({ message: describeProgress(value) }),
          onWarning: (message) => void vscode.window.showWarningMessage(vscode.l10n.t('Imagesmith: {0}', message)),
        });
      } finally {
        subscription.dispose();
      }
    },
  );
}

function announce(services: CommandServices, images: readonly GeneratedImage[], folder: vscode.WorkspaceFolder, offer: RunOptions['offer']): void {
  const first = images[0];
  if (!first) return;
  if (services.settings.general().openAfterGeneration) void openNewImage(first.uri);
  const where = vscode.workspace.asRelativePath(first.uri, false);
  const text = images.length === 1 ? vscode.l10n.t('Imagesmith saved {0}', where) : vscode.l10n.t('Imagesmith saved {0} images ({1}, …)', images.length, where);
  const [open, reveal, copy, exportIt] = [vscode.l10n.t('Open'), vscode.l10n.t('Reveal in Explorer'), vscode.l10n.t('Copy Markdown Link'), vscode.l10n.t('Export…')];
  const buttons = offer ? [offer.label, open, reveal, exportIt] : [open, reveal, copy, exportIt];
  void vscode.window.showInformationMessage(text, ...buttons).then(async (choice) => {
    if (offer && choice === offer.label) await offer.run(images);
    if (choice === open) await vscode.commands.executeCommand('vscode.open', first.uri);
    // Sized copies, other formats or icon sets of the first image, asked for as from the Explorer.
    if (choice === exportIt) await vscode.commands.executeCommand('imagesmith.exportImage', first.uri);
    if (choice === reveal) await vscode.commands.executeCommand('revealInExplorer', first.uri);
    if (choice === copy) {
      await vscode.env.clipboard.writeText(images.map((image) => linkFor(image, folder)).join('\n'));
    }
  });
}

/** A link relative to the given (else the active) document when there is one, else to the workspace folder. */
export function linkFor(image: GeneratedImage, folder: vscode.WorkspaceFolder, document?: vscode.TextDocument): string {
  const doc = document ?? vscode.window.activeTextEditor?.document;
  return markdownLinkTo(image.prompt, image.uri, doc && !doc.isUntitled ? doc.uri : undefined, folder.uri.path);
}

async function showFailure(services: CommandServices, failure: ImagesmithError, input: GenerationInput, options: RunOptions): Promise<void> {
  const remedies = remediesFor(failure);
  const provider = services.generator.provider(input.provider);
  const login = provider !== undefined && secretName(provider) === 'login';
  const labels = remedies.map((remedy) => remedyLabel(remedy, login));
  const label = await vscode.window.showErrorMessage(failure.message, ...labels);
  switch (remedies[labels.indexOf(label ?? '')]) {
    case 'setApiKey':
      await vscode.commands.executeCommand('imagesmith.setApiKey', { provider: input.provider });
      break;
    case 'openFolder':
      await vscode.commands.executeCommand('vscode.openFolder');
      break;
    case 'retry':
      await runGeneration(services, input, options).catch(() => undefined);
      break;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', settingsQuery(failure, input.provider));
      break;
    case 'showLog':
      services.log.show();
      break;
    case undefined:
      break;
  }
}
