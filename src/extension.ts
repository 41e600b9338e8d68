import * as vscode from 'vscode';
import { clearApiKey, setApiKey } from './commands/apiKeys';
import type { CommandServices } from './commands/generate';
import { generateImage, generateImageFromSelection } from './commands/generateImage';
import { GenerationService } from './host/generationService';
import { KeyStore } from './host/keyStore';
import { LogChannel } from './host/log';
import { Settings } from './host/settings';
import { GENERATOR_VIEW_ID, GeneratorView } from './sidebar/generatorView';

/** The composition root: builds the services and registers what they serve. */
export function activate(context: vscode.ExtensionContext): void {
  const keys = new KeyStore(context.secrets);
  const log = new LogChannel(() => keys.secretsSeen());
  const settings = new Settings();
  const generator = new GenerationService(keys, settings, log);
  const services: CommandServices = { context, keys, settings, log, generator };
  const generatorView = new GeneratorView(services);

  context.subscriptions.push(
    keys,
    log,
    generator,
    generatorView,
    vscode.window.registerWebviewViewProvider(GENERATOR_VIEW_ID, generatorView),
    vscode.commands.registerCommand('imagesmith.generateImage', (args?: unknown) => generateImage(services, args)),
    // A plain command, not a text-editor one, so that callers can await the whole generation.
    vscode.commands.registerCommand('imagesmith.generateImageFromSelection', () => generateImageFromSelection(services, vscode.window.activeTextEditor)),
    vscode.commands.registerCommand('imagesmith.setApiKey', (args?: unknown) => setApiKey(services, args)),
    vscode.commands.registerCommand('imagesmith.clearApiKey', (args?: unknown) => clearApiKey(services, args)),
    vscode.commands.registerCommand('imagesmith.showLog', () => log.show()),
    vscode.commands.registerCommand('imagesmith.openGenerator', () => vscode.commands.executeCommand('imagesmith.generator.focus')),
  );
}

export function deactivate(): void {}
