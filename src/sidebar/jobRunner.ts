/**
 * The panel's generations. Several run at once, each with its own AbortController;
 * they live in the host, not the webview, so that hiding the view or reloading it
 * loses none of them. Every one goes through GenerationService, as the commands do.
 */
import * as vscode from 'vscode';
import { ImagesmithError, isCancellation } from '../core/errors';
import { shortPrompt } from '../core/markdown';
import type { GenerationInput } from '../core/pipeline';
import { secretName, type ProviderId, type Progress } from '../core/types';
import { askApiKey } from '../host/questions';
import type { PixelEngine } from '../core/export/engine';
import { checkTransparency, describeGeneratedExport, exportGenerated, type ExportPlan } from '../host/afterGeneration';
import type { ExportService } from '../host/exportService';
import type { GeneratedImage, GenerationService } from '../host/generationService';
import type { KeyStore } from '../host/keyStore';
import { openNewImage } from '../host/openImage';
import type { LogChannel } from '../host/log';
import { outputFolderUri, requireWorkspaceFolder } from '../host/outputFolder';
import type { Settings } from '../host/settings';
import { toFailure } from './failures';
import { LIMITS, type JobProgress } from './protocol/values';
import { type JobView } from './protocol/views';

/** Finished jobs kept on show; running ones are never dropped. */
const KEEP_FINISHED = 8;
const MAX_WARNINGS = 8;

interface Job {
  view: JobView;
  readonly input: GenerationInput;
  readonly abort: AbortController;
  readonly exportPlan?: ExportPlan;
}

export interface JobOutcome {
  readonly input: GenerationInput;
  readonly images: readonly GeneratedImage[];
  /** Started from the panel, whose values it then remembers; or by another caller (a chat tool). */
  readonly fromPanel: boolean;
}

/** How another caller's generation runs: whether the person may be asked (a missing key), and whether its image opens. */
export interface CallOptions {
  readonly interactive?: boolean;
  readonly open?: boolean;
}

export class Jobs implements vscode.Disposable {
  private readonly jobs = new Map<string, Job>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly saved = new vscode.EventEmitter<JobOutcome>();
  /** A generation saved its images: the gallery refreshes and the values are remembered. */
  readonly onDidSave = this.saved.event;
  private counter = 0;

  private readonly keySubscription: vscode.Disposable;

  constructor(
    private readonly generator: GenerationService,
    private readonly settings: Settings,
    private readonly keys: KeyStore,
    private readonly log: LogChannel,
    private readonly after?: { readonly images: PixelEngine; readonly exporter: ExportService },
  ) {
    this.keySubscription = keys.onDidChange((provider) => void this.keyChanged(provider));
  }

  views(): JobView[] {
    return [...this.jobs.values()].map((job) => job.view).reverse();
  }

  start(id: string, input: GenerationInput, exportPlan?: ExportPlan): void {
    if (this.jobs.has(id)) return;
    this.run(this.add(id, input, exportPlan), true).catch(() => undefined);
  }

  /**
   * A generation for another caller (a chat tool), shown in the panel like the panel's
   * own, with its progress and Cancel; `signal` cancels it too. Resolves to the images,
   * or rejects with what went wrong.
   */
  generate(input: GenerationInput, signal: AbortSignal, options: CallOptions = {}): Promise<GeneratedImage[]> {
    this.counter += 1;
    const job = this.add(`call-${Date.now().toString(36)}-${this.counter}`, input);
    const abort = () => job.abort.abort();
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    return this.run(job, false, options).finally(() => signal.removeEventListener('abort', abort));
  }

  private add(id: string, input: GenerationInput, exportPlan?: ExportPlan): Job {
    const job: Job = {
      input,
      ...(exportPlan ? { exportPlan } : {}),
      abort: new AbortController(),
      view: {
        id,
        provider: input.provider,
        prompt: shortPrompt(input.prompt, 200),
        startedAt: Date.now(),
        status: 'running',
        progress: { stage: 'queued' },
        files: [],
        warnings: [],
      },
    };
    this.jobs.set(id, job);
    this.prune();
    this.fire();
    return job;
  }

  /** The same input again, as a new job. */
  retry(id: string): void {
    const job = this.jobs.get(id);
    if (!job || job.view.status === 'running') return;
    this.jobs.delete(id);
    this.counter += 1;
    this.start(`retry-${Date.now().toString(36)}-${this.counter}`, job.input, job.exportPlan);
  }

  cancel(id: string): void {
    this.jobs.get(id)?.abort.abort();
  }

  dismiss(id: string): void {
    const job = this.jobs.get(id);
    if (!job) return;
    if (job.view.status === 'running') job.abort.abort();
    this.jobs.delete(id);
    this.fire();
  }

  /** Forgets every job that is not running. */
  clearFinished(): void {
    const before = this.jobs.size;
    for (const [id, job] of this.jobs) if (job.view.status !== 'running') this.jobs.delete(id);
    if (this.jobs.size !== before) this.fire();
  }

  input(id: string): GenerationInput | undefined {
    return this.jobs.get(id)?.input;
  }

