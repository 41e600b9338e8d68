import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createImageEngines } from './core/export/imageEngines';
import { ServerLists } from './core/serverLists';
import { exportImageCommand } from './commands/exportImage';
import { ExportService } from './host/exportService';
import { clearApiKey, resetTrustedAddresses, setApiKey } from './commands/apiKeys';
import { generateImage, generateImageFromSelection } from './commands/generateImage';
import { GenerationService } from './host/generationService';
import { KeyStore } from './host/keyStore';
import { LogChannel } from './host/log';
import { Settings } from './host/settings';
import { TrustedAddresses } from './host/trustedAddresses';
import { PanelMemory } from './host/memory';
import type { CommandServices } from './host/services';
import type { PanelAndTools } from './panelAndTools';
import type { ReferenceCommands } from './commands/generateMissingImages';
import { GenerationStatusBar } from './host/generationStatusBar';
import { localizeCoreMessages } from './host/coreL10n';
import { markWalkthroughStep } from './host/walkthroughSteps';
import type { ImageFileAction } from './sidebar/imageFileActions';

/** What the activation entry hands each command and the view to, once loaded. */
export interface Imagesmith {
  generateImage(args?: unknown): Promise<string[] | undefined>;
  generateImageFromSelection(): Promise<string[] | undefined>;
  setApiKey(args?: unknown): Promise<boolean>;
  clearApiKey(args?: unknown): Promise<boolean>;
  resetTrustedAddresses(args?: unknown): Promise<number>;
  exportImage(args?: unknown, selected?: unknown): Promise<string[] | undefined>;
  editImage(args?: unknown): Promise<string[] | undefined>;
  makeVariations(args?: unknown): Promise<string[] | undefined>;
  removeBackground(args?: unknown): Promise<string[] | undefined>;
  generateMissingImages(args?: unknown): Promise<string[] | undefined>;
  /** The quick fix's command: one reference of a document. */
  generateReferencedImage(args?: unknown): Promise<string[] | undefined>;
  showLog(): void;
  openGenerator(): Promise<void>;
  /** A command on an image file, from the Explorer, the image preview's title bar or the palette. */
  imageFileCommand(action: ImageFileAction, args?: unknown): Promise<boolean>;
  readonly view: vscode.WebviewViewProvider;
  readonly tools: {
    readonly generateImage: vscode.LanguageModelTool<object>;
    readonly listProviders: vscode.LanguageModelTool<object>;
  };
}

/**
 * One image worker per two cores, at most two: each has two images under way at once, and
 * more would crowd the editor's own processes (BENCHMARKS.md).
 */
const IMAGE_WORKERS = (): number => Math.max(1, Math.min(2, Math.floor(os.availableParallelism() / 2)));

/** The composition root: builds the services; everything it makes is disposed with the extension. */
export function createImagesmith(context: vscode.ExtensionContext): Imagesmith {
  localizeCoreMessages();
  const keys = new KeyStore(context.secrets);
  const log = new LogChannel(() => keys.secretsSeen());
  const settings = new Settings();
  const addresses = new TrustedAddresses(context.globalState);
  const generator = new GenerationService(keys, settings, addresses, log, new ServerLists());
  const memory = new PanelMemory(context.workspaceState, context.globalState);
  // The image library runs in worker threads, the first started on the first export or
  // thumbnail, a second (on 4 cores or more) only while the first is busy.
  const imageWorkers = IMAGE_WORKERS();
  const images = createImageEngines(path.join(context.extensionPath, 'dist'), imageWorkers);
  const exporter = new ExportService(images, log);
  const services: CommandServices = { context, keys, settings, log, generator, addresses, memory, images, exporter, imageWorkers };
  const statusBar = new GenerationStatusBar(generator.activity);
  const firstImage = generator.activity.onDidSave(() => markWalkthroughStep('generated'));
  context.subscriptions.push(keys, log, generator, statusBar, firstImage, { dispose: () => void images.dispose() });
  // What only the edit commands and the image-file commands use is evaluated when one first
  // runs, not as main.js loads for the first Generate.
  const edits = () => import('./commands/editImage.js');
  let loading: Promise<PanelAndTools> | undefined;
  const panelAndTools = () => (loading ??= import('./panelAndTools.js').then((module) => module.createPanelAndTools(services, edits)));
  const tool = (pick: (parts: PanelAndTools) => vscode.LanguageModelTool<object>): vscode.LanguageModelTool<object> => ({
    prepareInvocation: async (options, token) => pick(await panelAndTools()).prepareInvocation?.(options, token),
    invoke: async (options, token) => pick(await panelAndTools()).invoke(options, token),
  });
  // Generate Missing Images runs through the panel's jobs, so it loads them.
  let references: Promise<ReferenceCommands> | undefined;
  const referenceCommands = () =>
    (references ??= Promise.all([import('./commands/generateMissingImages.js'), panelAndTools()]).then(([module, parts]) => new module.ReferenceCommands(services, parts.jobs)));

  return {
    generateImage: (args) => generateImage(services, args),
    generateImageFromSelection: () => generateImageFromSelection(services, vscode.window.activeTextEditor),
    setApiKey: (args) => setApiKey(services, args),
    clearApiKey: (args) => clearApiKey(services, args),
    resetTrustedAddresses: (args) => resetTrustedAddresses(services, args),
    exportImage: (args, selected) => exportImageCommand(services, args, selected),
    editImage: async (args) => (await edits()).editImageCommand(services, args),
    makeVariations: async (args) => (await edits()).makeVariationsCommand(services, args),
    removeBackground: async (args) => (await edits()).removeBackgroundCommand(services, args),
    generateMissingImages: async (args) => (await referenceCommands()).generateMissingImages(args),
    generateReferencedImage: async (args) => (await referenceCommands()).generateReferencedImage(args),
    showLog: () => log.show(),
    openGenerator: async () => (await panelAndTools()).view.reveal(),
    imageFileCommand: async (action, args) => {
      const [module, parts] = await Promise.all([import('./sidebar/imageFileCommands.js'), panelAndTools()]);
      return module.runImageFileCommand({ view: parts.view, settings, log }, action, args);
    },
    view: { resolveWebviewView: async (view) => (await panelAndTools()).view.resolveWebviewView(view) },
    tools: { generateImage: tool((parts) => parts.tools.generateImage), listProviders: tool((parts) => parts.tools.listProviders) },
  };
}
