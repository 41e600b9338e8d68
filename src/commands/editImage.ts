/**
 * `imagesmith.editImage`, `imagesmith.makeVariations` and `imagesmith.removeBackground`.
 * With an argument object they ask nothing and resolve to the saved files' URIs; from the
 * Explorer, the image preview's title bar or a gallery tile (a URI), they ask what they
 * need (the change, the provider) and show the result as a generation does.
 */
import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { OPERATION_TITLES, type EditOperation } from '../core/edit';
import { ImagesmithError } from '../core/errors';
import { IMAGE_FILE } from '../core/fileNames';
import { parseInfotext } from '../core/infotext';
import { readPngText } from '../core/pngText';
import { PROVIDER_IDS, type ProviderId } from '../core/types';
import { readEdit, type EditSpec } from '../host/editSources';
import type { GeneratedImage } from '../host/generationService';
import { activeTabFile } from '../host/openImage';
import { currentWorkspaceFolder, requireWorkspaceFolder } from '../host/outputFolder';
import { PROVIDERS } from '../providers';
import type { CommandServices } from '../host/services';
import { runGeneration } from './runWithNotification';
import { parseArgs } from './commandArgs';

const images = z.union([z.string().check(z.minLength(1)), z.array(z.string().check(z.minLength(1))).check(z.minLength(1), z.maxLength(16))]);

/** The argument forms (a contract): `image` and `mask` are workspace-relative paths or URIs; `params` may hold `strength`. */
export const editArgs = z.strictObject({
  image: images,
  prompt: z.string(),
  provider: z.optional(z.enum(PROVIDER_IDS)),
  mask: z.optional(z.string().check(z.minLength(1))),
  params: z.optional(z.record(z.string(), z.unknown())),
  path: z.optional(z.string()),
});
export const variationArgs = z.strictObject({ image: z.string().check(z.minLength(1)), provider: z.optional(z.enum(PROVIDER_IDS)), params: z.optional(z.record(z.string(), z.unknown())), path: z.optional(z.string()) });
export const removeBackgroundArgs = z.strictObject({ image: z.string().check(z.minLength(1)), provider: z.optional(z.enum(PROVIDER_IDS)), path: z.optional(z.string()) });

/** Providers that can do it, in the order they are offered. */
export function providersFor(operation: EditOperation): ProviderId[] {
  return PROVIDER_IDS.filter((id) => PROVIDERS[id].edits?.operations.includes(operation));
}

/** The provider to use when none is named: the default when it can, else the first that can. */
function chosenProvider(services: CommandServices, operation: EditOperation, given: ProviderId | undefined): ProviderId {
  if (given) return given;
  const preferred = services.settings.general().defaultProvider;
  return providersFor(operation).includes(preferred) ? preferred : (providersFor(operation)[0] ?? preferred);
}

/** Strength travels in `params` (as the panel sends it); the rest are the provider's own parameters. */
function splitStrength(params: Readonly<Record<string, unknown>> | undefined): { strength?: number; params?: Record<string, unknown> } {
  if (!params) return {};
  const { strength, ...rest } = params;
  if (strength !== undefined && (typeof strength !== 'number' || !Number.isFinite(strength))) {
    throw new ImagesmithError('invalid-input', `"params.strength" must be a number from 0 to 1; got ${JSON.stringify(strength)}.`, { parameter: 'strength' });
  }
  return { ...(strength === undefined ? {} : { strength: strength }), params: rest };
}

interface EditRun {
  readonly operation: EditOperation;
  readonly provider: ProviderId;
  readonly prompt: string;
  readonly spec: Omit<EditSpec, 'operation'>;
  readonly params?: Record<string, unknown> | undefined;
  readonly path?: string | undefined;
}

/** Reads the sources, then runs the edit as any generation runs. */
export async function runEdit(services: CommandServices, run: EditRun, interactive: boolean): Promise<GeneratedImage[]> {
  const folder = requireWorkspaceFolder();
  const maxBytes = services.settings.general().maxImageMegabytes * 1024 * 1024;
  const edit = await readEdit({ ...run.spec, operation: run.operation }, folder, maxBytes);
  return runGeneration(
    services,
    { provider: run.provider, prompt: run.prompt, edit, ...(run.params ? { params: run.params } : {}), ...(run.path === undefined ? {} : { path: run.path }) },
    { interactive },
  );
}

/** The argument form: asks nothing, and resolves to the saved files' URIs; `strength` comes out of `params`. */
async function editWithArguments(
  services: CommandServices,
  operation: EditOperation,
  input: { readonly provider?: ProviderId | undefined; readonly params?: Readonly<Record<string, unknown>> | undefined; readonly path?: string | undefined },
  prompt: string,
  spec: Omit<EditSpec, 'operation' | 'strength'>,
): Promise<string[]> {
  const { strength, params } = splitStrength(input.params);
  const run = { operation, provider: chosenProvider(services, operation, input.provider), prompt, spec: { ...spec, ...(strength === undefined ? {} : { strength }) }, params, path: input.path };
  const saved = await runEdit(services, run, false);
  return saved.map((image) => image.uri.toString());
}

