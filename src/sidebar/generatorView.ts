/**
 * The host side of the `imagesmith.generator` webview view: it serves the page, parses
 * every message the webview sends with the protocol's schemas (refusing and logging
 * anything else), and answers from the services the commands use.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { ImagesmithError } from '../core/errors';
import { resolveParams } from '../core/params';
import type { PixelEngine } from '../core/export/engine';
import { parseRecipeText } from '../core/export/recipe';
import { checkTransparentExport } from '../core/export/transparentExport';
import type { ExportService } from '../host/exportService';
import type { GenerationService } from '../host/generationService';
import type { KeyStore } from '../host/keyStore';
import type { LogChannel } from '../host/log';
import { currentWorkspaceFolder } from '../host/outputFolder';
import type { Settings } from '../host/settings';
import { PROVIDERS } from '../providers';
import { plainValues } from './controlSpecs';
import { toFailure } from './failures';
import { GalleryService } from './gallery/galleryService';
import { ThumbnailCache } from './gallery/thumbnails';
import { ThumbnailFeed } from './gallery/thumbnailFeed';
import { toGalleryImage } from './gallery/listing';
import { ImageUsages, withUsage } from '../host/imageUsages';
import { renderPage } from './html';
import { runBatchImageAction, runImageAction, type ActionOutcome } from './imageActions';
import { Jobs } from './jobRunner';
import { PanelMemory } from '../host/memory';
import { webviewMessage, type CheckValuesRequest, type GenerateRequest, type WebviewMessage } from './protocol/toHost';
import { hostMessage, type HostMessage } from './protocol/toPage';
import { LIMITS, parseWith } from './protocol/values';
import { tileContext } from './protocol/views';
import { ProviderViews } from './providerViews';
import type { TileAction } from './protocol/tileActions';
import { recallSettings } from './recall';
import { checkLive } from './liveChecks';
import { settingsQuery } from '../core/remedies';
import { runRemedy } from './jobRemedies';
import { WatchedFile } from './watchedFile';
import { SourceImagesHost } from './sourceImagesHost';
import { markWalkthroughStep } from '../host/walkthroughSteps';

export const GENERATOR_VIEW_ID = 'imagesmith.generator';

/** More at once than this is a runaway loop rather than a person. */
const MAX_RUNNING = 16;

export interface GeneratorViewServices {
  readonly context: vscode.ExtensionContext;
  readonly keys: KeyStore;
  readonly settings: Settings;
  readonly log: LogChannel;
  readonly generator: GenerationService;
  readonly memory: PanelMemory;
  readonly images: PixelEngine;
  readonly exporter: ExportService;
  /** How many image workers `images` has: the thumbnails made at once. */
  readonly imageWorkers?: number;
}

