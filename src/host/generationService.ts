import * as vscode from 'vscode';
import { DEFAULT_LIMITS, HttpStack } from '../core/http';
import { generateImages, type GenerationInput, type SavedImage } from '../core/pipeline';
import type { AnyProvider, ProviderId, Progress } from '../core/types';
import { PROVIDERS } from '../providers';
import type { KeyStore } from './keyStore';
import type { LogChannel } from './log';
import { outputFolderUri } from './outputFolder';
import type { Settings } from './settings';
import { WorkspaceImageStore } from './workspaceStore';

export interface GeneratedImage extends SavedImage {
  readonly uri: vscode.Uri;
}

export interface GenerateOptions {
  readonly folder: vscode.WorkspaceFolder;
  readonly signal: AbortSignal;
  readonly onProgress?: (progress: Progress) => void;
  readonly onWarning?: (message: string) => void;
}

/** Runs the pipeline with what VS Code knows: settings, keys, the workspace. */
export class GenerationService implements vscode.Disposable {
  private stack: HttpStack | undefined;
  private stackTimeout = 0;

  constructor(
    private readonly keys: KeyStore,
    private readonly settings: Settings,
    private readonly log: LogChannel,
  ) {}

  provider(id: ProviderId): AnyProvider {
    return PROVIDERS[id];
  }

  async generate(input: GenerationInput, options: GenerateOptions): Promise<GeneratedImage[]> {
    const general = this.settings.general(options.folder);
    const outputFolder = outputFolderUri(options.folder, general.outputFolder);
    const provider = PROVIDERS[input.provider] as AnyProvider | undefined;
    const providerSettings = provider ? this.settings.provider(provider, options.folder) : undefined;
    const saved = await generateImages(
      input,
      providerSettings ?? { baseUrl: '', defaults: {}, settingsPrefix: 'imagesmith' },
      {
        providers: PROVIDERS,
        http: this.http(general.requestTimeoutSeconds),
        store: new WorkspaceImageStore(outputFolder),
        log: this.log,
        pollTimeoutMs: (providerSettings?.pollTimeoutSeconds ?? 300) * 1000,
      },
      {
        signal: options.signal,
        apiKey: provider?.needsKey ? await this.keys.get(provider.id) : undefined,
        onProgress: options.onProgress,
        onWarning: options.onWarning,
      },
    );
    return saved.map((image) => ({ ...image, uri: vscode.Uri.parse(image.location) }));
  }

  /** One connection pool for the whole session, rebuilt only when the timeout setting changes. */
  private http(timeoutSeconds: number): HttpStack {
    if (!this.stack || this.stackTimeout !== timeoutSeconds) {
      void this.stack?.close();
      this.stack = new HttpStack({ ...DEFAULT_LIMITS, timeoutMs: timeoutSeconds * 1000 });
      this.stackTimeout = timeoutSeconds;
    }
    return this.stack;
  }

  dispose(): void {
    void this.stack?.close();
  }
}
