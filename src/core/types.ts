import type * as z from 'zod/mini';
import type { HttpClient } from './http';
import type { EditRequest, EditSupport } from './edit';
import type { ServerLists } from './serverLists';
import type { ImagesmithError } from './errors';

export const PROVIDER_IDS = ['popcord', 'aithriving', 'imagepipeline', 'openai', 'stability', 'automatic1111', 'comfyui'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === 'string' && (PROVIDER_IDS as readonly string[]).includes(value);
}

/** What a generation is doing now; shown in the progress notification and the panel. */
export type Progress =
  | { readonly stage: 'validating' }
  /** Waiting for one of the provider's concurrent slots; `ahead` counts this one too. */
  | { readonly stage: 'queued'; readonly ahead: number }
  | { readonly stage: 'sending' }
  | { readonly stage: 'waiting'; readonly checks: number }
  /** A server that reports how far along it is (a local AUTOMATIC1111 or ComfyUI); fraction 0 to 1. */
  | { readonly stage: 'generating'; readonly fraction: number }
  | { readonly stage: 'downloading'; readonly done: number; readonly total: number }
  | { readonly stage: 'saving' }
  | { readonly stage: 'saved'; readonly files: readonly string[] };

export interface ProviderRequest<P> {
  readonly prompt: string;
  readonly negativePrompt?: string;
  readonly params: P;
}

/** A request that starts from existing images: the edit, and the values of the provider's edit-only parameters. */
export interface EditProviderRequest<P> extends ProviderRequest<P> {
  readonly edit: EditRequest;
  readonly editParams: Readonly<Record<string, unknown>>;
}

/** Everything a provider may use; it gets nothing else (no `vscode`, no globals). */
export interface ProviderContext {
  readonly baseUrl: URL;
  readonly apiKey?: string;
  readonly http: HttpClient;
  /** The lists read from provider servers, kept for the session. */
  readonly lists: ServerLists;
  readonly signal: AbortSignal;
  progress(progress: Progress): void;
  /** Something worth telling the person that does not stop the generation. */
  readonly warn: (message: string) => void;
  /** Waits, or rejects when the signal aborts; injected so tests need not wait for real. */
  readonly sleep: (ms: number) => Promise<void>;
  /** How long a provider may keep checking a queued job before giving up. */
  readonly pollTimeoutMs: number;
  /**
   * The text of a file the person named in a setting (a ComfyUI workflow), relative to
   * the workspace folder; throws ImagesmithError('invalid-input') for a path that leaves
   * it or a file that cannot be read. Providers touch no disk themselves.
   */
  readWorkspaceFile(relativePath: string): Promise<string>;
}

/** An image as the provider hands it over: its bytes, or a URL the pipeline downloads. */
export type ProviderImage = { readonly bytes: Uint8Array } | { readonly url: string };

export interface ProviderResult {
  readonly images: readonly ProviderImage[];
  /** The seed the provider reports it used, when it says. */
  readonly seed?: number;
  /** The model the provider reports it used, when the request left it to the server. */
  readonly model?: string;
  /**
   * Anything else the provider reported that belongs in the image's metadata (a
   * rewritten prompt, a finish reason), by infotext label, for its own infotext().
   */
  readonly reported?: Readonly<Record<string, string>>;
}

/** Labels to values, as parseInfotext reads an image's fields. */
export type InfotextFields = ReadonlyMap<string, string>;

/** Parameter values read back from an image's fields; not yet validated. */
export type RecalledParams = Record<string, string | number | boolean | null>;

/** One A1111 infotext field: `Label: value`. */
export type InfotextField = readonly [label: string, value: string | number | boolean];

/** A provider's parameters (src/providers/params/), each field's control and title in its registered ParamMeta. */
export type ParamsSchema = z.ZodMiniObject<z.core.$ZodShape>;

export interface ImageProvider<S extends ParamsSchema = ParamsSchema> {
  readonly id: ProviderId;
  readonly label: string;
  readonly needsKey: boolean;
  /**
   * For a provider that works without a key but takes a credential when one is set (a
   * local server started with a password): what to enter, for the key prompt. The pipeline
   * passes the stored value as `apiKey` when there is one, and never asks for it.
   */
  readonly optionalKey?: string;
  /** Where a person makes a key, for the key prompt's link. */
  readonly keyUrl?: string;
  readonly defaultBaseUrl: string;
  readonly takesNegativePrompt: boolean;
  /** The provider's parameters with their bounds, enums and defaults (camelCase keys). */
  readonly params: S;
  /**
   * Checks that need more than the schema (a model's only size, a server's list),
   * before anything is sent; throws ImagesmithError('invalid-input') or calls ctx.warn.
   */
  check?(request: ProviderRequest<z.infer<S>>, ctx: ProviderContext): Promise<void> | void;
  generate(request: ProviderRequest<z.infer<S>>, ctx: ProviderContext): Promise<ProviderResult>;
  /** Values offered for free-text parameters that the server lists (PopCord's models and sizes). */
  choices?(ctx: Pick<ProviderContext, 'baseUrl' | 'http' | 'signal' | 'lists'>): Promise<Readonly<Record<string, readonly string[]>>>;
  /** The A1111 fields after the prompt lines, in order, for these params and this result. */
  infotext(request: ProviderRequest<z.infer<S>>, result: ProviderResult): InfotextField[];
  /** The inverse of `infotext()`, for "Use these settings": what reads back, unvalidated. */
  recall(fields: InfotextFields): RecalledParams;
  /** Models that accept a single size, by model: the panel offers only that size for them. */
  readonly onlySize?: Readonly<Record<string, string>>;
  /**
   * Every rule that ties one parameter to another and needs no server, each as an
   * ImagesmithError naming its parameter: the panel checks them all as values change.
   */
  problems?(params: z.infer<S>, negativePrompt: string | undefined): ImagesmithError[];
  /** The parameter those rules turn on (a model, a service): an option they exclude is "not for" its value. */
  readonly rulesFollow?: string;
  /** Parameters that name a file in the workspace (ComfyUI's workflow): the panel checks the file is there. */
  readonly workspaceFileParams?: readonly string[];
  /** What it can do with existing images; none for a provider whose API cannot start from one. */
  readonly edits?: EditSupport;
  /** Why it cannot start from an image, for a provider without `edits`: said (in the person's language) when an edit names it. */
  readonly cannotEdit?: () => string;
  /** An edit, variation or background removal of `request.edit`; present whenever `edits` is. */
  edit?(request: EditProviderRequest<z.infer<S>>, ctx: ProviderContext): Promise<ProviderResult>;
}

export type AnyProvider = ImageProvider<ParamsSchema>;

/** What a provider's secret is called: an API key, or the login of a local server that takes one. */
export function secretName(provider: Pick<AnyProvider, 'needsKey' | 'optionalKey'>): 'API key' | 'login' {
  return provider.needsKey || provider.optionalKey === undefined ? 'API key' : 'login';
}