export class GeneratorView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  /** The workspace file the values name (ComfyUI's workflow), watched while it is the one. */
  private readonly watchedFile = new WatchedFile(() => void this.pushState());
  /** Whether the page in the view has said it is ready for messages. */
  private pageReady = false;
  /** "Open Image Generator" ran before the page was ready: focus the prompt once it is. */
  private focusWhenReady = false;
  private viewSubscriptions: vscode.Disposable[] = [];
  /** Messages from commands outside the panel, kept until its page is ready. */
  private readonly pending: HostMessage[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly memory: PanelMemory;
  private readonly providers: ProviderViews;
  private readonly jobs: Jobs;
  private readonly gallery: GalleryService;
  private readonly thumbnails: ThumbnailCache;
  private readonly thumbnailFeed: ThumbnailFeed;
  private readonly log: LogChannel;
  private readonly usages = new ImageUsages();
  private readonly sources: SourceImagesHost;

  /** `jobs` is shared with the other callers whose generations the panel shows (the chat tools). */
  constructor(
    private readonly services: GeneratorViewServices,
    jobs: Jobs,
  ) {
    const { context, keys, settings, log, generator, memory } = services;
    this.log = log;
    this.memory = memory;
    this.providers = new ProviderViews(generator, settings, keys, this.memory);
    this.jobs = jobs;
    this.gallery = new GalleryService(settings, log);
    // Outside the workspace: thumbnails are the extension's cache, not the project's files.
    this.thumbnails = new ThumbnailCache(services.images, vscode.Uri.joinPath(context.globalStorageUri, 'thumbnails'), log, services.imageWorkers);
    this.thumbnailFeed = new ThumbnailFeed(this.thumbnails, this.gallery, log);
    this.sources = new SourceImagesHost(settings, this.gallery, this.thumbnails);
    this.subscriptions.push(
      this.gallery,
      this.thumbnailFeed,
      this.usages,
      keys.onDidChange(() => void this.pushState()),
      settings.onDidChange(() => void this.refreshProviders()),
      this.jobs.onDidChange(() => this.post({ type: 'didChangeJobs', jobs: this.jobs.views() })),
      this.jobs.onDidSave(({ input, images, fromPanel }) => {
        this.gallery.scheduleRefresh();
        if (!fromPanel) return;
        const seed = images.find((image) => image.seed !== undefined)?.seed;
        void this.memory.remember(input.provider, plainValues(input.params ?? {}), seed, input.prompt).then(() => this.pushState());
      }),
      this.gallery.onDidChange(({ added, removed }) => this.post({ type: 'didChangeGallery', added: added.map(toGalleryImage), removed })),
      this.gallery.onDidReset(() => {
        if (this.view) this.view.webview.options = this.webviewOptions();
        void this.sendGallery();
      }),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    for (const subscription of this.viewSubscriptions) subscription.dispose();
    this.log.info('panel: view opened');
    this.view = view;
    this.pageReady = false;
    view.webview.options = this.webviewOptions();
    view.webview.html = this.page(view.webview);
    // While the page loads: the image worker starts and the newest thumbnails get under way.
    this.thumbnailFeed.opened(this.gallery.list());
    this.viewSubscriptions = [
      view.webview.onDidReceiveMessage((data: unknown) => void this.receive(data)),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.pageReady = false;
        }
      }),
    ];
  }

  /** "Open Image Generator": shows the view and puts the caret in the prompt. */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${GENERATOR_VIEW_ID}.focus`);
    if (this.pageReady) this.post({ type: 'didRequestFocus' });
    else this.focusWhenReady = true;
  }

  /** Shows the panel and hands its page `message` once it is ready, its gallery listed (the Explorer's and the image preview's commands). */
  async deliver(message: HostMessage): Promise<void> {
    // A hidden view's page is gone (it is made anew when shown, and says ready again).
    const live = this.pageReady && this.view?.visible === true;
    if (!live) this.pending.push(message);
    await vscode.commands.executeCommand(`${GENERATOR_VIEW_ID}.focus`);
    if (live) this.post(message);
  }

  /** A command of a tile's right-click menu: its argument is the tile's `data-vscode-context`, and nothing else is taken. */
  tileCommand(action: TileAction, args: unknown): boolean {
    const parsed = tileContext.safeParse(args);
    if (!parsed.success || !this.pageReady) {
      this.log.warn(`panel: refused ${action} from the gallery's menu (${parsed.success ? 'the panel is not open' : 'not a gallery image'})`);
      return false;
    }
    this.post({ type: 'didRequestTileAction', action, image: { folder: parsed.data.folder, name: parsed.data.name } });
    return true;
  }

  /** The file of the tile a right-click menu command was run on, for the commands that take an image; undefined for anything else. */
  tileUri(args: unknown): vscode.Uri | undefined {
    const parsed = tileContext.safeParse(args);
    return parsed.success ? this.gallery.uri({ folder: parsed.data.folder, name: parsed.data.name }) : undefined;
  }

  private webviewOptions(): vscode.WebviewOptions {
    const { extensionUri } = this.services.context;
    return {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(extensionUri, 'dist'),
        vscode.Uri.joinPath(extensionUri, 'media'),
        // The thumbnails for the tiles; the output folders only for the larger Preview of one image.
        this.thumbnails.folder,
        ...this.gallery.outputFolders().map((folder) => folder.uri),
      ],
    };
  }

  private page(webview: vscode.Webview): string {
    const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.services.context.extensionUri, ...path)).toString();
    return renderPage({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      script: asset('dist', 'webview.js'),
      styles: [asset('dist', 'codicons', 'codicon.css'), asset('media', 'panel.css')],
      language: vscode.env.language,
      title: vscode.l10n.t('Image Generator'),
      l10n: vscode.l10n.bundle,
    });
  }

  private post(message: HostMessage): void {
    if (!this.view) return;
    // Checked on the way out too: a message the webview would refuse is a bug here, better logged than lost.
    const checked = hostMessage.safeParse(message);
    if (!checked.success) {
      this.log.error(`panel: not sending an invalid ${message.type}: ${checked.error.issues[0]?.message ?? ''} at ${checked.error.issues[0]?.path.join('.') ?? ''}`);
      return;
    }
    void this.view.webview.postMessage(checked.data);
  }

  private async receive(data: unknown): Promise<void> {
    const parsed = parseWith(webviewMessage, data);
    if (!parsed.ok) {
      this.log.warn(`panel: refused a message from the webview (${parsed.reason})`);
      return;
    }
    try {
      await this.handle(parsed.message);
    } catch (error) {
      this.log.error(`panel: ${parsed.message.type} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready': {
        const state = await this.providers.state(currentWorkspaceFolder());
        const draft = this.memory.draft(state.defaultProvider);
        this.post({ type: 'readyResult', id: message.id, state, ...(draft ? { draft } : {}) });
        this.pageReady = true;
        if (this.focusWhenReady) {
          this.focusWhenReady = false;
          this.post({ type: 'didRequestFocus' });
        }
        this.post({ type: 'didChangeJobs', jobs: this.jobs.views() });
        await this.sendGallery();
        for (const pending of this.pending.splice(0)) this.post(pending);
        if (await this.providers.loadChoices(currentWorkspaceFolder())) await this.pushState();
        return;
      }
      case 'saveDraft':
        await this.memory.saveDraft(message.draft);
        return;
      case 'generate':
        return this.generate(message);
      case 'chooseSource':
        return this.sources.choose(message, this.view?.webview, (reply) => this.post(reply));
      case 'checkValues':
        await this.checkValues(message);
        return;
      case 'cancelJob':
        this.jobs.cancel(message.job);
        return;
      case 'dismissJob':
        this.jobs.dismiss(message.job);
        return;
      case 'clearFinishedJobs':
        this.jobs.clearFinished();
        return;
      case 'runFix':
        await runRemedy(message.action, this.jobs, message.job, this.log);
        return;
      case 'setApiKey':
        await vscode.commands.executeCommand('imagesmith.setApiKey', { provider: message.provider });
        return;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', settingsQuery(undefined, message.provider));
        return;
      case 'openFolder':
        await vscode.commands.executeCommand('vscode.openFolder');
        return;
      case 'loadMetadata':
        this.post({ type: 'loadMetadataResult', id: message.id, items: await withUsage(await this.gallery.metadata(message.images), this.gallery, this.usages) });
        return;
      case 'loadThumbnails': {
        const view = this.view;
        if (view) await this.thumbnailFeed.send(view, (reply) => this.post(reply), message.images, message.inView ?? 0, () => this.view === view);
        return;
      }
      case 'imageAction':
        await this.answerImageAction(message.id, message.action, runImageAction(message.action, message.image, this.gallery, this.log));
        return;
      case 'batchImageAction':
        await this.answerImageAction(message.id, message.action, runBatchImageAction(message.action, message.images, this.gallery, this.log));
        return;
      case 'useSettings': {
        const infotext = await this.gallery.infotext(message.image).catch(() => undefined);
        if (!infotext) {
          this.post({ type: 'useSettingsResult', id: message.id, message: vscode.l10n.t('This image carries no generation settings.') });
          return;
        }
        this.post({ type: 'useSettingsResult', id: message.id, settings: recallSettings(infotext, message.fallbackProvider) });
        markWalkthroughStep('reusedSettings');
        return;
      }
      default: {
        const unreachable: never = message;
        this.log.warn(`panel: unhandled message ${JSON.stringify(unreachable).slice(0, 100)}`);
      }
    }
  }

  private async answerImageAction(id: string, action: string, running: Promise<ActionOutcome>): Promise<void> {
    const outcome = await running.catch((error: unknown) => ({ ok: false, message: error instanceof Error ? error.message : String(error) }));
    if (action === 'delete' && outcome.ok) this.gallery.scheduleRefresh();
    // Delete's confirmation took the focus; the panel gets it back, and its page puts it where it was.
    if (action === 'delete') void vscode.commands.executeCommand(`${GENERATOR_VIEW_ID}.focus`);
    this.post({ type: 'imageActionResult', id, ok: outcome.ok, ...(outcome.message ? { message: outcome.message } : {}) });
  }

  /** Checks the values with the provider's real schema before a job starts, so that a bad one is marked at its control. */
  private async generate(message: GenerateRequest): Promise<void> {
    const provider = PROVIDERS[message.provider];
    const folder = currentWorkspaceFolder();
    let exportPlan: ReturnType<typeof parseRecipeText> | undefined;
    let edit: Awaited<ReturnType<SourceImagesHost['readEdit']>> | undefined;
    try {
      exportPlan = message.export?.trim() ? parseRecipeText(message.export) : undefined;
      if (exportPlan) checkTransparentExport(exportPlan.recipe, message.params);
      if (this.jobs.views().filter((job) => job.status === 'running').length >= MAX_RUNNING) {
        throw new ImagesmithError('invalid-input', vscode.l10n.t('{0} generations are already running. Wait for one to finish.', MAX_RUNNING));
      }
      if (!message.prompt.trim()) {
        throw new ImagesmithError('invalid-input', vscode.l10n.t('The prompt is empty. Write what the image should show.'), { parameter: 'prompt' });
      }
      const params = resolveParams(provider.label, provider.params, {
        given: message.params,
        defaults: this.providers.defaults(message.provider, folder),
        settingsPrefix: `imagesmith.providers.${message.provider}`,
      });
      const [broken] = provider.problems?.(params, provider.takesNegativePrompt ? message.negativePrompt?.trim() || undefined : undefined) ?? [];
      if (broken) throw broken;
      edit = message.edit ? await this.sources.readEdit(message.edit) : undefined;
    } catch (error) {
      this.post({ type: 'generateResult', id: message.id, error: toFailure(error) });
      return;
    }
    this.post({ type: 'generateResult', id: message.id });
    const negativePrompt = provider.takesNegativePrompt ? message.negativePrompt?.trim() : undefined;
    this.jobs.start(message.id, {
      provider: message.provider,
      prompt: message.prompt,
      ...(negativePrompt ? { negativePrompt } : {}),
      params: message.params,
      ...(edit ? { edit } : {}),
    }, exportPlan);
  }

  /** The rules between values and the files they name, checked as the person changes them. */
  private async checkValues(message: CheckValuesRequest): Promise<void> {
    const provider = PROVIDERS[message.provider];
    const folder = currentWorkspaceFolder();
    const values = { ...this.providers.defaults(message.provider, folder), ...message.params };
    const fileExists = folder ? (path: string) => this.watchedFile.exists(folder, path) : undefined;
    const negativePrompt = provider.takesNegativePrompt ? message.negativePrompt?.trim() || undefined : undefined;
    const checked = await checkLive(provider, this.providers.controls(message.provider), values, negativePrompt, fileExists);
    this.post({
      type: 'checkValuesResult',
      id: message.id,
      problems: checked.problems.map((problem) => ({ key: problem.key.slice(0, 64), message: problem.message.slice(0, LIMITS.message) })),
      unavailable: checked.unavailable,
    });
  }

  private async pushState(): Promise<void> {
    if (!this.view) return;
    this.post({ type: 'didChangeState', state: await this.providers.state(currentWorkspaceFolder()) });
  }

  private async refreshProviders(): Promise<void> {
    await this.pushState();
    if (await this.providers.loadChoices(currentWorkspaceFolder())) await this.pushState();
  }

  private async sendGallery(): Promise<void> {
    const view = this.view;
    if (!view) return;
    const images = await this.gallery.recent();
    const problem = this.gallery.whyEmpty();
    this.thumbnailFeed.listed(images);
    this.post({
      type: 'didResetGallery',
      folders: this.gallery.outputFolders().map((folder) => ({
        index: folder.index,
        label: folder.label,
        base: view.webview.asWebviewUri(folder.uri).toString(),
        uri: folder.uri.toString(),
      })),
      images: images.map(toGalleryImage),
      ...(problem ? { problem } : {}),
    });
  }

  dispose(): void {
    this.watchedFile.dispose();
    for (const subscription of [...this.viewSubscriptions, ...this.subscriptions]) subscription.dispose();
  }
}
