/**
 * Generating the images a document refers to: each at the exact path its reference names
 * (a placeholder's into the output folder or a chosen folder), at the nearest size the
 * provider makes to the one the markup gives, all through the panel's job queue under
 * one progress notification; then one undoable edit for the document (placeholder
 * addresses rewritten, an extension that followed the bytes, empty alts filled) and a
 * summary of what was made and what failed.
 */
import * as vscode from 'vscode';
import { ImagesmithError, isCancellation } from '../core/errors';
import { slugify } from '../core/fileNames';
import { resolveParams } from '../core/params';
import { addressChange, altChange, type TextChange } from '../core/references/edits';
import { summarize, type FailedImage, type MadeImage } from '../core/references/summary';
import type { ImageReference, Size } from '../core/references/types';
import { mapSize } from '../core/sizes';
import type { ProviderId } from '../core/types';
import type { CommandServices } from './services';
import { PROVIDERS } from '../providers';
import { CAPABILITIES } from '../providers/capabilities';
import type { GenerationInput } from '../core/pipeline';
import type { GeneratedImage } from './generationService';
import { documentPathIn, type ReferenceScanner, type ScannedDocument } from './imageReferences';

/** The panel's job queue (sidebar/jobRunner's Jobs), as these generations use it: each shows as a job card with its progress and Cancel. */
export interface GenerationQueue {
  generate(input: GenerationInput, signal: AbortSignal, options?: { readonly interactive?: boolean; readonly open?: boolean }): Promise<GeneratedImage[]>;
}

export interface ReferenceJob {
  readonly reference: ImageReference;
  readonly prompt: string;
  /** For a placeholder: the workspace-relative folder to save into; the output folder when undefined. */
  readonly folder?: string;
}

export interface ReferenceRun {
  readonly provider: ProviderId;
  /** Parameters given by the caller or the panel; a size they set is not overridden. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Whether the person may be asked (a missing key); the argument form never asks. */
  readonly interactive: boolean;
}

export interface ReferenceResult {
  readonly made: MadeImage[];
  readonly failed: FailedImage[];
  readonly cancelled: number;
  readonly files: vscode.Uri[];
  readonly summary: string;
  /** Whether the document's edit was applied (or nothing needed one). */
  readonly edited: boolean;
}

/** The provider's parameters for a wanted size: the nearest it makes, unless the given parameters set a size already. */
export async function planSize(
  services: CommandServices,
  providerId: ProviderId,
  given: Readonly<Record<string, unknown>>,
  size: Size | undefined,
  folder: vscode.WorkspaceFolder,
): Promise<{ params: Record<string, unknown>; size?: string }> {
  const params: Record<string, unknown> = { ...given };
  if (!size) return { params };
  const provider = PROVIDERS[providerId];
  const sources = { defaults: services.settings.provider(provider, folder).defaults, settingsPrefix: `imagesmith.providers.${providerId}` };
  const resolved = resolveParams(provider.label, provider.params, { ...sources, given: params }) as Record<string, unknown>;
  const lists = providerId === 'popcord' ? await services.generator.choices(providerId, folder).catch(() => undefined) : undefined;
  let mapping;
  try {
    mapping = mapSize(size, CAPABILITIES[providerId].sizeRule({ params: resolved, ...(lists ? { lists } : {}) }));
  } catch {
    return { params };
  }
  if (Object.keys(mapping.params).some((key) => key in given)) return { params };
  Object.assign(params, mapping.params);
  const asked = `${size.width}x${size.height}`;
  return { params, size: mapping.exact ? asked : `${mapping.made} for ${asked}` };
}

/** What the reference names, as the summary shows it. */
export function wantedOf(reference: ImageReference): string {
  return reference.target.kind === 'file' ? reference.target.path : reference.url;
}

/** The exact path to write, or undefined for the output folder's timestamped name. */
function pathFor(job: ReferenceJob): string | undefined {
  if (job.reference.target.kind === 'file') return job.reference.target.path;
  return job.folder === undefined ? undefined : `${job.folder ? `${job.folder}/` : ''}${slugify(job.prompt)}`;
}

