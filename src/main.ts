import * as path from 'node:path';
import * as vscode from 'vscode';
import { WorkerEngine } from './core/export/workerEngine';
import { editImageCommand, makeVariationsCommand, removeBackgroundCommand } from './commands/editImage';
import { exportImageCommand } from './commands/exportImage';
import { ExportService } from './host/exportService';
import { clearApiKey, resetTrustedAddresses, setApiKey } from './commands/apiKeys';
import type { CommandServices } from './host/services';
import { generateImage, generateImageFromSelection } from './commands/generateImage';
import { GenerationService } from './host/generationService';
import { KeyStore } from './host/keyStore';
import { LogChannel } from './host/log';
import { Settings } from './host/settings';
import { TrustedAddresses } from './host/trustedAddresses';
import { GeneratorView } from './sidebar/generatorView';
import { PanelMemory } from './host/memory';
import { Jobs } from './sidebar/jobRunner';
import { GenerateImageTool } from './tools/generateTool';
import { ListProvidersTool } from './tools/listProvidersTool';
import type { TileAction, TileEditCommand } from './sidebar/protocol/tileActions';

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
  /** An edit command from a gallery tile's right-click menu: the tile's context names the image. */
  tileEdit(command: TileEditCommand, args?: unknown): Promise<string[] | undefined>;
  showLog(): void;
  openGenerator(): Promise<void>;
  /** A command of a gallery tile's right-click menu. */
  tileCommand(action: TileAction, args?: unknown): boolean;
  readonly view: vscode.WebviewViewProvider;
  readonly tools: {
    readonly generateImage: vscode.LanguageModelTool<object>;
    readonly listProviders: vscode.LanguageModelTool<object>;
  };
}

/** The composition root: builds the services; everything it makes is disposed with the extension. */
export function createImagesmith(context: vscode.ExtensionContext): Imagesmith {
  const keys = new KeyStore(context.secrets);
  const log = new LogChannel(() => keys.secretsSeen());
  const settings = new Settings();
  const addresses = new TrustedAddresses(context.globalState);
  const generator = new GenerationService(keys, settings, addresses, log);
  const memory = new PanelMemory(context.workspaceState, context.globalState);
  // The image library runs in a worker thread, started on the first export or thumbnail.
  const dist = path.join(context.extensionPath, 'dist');
  const images = new WorkerEngine(path.join(dist, 'imageWorker.js'), path.join(dist, 'vips', 'vips-node.js'));
  const exporter = new ExportService(images, log);
  const services: CommandServices = { context, keys, settings, log, generator, addresses, memory, images, exporter };
  // The panel's jobs, which the chat tools' generations join.
  const jobs = new Jobs(generator, settings, keys, log, { images, exporter });
  const view = new GeneratorView(services, jobs);
  const tools = { ...services, jobs };
  context.subscriptions.push(keys, log, generator, jobs, view, { dispose: () => void images.dispose() });

  return {
    generateImage: (args) => generateImage(services, args),
    generateImageFromSelection: () => generateImageFromSelection(services, vscode.window.activeTextEditor),
    setApiKey: (args) => setApiKey(services, args),
    clearApiKey: (args) => clearApiKey(services, args),
    resetTrustedAddresses: (args) => resetTrustedAddresses(services, args),
    exportImage: (args, selected) => exportImageCommand(services, args, selected),
    editImage: (args) => editImageCommand(services, args),
    makeVariations: (args) => makeVariationsCommand(services, args),
    removeBackground: (args) => removeBackgroundCommand(services, args),
    tileEdit: async (command, args) => {
      const uri = view.tileUri(args);
      if (!uri) return undefined;
      const run = {
        'imagesmith.gallery.editImage': editImageCommand,
        'imagesmith.gallery.makeVariations': makeVariationsCommand,
        'imagesmith.gallery.removeBackground': removeBackgroundCommand,
      }[command];
      return run(services, uri);
    },
    showLog: () => log.show(),
    openGenerator: () => view.reveal(),
    tileCommand: (action, args) => view.tileCommand(action, args),
    view,
    tools: { generateImage: new GenerateImageTool(tools), listProviders: new ListProvidersTool(tools) },
  };
}
