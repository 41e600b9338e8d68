import * as vscode from 'vscode';
import type { CommandServices } from './host/services';
import { TILE_ACTIONS, TILE_EDIT_COMMANDS, tileCommandId, type TileEditCommand } from './sidebar/protocol/tileActions';
import { GeneratorView } from './sidebar/generatorView';
import { Jobs } from './sidebar/jobRunner';
import { GenerateImageTool } from './tools/generateTool';
import { ListProvidersTool } from './tools/listProvidersTool';

/** What the Generate command does not need: the panel (its view and jobs) and the chat tools. */
export interface PanelAndTools {
  readonly view: GeneratorView;
  readonly jobs: Jobs;
  readonly tools: {
    readonly generateImage: vscode.LanguageModelTool<object>;
    readonly listProviders: vscode.LanguageModelTool<object>;
  };
}

/** Loads the edit commands' module, which main.ts loads on first use for its own commands too. */
type EditCommands = () => Promise<typeof import('./commands/editImage')>;

/**
 * Built on the first panel open or tool call: main.ts loads this module with import(),
 * which the bundle turns into a deferred evaluation, so that a first Generate does not
 * pay for the panel's host side, the protocol or the tools.
 */
export function createPanelAndTools(services: CommandServices, edits: EditCommands): PanelAndTools {
  // The panel's jobs, which the chat tools' generations join.
  const jobs = new Jobs(services.generator, services.settings, services.keys, services.log, { images: services.images, exporter: services.exporter });
  const view = new GeneratorView(services, jobs);
  const tools = { ...services, jobs };
  services.context.subscriptions.push(jobs, view, ...tileCommands(view, services, edits));
  return { view, jobs, tools: { generateImage: new GenerateImageTool(tools), listProviders: new ListProvidersTool(tools) } };
}

/**
 * The commands of a gallery tile's right-click menu. A tile menu exists only while the panel
 * does, so they are registered with it, not at activation, where each registration is one
 * more message the editor handles before the first command of a window may run.
 */
function tileCommands(view: GeneratorView, services: CommandServices, edits: EditCommands): vscode.Disposable[] {
  const edit = async (command: TileEditCommand, args: unknown): Promise<string[] | undefined> => {
    const uri = view.tileUri(args);
    if (!uri) return undefined;
    const module = await edits();
    const run = {
      'imagesmith.gallery.editImage': module.editImageCommand,
      'imagesmith.gallery.makeVariations': module.makeVariationsCommand,
      'imagesmith.gallery.removeBackground': module.removeBackgroundCommand,
    }[command];
    return run(services, uri);
  };
  return [
    ...TILE_ACTIONS.map((action) => vscode.commands.registerCommand(tileCommandId(action), (args?: unknown) => view.tileCommand(action, args))),
    ...TILE_EDIT_COMMANDS.map((command) => vscode.commands.registerCommand(command, (args?: unknown) => edit(command, args))),
  ];
}