  private async run(job: Job, fromPanel: boolean, options: CallOptions = {}): Promise<GeneratedImage[]> {
    const interactive = options.interactive ?? true;
    const update = (patch: Partial<JobView>) => {
      job.view = { ...job.view, ...patch };
      this.fire();
    };
    try {
      const folder = requireWorkspaceFolder();
      // The status bar shows it too (GenerationStatusBar), so that it is seen with the panel closed.
      const images = await this.generateAskingForKey(job, interactive, () =>
        this.generator.generate(job.input, {
          folder,
          interactive,
          signal: job.abort.signal,
          onProgress: (progress) => update({ progress: toJobProgress(progress) }),
          onWarning: (message) => update({ warnings: [...job.view.warnings, message.slice(0, LIMITS.message)].slice(-MAX_WARNINGS) }),
        }),
      );
      const general = this.settings.general();
      // The gallery shows the output folder; an image written at an exact path elsewhere is named by its path.
      const output = outputFolderUri(folder, general.outputFolder).toString();
      const inOutput = images.filter((image) => image.uri.toString() === `${output}/${image.name}`);
      update({
        status: 'saved',
        progress: { stage: 'saved' },
        files: inOutput.slice(0, 16).map((image) => ({ folder: folder.index, name: image.name })),
        ...(inOutput.length < images.length ? { paths: images.slice(0, 16).map((image) => vscode.workspace.asRelativePath(image.uri, false).slice(0, LIMITS.path)) } : {}),
      });
      this.saved.fire({ input: job.input, images, fromPanel });
      await this.afterSave(job, images, update);
      const first = images[0];
      if (first && general.openAfterGeneration && options.open !== false) await openNewImage(first.uri);
      return images;
    } catch (error) {
      if (isCancellation(error) || job.abort.signal.aborted) {
        this.log.info(`${job.input.provider}: cancelled${fromPanel ? ' from the panel' : ''}`);
        update({ status: 'cancelled' });
      } else {
        update({ status: 'failed', error: toFailure(error) });
      }
      throw error;
    }
  }

  /** A missing key is asked for, as the palette does, and the same job carries on with it. */
  private async generateAskingForKey(job: Job, interactive: boolean, generate: () => Promise<GeneratedImage[]>): Promise<GeneratedImage[]> {
    try {
      return await generate();
    } catch (error) {
      if (!interactive || !(error instanceof ImagesmithError) || error.kind !== 'missing-key' || job.abort.signal.aborted) throw error;
      const provider = this.generator.provider(job.input.provider);
      const key = await askApiKey(provider, `${provider.label} needs an ${secretName(provider)} to generate.`);
      if (!key || job.abort.signal.aborted) throw error;
      await this.keys.set(provider.id, key);
      return generate();
    }
  }

  /** A card that failed for want of a key says so no longer once there is one: it offers Retry. */
  private async keyChanged(provider: ProviderId): Promise<void> {
    if (!(await this.keys.has(provider))) return;
    const label = this.generator.provider(provider).label;
    let changed = false;
    for (const job of this.jobs.values()) {
      const kind = job.view.error?.kind;
      if (job.view.status !== 'failed' || job.input.provider !== provider || (kind !== 'missing-key' && kind !== 'rejected-key')) continue;
      job.view = {
        ...job.view,
        error: { kind, message: keySetMessage(kind, label, secretName(this.generator.provider(provider)) === 'login'), actions: ['retry', 'showLog'] },
      };
      changed = true;
    }
    if (changed) this.fire();
  }

  /** The transparency check and the export, said on the job's card. */
  private async afterSave(job: Job, images: readonly GeneratedImage[], update: (patch: Partial<JobView>) => void): Promise<void> {
    if (!this.after) return;
    const warnings = await checkTransparency(this.after.images, images).catch((error: unknown) => [vscode.l10n.t('The transparency could not be checked: {0}', String(error))]);
    if (warnings.length > 0) update({ warnings: [...job.view.warnings, ...warnings.map((w) => w.slice(0, LIMITS.message))].slice(-MAX_WARNINGS) });
    if (!job.exportPlan) return;
    try {
      const outcome = await exportGenerated(this.after.exporter, images, job.exportPlan);
      if (outcome) update({ exported: vscode.l10n.t('Exported {0}', describeGeneratedExport(outcome)).slice(0, LIMITS.message) });
    } catch (error) {
      const message = vscode.l10n.t('The export failed: {0}', error instanceof Error ? error.message : String(error));
      this.log.warn(message);
      update({ warnings: [...job.view.warnings, message.slice(0, LIMITS.message)].slice(-MAX_WARNINGS) });
    }
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((job) => job.view.status !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(job.view.id);
  }

  private fire(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.keySubscription.dispose();
    for (const job of this.jobs.values()) job.abort.abort();
    this.changed.dispose();
    this.saved.dispose();
  }
}

function toJobProgress(progress: Progress): JobProgress {
  switch (progress.stage) {
    case 'validating':
    case 'sending':
    case 'saving':
      return { stage: progress.stage };
    case 'queued':
      return { stage: 'queued', ahead: Math.min(progress.ahead, 1_000) };
    case 'waiting':
      return { stage: 'waiting', checks: Math.min(progress.checks, 1_000_000) };
    case 'generating':
      return { stage: 'generating', fraction: Number.isFinite(progress.fraction) ? Math.min(1, Math.max(0, progress.fraction)) : 0 };
    case 'downloading':
      return { stage: 'downloading', done: Math.min(progress.done, 1_000), total: Math.min(progress.total, 1_000) };
    case 'saved':
      return { stage: 'saved' };
    default: {
      const unreachable: never = progress;
      return unreachable;
    }
  }
}

/** What a card that failed for want of a key says once one is set. */
function keySetMessage(kind: 'missing-key' | 'rejected-key', label: string, login: boolean): string {
  if (kind === 'missing-key') return login ? vscode.l10n.t('The {0} login is set now. Retry to generate with it.', label) : vscode.l10n.t('The {0} API key is set now. Retry to generate with it.', label);
  return login ? vscode.l10n.t('A new {0} login is set. Retry to generate with it.', label) : vscode.l10n.t('A new {0} API key is set. Retry to generate with it.', label);
}