export async function editImageCommand(services: CommandServices, args?: unknown): Promise<string[] | undefined> {
  if (args === undefined || args instanceof vscode.Uri) return interactive(services, 'edit', args);
  const input = parseArgs(editArgs, args, 'imagesmith.editImage');
  return editWithArguments(services, 'edit', input, input.prompt, { images: typeof input.image === 'string' ? [input.image] : input.image, ...(input.mask ? { mask: input.mask } : {}) });
}

export async function makeVariationsCommand(services: CommandServices, args?: unknown): Promise<string[] | undefined> {
  if (args === undefined || args instanceof vscode.Uri) return interactive(services, 'variations', args);
  const input = parseArgs(variationArgs, args, 'imagesmith.makeVariations');
  return editWithArguments(services, 'variations', input, await ownPrompt(input.image), { images: [input.image] });
}

export async function removeBackgroundCommand(services: CommandServices, args?: unknown): Promise<string[] | undefined> {
  if (args === undefined || args instanceof vscode.Uri) return interactive(services, 'removeBackground', args);
  const input = parseArgs(removeBackgroundArgs, args, 'imagesmith.removeBackground');
  return editWithArguments(services, 'removeBackground', input, '', { images: [input.image] });
}

/**
 * A variation keeps the source's own prompt when it has one (an image Imagesmith or
 * AUTOMATIC1111 made): img2img without a prompt drifts away from what the image shows.
 */
async function ownPrompt(image: string): Promise<string> {
  const folder = currentWorkspaceFolder();
  if (!folder || !image.toLowerCase().endsWith('.png')) return '';
  try {
    const uri = /^[a-z][a-z0-9+.-]+:/i.test(image) && !/^[a-z]:[\\/]/i.test(image) ? vscode.Uri.parse(image, true) : vscode.Uri.joinPath(folder.uri, ...image.split(/[\\/]+/));
    const text = (await readPngText(await vscode.workspace.fs.readFile(uri))).get('parameters');
    return text ? parseInfotext(text).prompt : '';
  } catch {
    return '';
  }
}

/** The image in the active editor tab, when the palette runs the command. */
const activeImage = (): vscode.Uri | undefined => activeTabFile((uri) => IMAGE_FILE.test(uri.path));

async function interactive(services: CommandServices, operation: EditOperation, clicked: unknown): Promise<string[] | undefined> {
  const title = `Imagesmith: ${OPERATION_TITLES[operation]()}`;
  const image =
    (clicked instanceof vscode.Uri ? clicked : undefined) ??
    activeImage() ??
    (await vscode.window.showOpenDialog({ title, canSelectMany: false, filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp'] }, defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri }))?.[0];
  if (!image) return undefined;
  let prompt = '';
  if (operation === 'edit') {
    prompt =
      (
        await vscode.window.showInputBox({
          title,
          prompt: vscode.l10n.t('How should {0} change?', vscode.workspace.asRelativePath(image, false)),
          placeHolder: vscode.l10n.t('Make it flatter, with a plain background'),
          ignoreFocusOut: true,
          validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('Write what should change.')),
        })
      )?.trim() ?? '';
    if (!prompt) return undefined;
  } else if (operation === 'variations') {
    prompt = await ownPrompt(image.toString());
  }
  const provider = await pickEditProvider(services, operation, title);
  if (!provider) return undefined;
  const params = services.memory.panelValues(provider);
  try {
    const saved = await runEdit(services, { operation, provider, prompt, spec: { images: [image.toString()] }, ...(params ? { params: { ...params } } : {}) }, true);
    return saved.map((file) => file.uri.toString());
  } catch (error) {
    // Shown already by the generation, with its actions; the sources' own refusals are shown here.
    if (error instanceof ImagesmithError && error.parameter && ['image', 'mask'].includes(error.parameter)) void vscode.window.showErrorMessage(error.message);
    if (error instanceof ImagesmithError) return undefined;
    throw error;
  }
}

async function pickEditProvider(services: CommandServices, operation: EditOperation, title: string): Promise<ProviderId | undefined> {
  const capable = providersFor(operation);
  const first = chosenProvider(services, operation, undefined);
  const ordered = [first, ...capable.filter((id) => id !== first)];
  const items = await Promise.all(
    ordered.map(async (id) => {
      const provider = PROVIDERS[id];
      const key = !provider.needsKey ? vscode.l10n.t('no key needed') : (await services.keys.has(id)) ? vscode.l10n.t('API key set') : vscode.l10n.t('needs an API key (not set)');
      return { id, label: provider.label, description: key };
    }),
  );
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('{0} with…', title), placeHolder: vscode.l10n.t('Pick a provider'), ignoreFocusOut: true });
  return picked?.id;
}