export async function generateReferences(
  services: CommandServices,
  jobs: GenerationQueue,
  scanner: ReferenceScanner,
  document: vscode.TextDocument,
  scan: ScannedDocument,
  list: readonly ReferenceJob[],
  run: ReferenceRun,
): Promise<ReferenceResult> {
  const { folder } = scan;
  const label = PROVIDERS[run.provider].label;
  const title = list.length === 1 ? `Imagesmith: generating ${wantedOf((list[0] as ReferenceJob).reference)} with ${label}` : `Imagesmith: generating ${list.length} images with ${label}`;
  const outcomes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const subscription = token.onCancellationRequested(() => abort.abort());
    let done = 0;
    progress.report({ message: list.length > 1 ? `0 of ${list.length} done` : 'queued' });
    try {
      return await Promise.all(
        list.map(async (job) => {
          try {
            const planned = await planSize(services, run.provider, run.params ?? {}, job.reference.size, folder);
            const path = pathFor(job);
            const images = await jobs.generate(
              { provider: run.provider, prompt: job.prompt, params: planned.params, ...(path === undefined ? {} : { path }) },
              abort.signal,
              { interactive: run.interactive, open: list.length === 1 },
            );
            return { job, images, ...(planned.size ? { size: planned.size } : {}) };
          } catch (error) {
            return { job, error };
          } finally {
            done += 1;
            progress.report({ increment: 100 / list.length, message: `${done} of ${list.length} done` });
          }
        }),
      );
    } finally {
      subscription.dispose();
    }
  });
  scanner.forgetFiles();

  const made: MadeImage[] = [];
  const failed: FailedImage[] = [];
  const files: vscode.Uri[] = [];
  let cancelled = 0;
  const saved: Array<{ job: ReferenceJob; path: string }> = [];
  for (const outcome of outcomes) {
    const wanted = wantedOf(outcome.job.reference);
    if ('error' in outcome) {
      if (isCancellation(outcome.error)) cancelled += 1;
      else failed.push({ wanted, message: outcome.error instanceof Error ? outcome.error.message : String(outcome.error) });
      continue;
    }
    const image = outcome.images[0];
    if (!image) continue;
    files.push(...outcome.images.map((i) => i.uri));
    const path = documentPathIn(folder, image.uri) ?? vscode.workspace.asRelativePath(image.uri, false);
    made.push({ wanted, saved: path, ...('size' in outcome && outcome.size ? { size: outcome.size } : {}) });
    saved.push({ job: outcome.job, path });
  }
  const edited = saved.length === 0 ? true : await applyChanges(scanner, document, scan, saved);
  const summary = summarize(made, failed, cancelled);
  services.log.info(summary);
  return { made, failed, cancelled, files, summary, edited };
}

/** The k-th reference with the same address, so that a change made while generating does not move an edit. */
function ordinalKey(references: readonly ImageReference[], reference: ImageReference): string {
  const same = references.filter((r) => r.url === reference.url && r.start <= reference.start).length;
  return `${reference.url}\u0000${same}`;
}

async function applyChanges(scanner: ReferenceScanner, document: vscode.TextDocument, before: ScannedDocument, saved: ReadonlyArray<{ job: ReferenceJob; path: string }>): Promise<boolean> {
  // The document may have changed while the images were made: the references are found again in its current text.
  const now = (await scanner.scan(document)) ?? before;
  const byKey = new Map(now.references.map((reference) => [ordinalKey(now.references, reference), reference]));
  const changes: TextChange[] = [];
  for (const { job, path } of saved) {
    const reference = byKey.get(ordinalKey(before.references, job.reference));
    if (!reference) continue;
    const address = addressChange(reference, path, now.documentPath, now.publicDir);
    if (address) changes.push(address);
    const alt = altChange(reference, job.prompt);
    if (alt && !changes.some((change) => change.start === alt.start && change.end === alt.end)) changes.push(alt);
  }
  if (changes.length === 0) return true;
  const edit = new vscode.WorkspaceEdit();
  for (const change of changes) edit.replace(document.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.text);
  return vscode.workspace.applyEdit(edit);
}

/** An ImagesmithError for a whole run that made nothing, carrying the first failure's message. */
export function nothingMade(result: ReferenceResult): ImagesmithError {
  return new ImagesmithError(result.failed.length > 0 ? 'provider' : 'cancelled', result.summary);
}
