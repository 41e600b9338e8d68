/**
 * `imagesmith_generateImage` (`#generateImage`): a chat agent asks for an image; the
 * person confirms what will be sent where; the generation runs as a panel job through the
 * same GenerationService as every other entry point; the model reads back what was
 * written, from the files themselves.
 */
import * as vscode from 'vscode';
import { ImagesmithError, isCancellation } from '../core/errors';
import { parseTargetPath, type ExactTarget } from '../core/exactPath';
import { imageInfo } from '../core/imageInfo';
import { redact } from '../core/log';
import { resolveParams } from '../core/params';
import { describeSizeRule, mapSize, type SizeMapping } from '../core/sizes';
import { exportSizeMapping } from '../core/export/exportSize';
import { parseRecipe } from '../core/export/recipe';
import { checkTransparentExport } from '../core/export/transparentExport';
import { exportGenerated, type ExportPlan, type GeneratedExport } from '../host/afterGeneration';
import { checkExportPath } from '../host/exportService';
import type { AnyProvider, ProviderId } from '../core/types';
import { readEdit } from '../host/editSources';
import { askApiKey } from '../host/questions';
import type { CommandServices } from '../host/services';
import { currentWorkspaceFolder } from '../host/outputFolder';
import { requireFolderFor } from '../host/noFolder';
import { markWalkthroughStep } from '../host/walkthroughSteps';
import { PROVIDERS } from '../providers';
import { CAPABILITIES } from '../providers/capabilities';
import type { Jobs } from '../sidebar/jobRunner';
import { GENERATE_TOOL, generateToolInput, parseToolInput, type GenerateToolInput } from './inputs';
import type { ExportReport } from './exportReport';
import { describeRequest, formatGenerationReport, type WrittenImage } from './report';

export interface ToolServices extends CommandServices {
  readonly jobs: Jobs;
}

/** The input's parameters with the wanted size and count turned into the provider's own. */
interface Planned {
  readonly provider: AnyProvider;
  readonly params: Record<string, unknown>;
  readonly size?: { readonly mapping: SizeMapping; readonly allowed: string };
  readonly target?: ExactTarget;
  readonly exportPlan?: ExportPlan;
}

