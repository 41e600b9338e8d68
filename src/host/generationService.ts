import * as vscode from 'vscode';
import { providerBaseUrl } from '../core/addressTrust';
import { DEFAULT_LIMITS, HttpStack, jsonLimitFor } from '../core/http';
import { DiskImageStore } from '../core/diskStore';
import { ConcurrencyLimiter } from '../core/limiter';
import { generateImages, type GenerationInput, type SavedImage } from '../core/pipeline';
import type { ImageStore } from '../core/store';
import type { AnyProvider, ProviderId, Progress } from '../core/types';
import type { ServerLists } from '../core/serverLists';
import { PROVIDERS } from '../providers';
import type { KeyStore } from './keyStore';
import type { LogChannel } from './log';
import { saveTarget } from './outputFolder';
import type { GeneralSettings, Settings } from './settings';
import type { TrustedAddresses } from './trustedAddresses';
import { GenerationActivity } from './generationActivity';
import { WorkspaceTextFiles } from './workspaceFiles';
import { WorkspaceImageStore } from './workspaceStore';

/** node:fs for folders on disk, local or in a remote window; workspace.fs for the rest. */
function imageStore(folder: vscode.Uri): ImageStore {
  if (folder.scheme !== 'file') return new WorkspaceImageStore(folder);
  return new DiskImageStore(folder.fsPath, (name) => vscode.Uri.joinPath(folder, name).toString());
}

export interface GeneratedImage extends SavedImage {
  readonly uri: vscode.Uri;
}

export interface GenerateOptions {
  readonly folder: vscode.WorkspaceFolder;
  readonly signal: AbortSignal;
  readonly onProgress?: (progress: Progress) => void;
  readonly onWarning?: (message: string) => void;
  /**
   * Whether the person is there to be asked (palette, selection, panel). Without one, an
   * address that only the workspace named is refused rather than sent the key.
   */
  readonly interactive: boolean;
}

/** Runs the pipeline with what VS Code knows: settings, keys, the workspace. */
export class GenerationService implements vscode.Disposable {
  private stack: HttpStack | undefined;
  private stackKey = '';
  /** Shared by the commands and the panel, so the per-provider limit holds across both. */
  private readonly limiter = new ConcurrencyLimiter();
  /** Every generation, whoever started it: the status bar and the walkthrough follow it. */
  readonly activity = new GenerationActivity();

  constructor(
    private readonly keys: KeyStore,
    private readonly settings: Settings,
    private readonly addresses: TrustedAddresses,
    private readonly log: LogChannel,
    /** The providers' server lists, kept for the session by the composition root. */
    private readonly lists: ServerLists,
  ) {}

  provider(id: ProviderId): AnyProvider {
    return PROVIDERS[id];
  }

  generate(input: GenerationInput, options: GenerateOptions): Promise<GeneratedImage[]> {
    const label = (PROVIDERS[input.provider] as AnyProvider | undefined)?.label ?? input.provider;
    return this.activity.track(label, options.onProgress, (onProgress) => this.run(input, { ...options, onProgress }));
  }

  private async run(input: GenerationInput, options: GenerateOptions): Promise<GeneratedImage[]> {
    const general = this.settings.general();
    const provider = PROVIDERS[input.provider] as AnyProvider | undefined;
    const providerSettings = provider ? this.settings.provider(provider, options.folder) : undefined;
    // The output folder's check (the file system) and the key (a round trip to the editor's
    // secret storage) are waited for together: both stand before the first request.
    const [target, apiKey] = await Promise.all([
      saveTarget(options.folder, general.outputFolder, input.path),
      provider && (provider.needsKey || provider.optionalKey) ? this.keys.get(provider.id) : undefined,
    ]);
    const baseUrl =
      provider && providerSettings
        ? await this.addresses.baseUrlFor(provider, providerSettings.baseUrlSetting, apiKey !== undefined, options.interactive)
        : '';
    const saved = await generateImages(
      input,
      providerSettings ? { ...providerSettings, baseUrl } : { baseUrl, defaults: {}, settingsPrefix: 'imagesmith' },
      {
        providers: PROVIDERS,
        http: this.http(general),
        lists: this.lists,
        store: imageStore(target.folder),
        target: target.file,
        workspaceFiles: new WorkspaceTextFiles(options.folder),
        log: this.log,
        pollTimeoutMs: (providerSettings?.pollTimeoutSeconds ?? 300) * 1000,
        limiter: this.limiter,
        concurrency: general.maxConcurrentGenerations,
      },
      {
        signal: options.signal,
        apiKey,
        onProgress: options.onProgress,
        onWarning: options.onWarning,
      },
    );
    return saved.map((image) => ({ ...image, uri: vscode.Uri.parse(image.location) }));
  }

  /**
   * The server's lists for a provider's free-text parameters (PopCord's models and
   * sizes), for the panel's dropdowns; undefined when the provider has none or its base
   * URL setting is not a URL.
   */
  async choices(id: ProviderId, folder?: vscode.WorkspaceFolder): Promise<Readonly<Record<string, readonly string[]>> | undefined> {
    const provider = PROVIDERS[id];
    if (!provider.choices) return undefined;
    const url = providerBaseUrl(this.settings.provider(provider, folder).baseUrl);
    if (!url) return undefined;
    const http = this.http(this.settings.general()).forProvider(provider.label);
    return provider.choices({ baseUrl: url, http, lists: this.lists, signal: AbortSignal.timeout(15_000) });
  }

  /** One connection pool for the whole session, rebuilt only when a limit setting changes. */
  private http(general: Pick<GeneralSettings, 'requestTimeoutSeconds' | 'maxImageMegabytes'>): HttpStack {
    const key = `${general.requestTimeoutSeconds}/${general.maxImageMegabytes}`;
    if (!this.stack || this.stackKey !== key) {
      void this.stack?.close();
      const maxImageBytes = general.maxImageMegabytes * 1024 * 1024;
      this.stack = new HttpStack({ ...DEFAULT_LIMITS, timeoutMs: general.requestTimeoutSeconds * 1000, maxImageBytes, maxJsonBytes: jsonLimitFor(maxImageBytes) });
      this.stackKey = key;
    }
    return this.stack;
  }

  dispose(): void {
    this.activity.dispose();
    void this.stack?.close();
  }
}
