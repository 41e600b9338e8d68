import type * as vscode from 'vscode';
import type { CommandServices } from './host/services';
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

/**
 * Built on the first panel open or tool call: main.ts loads this module with import(),
 * which the bundle turns into a deferred evaluation, so that a first Generate does not
 * pay for the panel's host side, the protocol or the tools.
 */
export function createPanelAndTools(services: CommandServices): PanelAndTools {
  // The panel's jobs, which the chat tools' generations join.
  const jobs = new Jobs(services.generator, services.settings, services.keys, services.log, { images: services.images, exporter: services.exporter });
  const view = new GeneratorView(services, jobs);
  const tools = { ...services, jobs };
  services.context.subscriptions.push(jobs, view);
  return { view, jobs, tools: { generateImage: new GenerateImageTool(tools), listProviders: new ListProvidersTool(tools) } };
}