export class GenerateImageTool implements vscode.LanguageModelTool<GenerateToolInput> {
  constructor(private readonly services: ToolServices) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<GenerateToolInput>): vscode.PreparedToolInvocation {
    const parsed = parseToolInput(generateToolInput, options.input, GENERATE_TOOL);
    // Input that will be refused needs no confirmation: nothing is sent, and invoke says what is wrong.
    if (!parsed.ok || !validPath(parsed.value.path) || !currentWorkspaceFolder()) return { invocationMessage: vscode.l10n.t('Checking the image request') };
    const input = parsed.value;
    const general = this.services.settings.general();
    const provider = PROVIDERS[input.provider ?? general.defaultProvider];
    const confirmation = describeRequest(input, { label: provider.label, paid: CAPABILITIES[provider.id].paid }, general.outputFolder);
    return {
      invocationMessage: confirmation.progress,
      confirmationMessages: {
        title: confirmation.title,
        message: new vscode.MarkdownString(confirmation.lines.map((line) => escapeMarkdown(line)).join('  \n')),
      },
    };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<GenerateToolInput>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    try {
      const text = await this.run(options.input, token);
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(this.safe(text))]);
    } catch (error) {
      if (token.isCancellationRequested || isCancellation(error)) throw new vscode.CancellationError();
      throw new Error(this.safe(error instanceof Error ? error.message : String(error)), { cause: error });
    }
  }

  private async run(raw: unknown, token: vscode.CancellationToken): Promise<string> {
    const parsed = parseToolInput(generateToolInput, raw, GENERATE_TOOL);
    if (!parsed.ok) throw new Error(parsed.message);
    const input = parsed.value;
    const { settings, keys, jobs } = this.services;
    const folder = requireFolderFor('#generateImage');
    const providerId: ProviderId = input.provider ?? settings.general().defaultProvider;
    // Strength and the edit-only parameters are the edit's; the rest are planned as for a generation.
    const editKeys = input.image ? new Set(['strength', ...Object.keys(PROVIDERS[providerId].edits?.params.shape ?? {})]) : new Set<string>();
    const editParams = Object.fromEntries(Object.entries(input.params ?? {}).filter(([key]) => editKeys.has(key)));
    const ownParams = Object.fromEntries(Object.entries(input.params ?? {}).filter(([key]) => !editKeys.has(key)));
    const plan = await this.plan({ ...input, params: ownParams }, providerId, folder);
    const { provider } = plan;
    const { strength, ...editOnly } = editParams;
    if (strength !== undefined && typeof strength !== 'number') throw new ImagesmithError('invalid-input', '"params.strength" must be a number from 0 to 1.', { parameter: 'strength' });
    const edit = input.image
      ? await readEdit({ operation: 'edit', images: [input.image], ...(strength === undefined ? {} : { strength }) }, folder, settings.general().maxImageMegabytes * 1024 * 1024)
      : undefined;

    if (provider.needsKey && !(await keys.has(provider.id))) {
      // Asked as Generate Image asks: the person is there.
      const key = await askApiKey(provider, `${provider.label} needs an API key to generate.`);
      if (!key) {
        throw new ImagesmithError(
          'missing-key',
          `${provider.label} needs an API key, and the person dismissed the prompt for it, so nothing was generated. They can set one with the command "Imagesmith: Set API Key…" (imagesmith.setApiKey); or use a provider that needs no key: ${providersWithoutKey()}.`,
          { provider: provider.label },
        );
      }
      await keys.set(provider.id, key);
    }
    if (token.isCancellationRequested) throw new vscode.CancellationError();

    const abort = new AbortController();
    const subscription = token.onCancellationRequested(() => abort.abort());
    try {
      const images = await jobs.generate(
        {
          provider: provider.id,
          prompt: input.prompt,
          ...(input.negativePrompt?.trim() ? { negativePrompt: input.negativePrompt } : {}),
          params: { ...plan.params, ...editOnly },
          ...(plan.target ? { path: plan.target.path } : {}),
          ...(edit ? { edit } : {}),
        },
        abort.signal,
      );
      const written: WrittenImage[] = await Promise.all(
        images.map(async (image) => {
          const bytes = await vscode.workspace.fs.readFile(image.uri);
          return {
            path: workspacePath(folder, image.uri),
            info: imageInfo(bytes),
            bytes: bytes.byteLength,
            prompt: image.prompt,
            infotext: image.infotext,
            ...(image.seed === undefined ? {} : { seed: image.seed }),
          };
        }),
      );
      markWalkthroughStep('linked');
      // A failed export fails the call: the model asked for those files and must not assume them.
      const exported = plan.exportPlan ? await exportGenerated(this.services.exporter, images, plan.exportPlan) : undefined;
      return formatGenerationReport({
        provider: { id: provider.id, label: provider.label },
        images: written,
        ...(plan.target ? { target: plan.target } : {}),
        ...(plan.size ? { size: plan.size } : {}),
        ...(exported ? { exported: exportReport(folder, exported) } : {}),
      });
    } finally {
      subscription.dispose();
    }
  }

  /** Turns width, height and count into the provider's parameters, refusing what it cannot do with what it can. */
  private async plan(input: GenerateToolInput, id: ProviderId, folder: vscode.WorkspaceFolder): Promise<Planned> {
    const provider = PROVIDERS[id];
    const capabilities = CAPABILITIES[id];
    const target = input.path === undefined ? undefined : parseTargetPath(input.path);
    // A bad recipe is refused before anything is sent.
    const recipe = input.export ? parseRecipe(input.export.recipe, 'export.recipe') : undefined;
    if (input.export?.path !== undefined) checkExportPath(input.export.path);
    if (recipe) checkTransparentExport(recipe, input.params);
    const given: Record<string, unknown> = { ...input.params };
    if (input.negativePrompt?.trim() && !provider.takesNegativePrompt) {
      throw new ImagesmithError(
        'invalid-input',
        `${provider.label} takes no negative prompt. Leave "negativePrompt" out, or use a provider that takes one: ${Object.values(PROVIDERS)
          .filter((p) => p.takesNegativePrompt)
          .map((p) => p.id)
          .join(', ')}.`,
        { parameter: 'negativePrompt' },
      );
    }
    const sources = { defaults: this.services.settings.provider(provider, folder).defaults, settingsPrefix: `imagesmith.providers.${id}` };
    const resolved = resolveParams(provider.label, provider.params, { ...sources, given }) as Record<string, unknown>;
    const ctx = { params: resolved, lists: id === 'popcord' ? await this.services.generator.choices(id, folder).catch(() => undefined) : undefined };

    let size: Planned['size'];
    if (input.width !== undefined || input.height !== undefined) {
      if (input.width === undefined || input.height === undefined) {
        throw new ImagesmithError('invalid-input', 'Give "width" and "height" together (the wanted size in pixels), or neither.', { parameter: input.width === undefined ? 'width' : 'height' });
      }
      const rule = capabilities.sizeRule(ctx);
      const mapping = mapSize({ width: input.width, height: input.height }, rule);
      const clash = Object.keys(mapping.params).filter((key) => key in given);
      if (clash.length > 0) {
        throw new ImagesmithError('invalid-input', `Give the size either as "width"/"height" or as params ${clash.map((key) => `"${key}"`).join(', ')}, not both.`, { parameter: clash[0] });
      }
      Object.assign(given, mapping.params);
      size = { mapping, allowed: describeSizeRule(rule) };
    }

    if (input.count !== undefined) {
      const count = capabilities.count;
      const max = count ? count.max(ctx) : 1;
      if (input.count > max) {
        throw new ImagesmithError(
          'invalid-input',
          `${provider.label}${id === 'openai' ? ` (${String(resolved.model)})` : ''} makes at most ${max} image${max === 1 ? '' : 's'} per request; ask for "count" ${max === 1 ? '1 and call the tool again for more' : `up to ${max}`}.`,
          { parameter: 'count' },
        );
      }
      if (count) {
        if (count.param in given) throw new ImagesmithError('invalid-input', `Give the number of images either as "count" or as params "${count.param}", not both.`, { parameter: 'count' });
        given[count.param] = input.count;
      }
    }
    let exportPlan: ExportPlan | undefined;
    if (recipe && input.export) {
      // The nearest size the provider makes to the recipe's, unless width and height or params gave one.
      const mapping = exportSizeMapping(recipe, capabilities.sizeRule(ctx), given);
      if (mapping) Object.assign(given, mapping.params);
      exportPlan = { recipe, ...(input.export.path ? { path: input.export.path } : {}), ...(mapping ? { sizing: { provider: provider.label, mapping } } : {}) };
    }

    // The mapped size and count checked with the rest, before anything is sent.
    resolveParams(provider.label, provider.params, { ...sources, given });
    return { provider, params: given, ...(size ? { size } : {}), ...(target ? { target } : {}), ...(exportPlan ? { exportPlan } : {}) };
  }

  /** Keys never reach the model, whatever a server echoed. */
  private safe(text: string): string {
    return redact(text, this.services.keys.secretsSeen());
  }
}

function exportReport(folder: vscode.WorkspaceFolder, exported: GeneratedExport): ExportReport {
  return {
    files: exported.result.files.map((file, index) => ({
      path: workspacePath(folder, exported.files[index] ?? exported.target),
      format: file.format,
      width: file.width,
      height: file.height,
      alpha: file.alpha,
      bytes: file.bytes.byteLength,
    })),
    summary: exported.result.summary,
    ...(exported.result.snippet ? { snippet: exported.result.snippet } : {}),
    ...(exported.resized ? { resized: exported.resized } : {}),
  };
}

function validPath(path: string | undefined): boolean {
  try {
    if (path !== undefined) parseTargetPath(path);
    return true;
  } catch {
    return false;
  }
}

function providersWithoutKey(): string {
  return Object.values(PROVIDERS)
    .filter((provider) => !provider.needsKey)
    .map((provider) => provider.id)
    .join(', ');
}

/** The file's path relative to the workspace folder, `/`-separated. */
function workspacePath(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string {
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : vscode.workspace.asRelativePath(uri, false);
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, '\\$&');
}
