/**
 * `imagesmith.generateMissingImages`: every missing or placeholder image of a document,
 * picked from a list (or all of them, asking nothing, with arguments); and the quick
 * fix's command, which generates the one reference the light bulb was on.
 */
import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { ImagesmithError } from '../core/errors';
import type { ImageReference } from '../core/references/types';
import { PROVIDER_IDS, type ProviderId } from '../core/types';
import { ReferenceScanner, type ScannedDocument } from '../host/imageReferences';
import { generateReferences, nothingMade, planSize, wantedOf, type GenerationQueue, type ReferenceResult } from '../host/referenceGeneration';
import type { CommandServices } from '../host/services';
import { parseArgs } from './commandArgs';
import { confirmReference, pickReferences } from './referenceQuestions';

export const COMMAND = 'imagesmith.generateMissingImages';

export const missingImagesArgs = z.strictObject({
  /** The document; the active editor's when left out. */
  uri: z.optional(z.string().check(z.minLength(1))),
  provider: z.optional(z.enum(PROVIDER_IDS)),
  params: z.optional(z.record(z.string(), z.unknown())),
});

const referencedImageArgs = z.strictObject({ uri: z.string().check(z.minLength(1)), start: z.int().check(z.gte(0)), version: z.optional(z.int()) });

const SCANNED = 'Markdown, HTML, JSX/TSX, Vue, Svelte, Astro, CSS/SCSS/Less and web app manifests';

export class ReferenceCommands {
  private readonly scanner = new ReferenceScanner();

  constructor(
    private readonly services: CommandServices,
    private readonly jobs: GenerationQueue,
  ) {}

  /** With arguments: no questions, the whole file, resolves to the saved files' URIs. Without: the list, then the run. */
  async generateMissingImages(args?: unknown): Promise<string[] | undefined> {
    const input = args === undefined ? undefined : parseArgs(missingImagesArgs, args, COMMAND);
    const document = input?.uri ? await openDocument(input.uri) : vscode.window.activeTextEditor?.document;
    if (!document) {
      if (input) throw new ImagesmithError('invalid-input', vscode.l10n.t('{0}: there is no active editor; give "uri", the document to look in.', COMMAND), { parameter: 'uri' });
      void vscode.window.showInformationMessage(vscode.l10n.t('Imagesmith: open the page, README or stylesheet whose images to generate first.'));
      return undefined;
    }
    const scan = await this.scanner.scan(document);
    const name = vscode.workspace.asRelativePath(document.uri, false);
    if (!scan) {
      const why = vscode.workspace.getWorkspaceFolder(document.uri)
        ? vscode.l10n.t('Imagesmith looks for images in {0}; {1} is not one of them, or is minified, very large or inside node_modules.', SCANNED, name)
        : vscode.l10n.t('{0} is not inside a workspace folder, where the images would be written.', name);
      if (input) throw new ImagesmithError('invalid-input', `${COMMAND}: ${why}`, { parameter: 'uri' });
      void vscode.window.showInformationMessage(vscode.l10n.t('Imagesmith: {0}', why));
      return undefined;
    }
    const missing = unique(await this.scanner.missing(scan));
    if (missing.length === 0) {
      if (!input) void vscode.window.showInformationMessage(vscode.l10n.t('Imagesmith: every image {0} refers to exists, and it has no placeholder images.', name));
      return [];
    }
    const defaultProvider = this.services.settings.general().defaultProvider;
    if (input) {
      const provider = input.provider ?? defaultProvider;
      const list = missing.map((reference) => ({ reference, prompt: reference.prompt }));
      const result = await generateReferences(this.services, this.jobs, this.scanner, document, scan, list, { provider, ...(input.params ? { params: input.params } : {}), interactive: false });
      this.tell(result);
      if (result.made.length === 0) throw nothingMade(result);
      return result.files.map((uri) => uri.toString());
    }
    const picked = await pickReferences(this.services, missing, name, defaultProvider);
    if (!picked) return undefined;
    const result = await generateReferences(this.services, this.jobs, this.scanner, document, scan, picked.chosen, this.interactiveRun(picked.provider));
    this.tell(result);
    return result.files.map((uri) => uri.toString());
  }

  /** The quick fix: one reference, a short confirmation, then the generation at its path. */
  async generateReferencedImage(args?: unknown): Promise<string[] | undefined> {
    const input = parseArgs(referencedImageArgs, args, 'imagesmith.generateReferencedImage');
    const document = await openDocument(input.uri);
    const scan = await this.scanner.scan(document);
    const reference = scan?.references.find((r) => r.start === input.start);
    if (!scan || !reference) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Imagesmith: that image reference changed since the light bulb showed; try again on it.'));
      return undefined;
    }
    const provider = this.services.settings.general().defaultProvider;
    const confirmed = await confirmReference(this.services, reference, scan.folder, provider, (id) => this.describeSize(scan, reference, id));
    if (!confirmed) return undefined;
    const job = { reference, prompt: confirmed.prompt, ...(confirmed.folder !== undefined ? { folder: confirmed.folder } : {}) };
    const result = await generateReferences(this.services, this.jobs, this.scanner, document, scan, [job], this.interactiveRun(confirmed.provider));
    this.tell(result);
    return result.files.map((uri) => uri.toString());
  }

  private interactiveRun(provider: ProviderId) {
    const params = this.services.memory.panelValues(provider);
    return { provider, ...(params ? { params } : {}), interactive: true };
  }

  private async describeSize(scan: ScannedDocument, reference: ImageReference, provider: ProviderId): Promise<string | undefined> {
    const params = this.services.memory.panelValues(provider) ?? {};
    return (await planSize(this.services, provider, params, reference.size, scan.folder)).size;
  }

  private tell(result: ReferenceResult): void {
    if (!result.edited) this.services.log.warn('The document did not take the edit that rewrites the image addresses.');
    if (result.failed.length === 0 && result.made.length > 0) {
      void vscode.window.showInformationMessage(result.summary);
      return;
    }
    if (result.failed.length === 0) return;
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window.showWarningMessage(result.summary, showLog).then((choice) => {
      if (choice === showLog) this.services.log.show();
    });
  }
}

async function openDocument(uri: string): Promise<vscode.TextDocument> {
  let parsed: vscode.Uri;
  try {
    parsed = vscode.Uri.parse(uri, true);
  } catch {
    throw new ImagesmithError('invalid-input', vscode.l10n.t('"{0}" is not a URI; give the document\'s URI, such as file:///…/index.html.', uri.slice(0, 200)), { parameter: 'uri' });
  }
  try {
    return await vscode.workspace.openTextDocument(parsed);
  } catch (error) {
    throw new ImagesmithError('invalid-input', vscode.l10n.t('Imagesmith cannot open {0}: {1}', uri.slice(0, 200), error instanceof Error ? error.message : String(error)), { parameter: 'uri' });
  }
}

/** A file named twice (an `src` and its `srcset` 1x, say) is generated once. */
function unique(references: readonly ImageReference[]): ImageReference[] {
  const seen = new Set<string>();
  return references.filter((reference) => {
    if (reference.target.kind === 'placeholder') return true;
    const key = wantedOf(reference);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
