/**
 * The one protocol between the generator view (src/sidebar/app, in the webview) and
 * the extension host. Every message is a zod schema; both sides parse what they
 * receive and refuse anything malformed or unknown. Requests carry an `id` that their
 * result echoes; notifications (`DidChangeX`) and commands carry none.
 *
 * zod/mini rather than zod: this file is bundled into the webview, where the classic
 * API would cost several times the bytes.
 */
import * as z from 'zod/mini';
import type { ErrorKind } from '../core/errors';
import { PROVIDER_IDS, type Progress } from '../core/types';
import { TILE_ACTIONS } from './tileActions';

// #region Limits

// The pipeline's own limit (MAX_PROMPT_LENGTH) is not imported: its module pulls the HTTP
// stack into the webview bundle. A unit test keeps the two equal.
export const LIMITS = {
  prompt: 8_000,
  negativePrompt: 2_000,
  /** A string parameter (model id, scheduler, size). */
  paramText: 200,
  paramKeys: 32,
  /** A file name in the output folder; most file systems stop at 255. */
  fileName: 255,
  /** A workspace-relative path, for images saved at an exact path. */
  path: 1_000,
  /** Workspace folders whose output folders the gallery shows. */
  folders: 64,
  galleryImages: 20_000,
  /** Images per metadata request, so that one answer stays small. */
  metadataBatch: 100,
  /** A prompt as shown on hover in the gallery and on a job card. */
  shownPrompt: 1_000,
  message: 2_000,
  /** An export recipe in its text form ("1200x630 cover webp public/hero.webp"). */
  exportText: 300,
  jobs: 50,
  controls: 40,
  options: 200,
} as const;

// #endregion

// #region Shared pieces

const text = (max: number) => z.string().check(z.maxLength(max));
const count = (max: number) => z.int().check(z.minimum(0), z.maximum(max));

/** Correlates a request with its result; chosen by whoever sends the request. */
export const messageId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/));
export const providerId = z.enum(PROVIDER_IDS);

/** A parameter key as the providers' schemas spell them (camelCase). */
const paramKey = z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/));
export const paramValue = z.union([z.number(), text(LIMITS.paramText), z.boolean(), z.null()]);
export const paramValues = z
  .record(paramKey, paramValue)
  .check(z.refine((values) => Object.keys(values).length <= LIMITS.paramKeys, `at most ${LIMITS.paramKeys} parameters`));

/** A name inside an output folder: no separators, no `.` or `..`, nothing hidden. */
export const fileName = z
  .string()
  .check(z.minLength(1), z.maxLength(LIMITS.fileName), z.regex(/^(?!\.)[^/\\\0]+$/, 'not a plain file name'));

/** An image in the gallery: which workspace folder's output folder, and the file's name there. */
export const imageRef = z.strictObject({ folder: count(LIMITS.folders - 1), name: fileName });

export const ERROR_KINDS = [
  'invalid-input',
  'missing-key',
  'rejected-key',
  'rate-limited',
  'provider',
  'timeout',
  'network',
  'cancelled',
  'not-an-image',
  'file-system',
  'no-workspace',
  'untrusted-address',
] as const satisfies readonly ErrorKind[];

/** What can be done about a failure, each one a button beside it. */
export const FIX_ACTIONS = ['setApiKey', 'retry', 'openSettings', 'openFolder', 'showLog'] as const;

export const failure = z.strictObject({
  kind: z.enum(ERROR_KINDS),
  message: text(LIMITS.message),
  /** The parameter at fault, so that the panel can mark its control. */
  parameter: z.optional(text(64)),
  actions: z.array(z.enum(FIX_ACTIONS)).check(z.maxLength(FIX_ACTIONS.length)),
});

// #endregion

// #region Controls: a provider's parameters as the panel draws them

const controlBase = {
  /** Short human name ("CFG scale"). */
  title: text(80),
  description: z.optional(text(400)),
};
const bound = z.optional(z.number());

export const numberControl = z.strictObject({
  kind: z.literal('number'),
  key: paramKey,
  ...controlBase,
  integer: z.boolean(),
  min: bound,
  max: bound,
  multipleOf: z.optional(z.number().check(z.positive())),
  /** Empty means null ("leave it to the provider"). */
  nullable: z.boolean(),
});

export const selectControl = z.strictObject({
  kind: z.literal('select'),
  key: paramKey,
  ...controlBase,
  options: z.array(text(LIMITS.paramText)).check(z.minLength(1), z.maxLength(LIMITS.options)),
  /** True when the options are the server's own list rather than the schema's. */
  fromServer: z.boolean(),
  /** How the empty option reads, where there is one ("(the loaded model)"). */
  emptyLabel: z.optional(text(80)),
});

export const textControl = z.strictObject({
  kind: z.literal('text'),
  key: paramKey,
  ...controlBase,
  minLength: z.optional(count(LIMITS.paramText)),
  maxLength: z.optional(count(LIMITS.paramText)),
  pattern: z.optional(text(200)),
});

export const booleanControl = z.strictObject({
  kind: z.literal('boolean'),
  key: paramKey,
  ...controlBase,
});

export const seedControl = z.strictObject({
  kind: z.literal('seed'),
  key: paramKey,
  ...controlBase,
  min: z.number(),
  max: z.number(),
  /** The value that asks the provider for a random seed. */
  random: z.number(),
});

const sizePreset = z.tuple([z.int(), z.int()]);

/** Width and height as two integer parameters, offered as presets plus a custom pair. */
export const sizePairControl = z.strictObject({
  kind: z.literal('sizePair'),
  widthKey: paramKey,
  heightKey: paramKey,
  ...controlBase,
  min: z.int(),
  max: z.int(),
  multipleOf: z.optional(z.int().check(z.positive())),
  presets: z.array(sizePreset).check(z.maxLength(LIMITS.options)),
});

/** A `WIDTHxHEIGHT` string from a list, where a model may allow only some sizes. */
export const sizeListControl = z.strictObject({
  kind: z.literal('sizeList'),
  key: paramKey,
  ...controlBase,
  options: z.array(text(20)).check(z.minLength(1), z.maxLength(LIMITS.options)),
  fromServer: z.boolean(),
  /** The parameter naming the model, and the only size each restricted model accepts. */
  modelKey: z.optional(paramKey),
  onlyFor: z.record(text(LIMITS.paramText), text(20)),
});

export const controlSpec = z.discriminatedUnion('kind', [
  numberControl,
  selectControl,
  textControl,
  booleanControl,
  seedControl,
  sizePairControl,
  sizeListControl,
]);

// #endregion

// #region State

export const providerView = z.strictObject({
  id: providerId,
  label: text(80),
  needsKey: z.boolean(),
  /** What a provider that works without a key accepts as an optional one (a local server's login). */
  optionalKey: z.optional(text(200)),
  hasKey: z.boolean(),
  takesNegativePrompt: z.boolean(),
  /** The settings' negative prompt, used when the panel sends none. */
  defaultNegativePrompt: z.optional(text(LIMITS.negativePrompt)),
  controls: z.array(controlSpec).check(z.maxLength(LIMITS.controls)),
  /** The settings' values (schema defaults where a setting is unset): what Reset restores. */
  defaults: paramValues,
  /** The values last used to generate with this provider, when there were some. */
  lastUsed: z.optional(paramValues),
  /** The seed of this provider's last image, for one-click reuse. */
  lastSeed: z.optional(z.number()),
});

export const panelState = z.strictObject({
  providers: z.array(providerView).check(z.minLength(1), z.maxLength(PROVIDER_IDS.length)),
  defaultProvider: providerId,
  hasFolder: z.boolean(),
});

/** What the person was writing, kept across hiding the view and reloading the window. */
export const draft = z.strictObject({
  provider: providerId,
  prompt: text(LIMITS.prompt),
  negativePrompt: text(LIMITS.negativePrompt),
  values: z.partialRecord(providerId, paramValues),
  /** The export recipe to run after generating, in its text form; empty for none. */
  export: z.optional(text(LIMITS.exportText)),
  /** When it was last changed: the webview's copy and the host's may differ after a reload, and the newer wins. */
  updatedAt: z.optional(z.number()),
});

export const progress = z.discriminatedUnion('stage', [
  z.strictObject({ stage: z.literal('queued'), ahead: z.optional(count(1_000)) }),
  z.strictObject({ stage: z.literal('validating') }),
  z.strictObject({ stage: z.literal('sending') }),
  z.strictObject({ stage: z.literal('waiting'), checks: count(1_000_000) }),
  z.strictObject({ stage: z.literal('generating'), fraction: z.number().check(z.minimum(0), z.maximum(1)) }),
  z.strictObject({ stage: z.literal('downloading'), done: count(1_000), total: count(1_000) }),
  z.strictObject({ stage: z.literal('saving') }),
  z.strictObject({ stage: z.literal('saved') }),
]);

export const jobView = z.strictObject({
  id: messageId,
  provider: providerId,
  prompt: text(LIMITS.shownPrompt),
  startedAt: z.number(),
  status: z.enum(['running', 'saved', 'failed', 'cancelled']),
  progress,
  files: z.array(imageRef).check(z.maxLength(16)),
  /** Workspace-relative paths of the saved images, when some are outside the output folder (an exact path). */
  paths: z.optional(z.array(text(LIMITS.path)).check(z.maxLength(16))),
  error: z.optional(failure),
  warnings: z.array(text(LIMITS.message)).check(z.maxLength(8)),
  /** What the job's export made, said on its card ("1024×1024 PNG → 1200×630 WEBP (cover)"). */
  exported: z.optional(text(LIMITS.message)),
});

export const galleryFolder = z.strictObject({
  index: count(LIMITS.folders - 1),
  /** The workspace folder's name, shown when there are several. */
  label: text(200),
  /** asWebviewUri of the output folder: an image's address is this plus `/` and its encoded name. */
  base: text(4_000),
  /** The output folder's real URI, for a tile dragged into an editor (`text/uri-list`). */
  uri: z.string().check(z.maxLength(4_000), z.regex(/^[a-z][a-z0-9+.-]*:\/\//i, 'not a URI')),
});

export const galleryImage = z.strictObject({
  folder: count(LIMITS.folders - 1),
  name: fileName,
  mtime: z.number(),
});

export const imageMeta = z.strictObject({
  folder: count(LIMITS.folders - 1),
  name: fileName,
  /** Empty when the file carries no infotext. */
  prompt: text(LIMITS.shownPrompt),
  provider: z.optional(text(40)),
  size: z.optional(text(20)),
  seed: z.optional(text(20)),
});

export const IMAGE_ACTIONS = ['open', 'reveal', 'copyPath', 'copyRelativePath', 'insertLink', 'export', 'delete'] as const;
/** What can be done to several images at once. */
export const BATCH_IMAGE_ACTIONS = ['insertLink', 'delete'] as const;
/** Most images one batch action takes. */
const MAX_BATCH = 1_000;

/**
 * A tile's `data-vscode-context`, as VS Code hands it to the right-click menu's commands
 * (it adds `webview`, the view's id). Anything else is refused.
 */
export const tileContext = z.strictObject({
  webview: z.optional(z.literal('imagesmith.generator')),
  webviewSection: z.literal('tile'),
  folder: count(LIMITS.folders - 1),
  name: fileName,
  preventDefaultContextMenuItems: z.optional(z.boolean()),
});

/** A problem with one value, at the control of `key`. */
export const valueProblem = z.strictObject({ key: z.string().check(z.maxLength(64)), message: text(LIMITS.message) });

/** A choice the other values rule out, and why in a few words ("not for dall-e-3"). */
export const optionNote = z.strictObject({ key: paramKey, option: text(LIMITS.paramText), note: text(80) });

/** A gallery image's thumbnail, once made: an address under the thumbnail cache's webview root. */
export const thumbnail = z.strictObject({
  folder: count(LIMITS.folders - 1),
  name: fileName,
  src: text(4_000),
  /** Some pixel is not fully opaque: the tile shows it on a checkerboard. */
  alpha: z.boolean(),
});

// #endregion

// #region Webview → host

export const readyRequest = z.strictObject({ type: z.literal('ready'), id: messageId });
export const saveDraftCommand = z.strictObject({ type: z.literal('saveDraft'), draft });
export const generateRequest = z.strictObject({
  type: z.literal('generate'),
  /** Also the job's id, for Cancel. */
  id: messageId,
  provider: providerId,
  prompt: text(LIMITS.prompt),
  negativePrompt: z.optional(text(LIMITS.negativePrompt)),
  params: paramValues,
  /** An export recipe in its text form, run on the first image once it is saved. */
  export: z.optional(text(LIMITS.exportText)),
});
/** The values as they stand, for the host's check of the rules between them; answered by checkValuesResult. */
export const checkValuesRequest = z.strictObject({
  type: z.literal('checkValues'),
  id: messageId,
  provider: providerId,
  params: paramValues,
  negativePrompt: z.optional(text(LIMITS.negativePrompt)),
});
export const cancelJobCommand = z.strictObject({ type: z.literal('cancelJob'), job: messageId });
export const dismissJobCommand = z.strictObject({ type: z.literal('dismissJob'), job: messageId });
export const clearFinishedJobsCommand = z.strictObject({ type: z.literal('clearFinishedJobs') });
export const runFixCommand = z.strictObject({ type: z.literal('runFix'), job: messageId, action: z.enum(FIX_ACTIONS) });
export const setApiKeyCommand = z.strictObject({ type: z.literal('setApiKey'), provider: providerId });
export const openSettingsCommand = z.strictObject({ type: z.literal('openSettings'), provider: z.optional(providerId) });
export const loadMetadataRequest = z.strictObject({
  type: z.literal('loadMetadata'),
  id: messageId,
  images: z.array(imageRef).check(z.minLength(1), z.maxLength(LIMITS.metadataBatch)),
});
export const imageActionRequest = z.strictObject({
  type: z.literal('imageAction'),
  id: messageId,
  action: z.enum(IMAGE_ACTIONS),
  image: imageRef,
});
/** One action on several images: one confirmation, one edit. Answered by imageActionResult. */
export const batchImageActionRequest = z.strictObject({
  type: z.literal('batchImageAction'),
  id: messageId,
  action: z.enum(BATCH_IMAGE_ACTIONS),
  images: z.array(imageRef).check(z.minLength(1), z.maxLength(MAX_BATCH)),
});
export const useSettingsRequest = z.strictObject({
  type: z.literal('useSettings'),
  id: messageId,
  image: imageRef,
  /** The provider to map the fields to when the file does not name one. */
  fallbackProvider: providerId,
});

export const webviewMessage = z.discriminatedUnion('type', [
  readyRequest,
  saveDraftCommand,
  generateRequest,
  checkValuesRequest,
  cancelJobCommand,
  dismissJobCommand,
  clearFinishedJobsCommand,
  runFixCommand,
  setApiKeyCommand,
  openSettingsCommand,
  loadMetadataRequest,
  imageActionRequest,
  batchImageActionRequest,
  useSettingsRequest,
]);

// #endregion

// #region Host → webview

export const readyResult = z.strictObject({
  type: z.literal('readyResult'),
  id: messageId,
  state: panelState,
  /** The draft the host kept, for a webview that has none of its own (after a reload). */
  draft: z.optional(draft),
});
export const didChangeStateNotification = z.strictObject({ type: z.literal('didChangeState'), state: panelState });
export const didChangeJobsNotification = z.strictObject({
  type: z.literal('didChangeJobs'),
  jobs: z.array(jobView).check(z.maxLength(LIMITS.jobs)),
});
export const generateResult = z.strictObject({
  type: z.literal('generateResult'),
  id: messageId,
  /** Refused before a job started (a bad value); a started job reports through didChangeJobs. */
  error: z.optional(failure),
});
export const checkValuesResult = z.strictObject({
  type: z.literal('checkValuesResult'),
  id: messageId,
  problems: z.array(valueProblem).check(z.maxLength(LIMITS.controls * 4)),
  unavailable: z.array(optionNote).check(z.maxLength(LIMITS.options * 4)),
});
export const didResetGalleryNotification = z.strictObject({
  type: z.literal('didResetGallery'),
  folders: z.array(galleryFolder).check(z.maxLength(LIMITS.folders)),
  images: z.array(galleryImage).check(z.maxLength(LIMITS.galleryImages)),
  /** Why there is no gallery (no folder open, a bad output folder setting). */
  problem: z.optional(text(LIMITS.message)),
});
export const didChangeGalleryNotification = z.strictObject({
  type: z.literal('didChangeGallery'),
  added: z.array(galleryImage).check(z.maxLength(LIMITS.galleryImages)),
  removed: z.array(imageRef).check(z.maxLength(LIMITS.galleryImages)),
});
export const loadMetadataResult = z.strictObject({
  type: z.literal('loadMetadataResult'),
  id: messageId,
  items: z.array(imageMeta).check(z.maxLength(LIMITS.metadataBatch)),
});
export const didMakeThumbnailsNotification = z.strictObject({
  type: z.literal('didMakeThumbnails'),
  items: z.array(thumbnail).check(z.maxLength(LIMITS.metadataBatch)),
});
export const imageActionResult = z.strictObject({
  type: z.literal('imageActionResult'),
  id: messageId,
  ok: z.boolean(),
  /** Said to the person when the action could not be done (or was declined). */
  message: z.optional(text(LIMITS.message)),
});
export const useSettingsResult = z.strictObject({
  type: z.literal('useSettingsResult'),
  id: messageId,
  settings: z.optional(
    z.strictObject({
      provider: providerId,
      prompt: text(LIMITS.prompt),
      negativePrompt: text(LIMITS.negativePrompt),
      values: paramValues,
      /** The recipe a derived file was exported with, in its text form. */
      export: z.optional(text(LIMITS.exportText)),
      /** Fields that could not be carried over, named for the person. */
      ignored: z.array(text(200)).check(z.maxLength(LIMITS.paramKeys)),
    }),
  ),
  message: z.optional(text(LIMITS.message)),
});

/** An action chosen in a tile's right-click menu; the page runs it as if its hover bar had been used. */
export const didRequestTileActionNotification = z.strictObject({
  type: z.literal('didRequestTileAction'),
  action: z.enum(TILE_ACTIONS),
  image: imageRef,
});

/** "Open Image Generator" ran: the caret goes to the prompt. Never sent for a click into the view. */
export const didRequestFocusNotification = z.strictObject({ type: z.literal('didRequestFocus') });

export const hostMessage = z.discriminatedUnion('type', [
  readyResult,
  didRequestFocusNotification,
  didChangeStateNotification,
  didChangeJobsNotification,
  generateResult,
  checkValuesResult,
  didResetGalleryNotification,
  didChangeGalleryNotification,
  loadMetadataResult,
  didMakeThumbnailsNotification,
  imageActionResult,
  useSettingsResult,
  didRequestTileActionNotification,
]);

// #endregion

// #region Types

export type ParamValue = z.infer<typeof paramValue>;
export type ParamValues = z.infer<typeof paramValues>;
export type ImageRef = z.infer<typeof imageRef>;
export type Failure = z.infer<typeof failure>;
export type FixAction = (typeof FIX_ACTIONS)[number];
export type ControlSpec = z.infer<typeof controlSpec>;
export type NumberControl = z.infer<typeof numberControl>;
export type SelectControl = z.infer<typeof selectControl>;
export type TextControl = z.infer<typeof textControl>;
export type SeedControl = z.infer<typeof seedControl>;
export type SizePairControl = z.infer<typeof sizePairControl>;
export type SizeListControl = z.infer<typeof sizeListControl>;
export type ProviderView = z.infer<typeof providerView>;
export type PanelState = z.infer<typeof panelState>;
export type Draft = z.infer<typeof draft>;
export type JobProgress = z.infer<typeof progress>;
export type JobView = z.infer<typeof jobView>;
export type GalleryFolder = z.infer<typeof galleryFolder>;
export type GalleryImage = z.infer<typeof galleryImage>;
export type ImageMeta = z.infer<typeof imageMeta>;
export type ImageAction = (typeof IMAGE_ACTIONS)[number];
export type OptionNote = z.infer<typeof optionNote>;
export type WebviewMessage = z.infer<typeof webviewMessage>;
export type HostMessage = z.infer<typeof hostMessage>;

export type ReadyRequest = z.infer<typeof readyRequest>;
export type SaveDraftCommand = z.infer<typeof saveDraftCommand>;
export type GenerateRequest = z.infer<typeof generateRequest>;
export type CheckValuesRequest = z.infer<typeof checkValuesRequest>;
export type CancelJobCommand = z.infer<typeof cancelJobCommand>;
export type DismissJobCommand = z.infer<typeof dismissJobCommand>;
export type RunFixCommand = z.infer<typeof runFixCommand>;
export type SetApiKeyCommand = z.infer<typeof setApiKeyCommand>;
export type OpenSettingsCommand = z.infer<typeof openSettingsCommand>;
export type LoadMetadataRequest = z.infer<typeof loadMetadataRequest>;
export type ImageActionRequest = z.infer<typeof imageActionRequest>;
export type UseSettingsRequest = z.infer<typeof useSettingsRequest>;
export type ReadyResult = z.infer<typeof readyResult>;
export type DidChangeStateNotification = z.infer<typeof didChangeStateNotification>;
export type DidChangeJobsNotification = z.infer<typeof didChangeJobsNotification>;
export type GenerateResult = z.infer<typeof generateResult>;
export type DidResetGalleryNotification = z.infer<typeof didResetGalleryNotification>;
export type DidChangeGalleryNotification = z.infer<typeof didChangeGalleryNotification>;
export type LoadMetadataResult = z.infer<typeof loadMetadataResult>;
export type DidMakeThumbnailsNotification = z.infer<typeof didMakeThumbnailsNotification>;
export type Thumbnail = z.infer<typeof thumbnail>;
export type ImageActionResult = z.infer<typeof imageActionResult>;
export type BatchImageAction = (typeof BATCH_IMAGE_ACTIONS)[number];
export type BatchImageActionRequest = z.infer<typeof batchImageActionRequest>;
export type DidRequestTileActionNotification = z.infer<typeof didRequestTileActionNotification>;
export type TileContext = z.infer<typeof tileContext>;
export type UseSettingsResult = z.infer<typeof useSettingsResult>;

// The protocol's lists must stay the core's: a kind or stage added there fails to compile here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const kindsMatch: Same<(typeof ERROR_KINDS)[number], ErrorKind> = true;
const stagesMatch: Same<JobProgress['stage'], Progress['stage']> = true;
void kindsMatch;
void stagesMatch;

// #endregion

// #region Parsing

export type Parsed<T> = { readonly ok: true; readonly message: T } | { readonly ok: false; readonly reason: string };

function parseWith<T>(schema: z.ZodMiniType<T>, data: unknown): Parsed<T> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'message';
  const type = typeof data === 'object' && data !== null && 'type' in data ? String(data.type).slice(0, 40) : '?';
  return { ok: false, reason: `${type}: ${where}: ${issue?.message ?? 'invalid'}` };
}

/** A message from the webview, or why it is refused. */
export function parseWebviewMessage(data: unknown): Parsed<WebviewMessage> {
  return parseWith(webviewMessage, data);
}

/** A message from the host, or why it is refused. */
export function parseHostMessage(data: unknown): Parsed<HostMessage> {
  return parseWith(hostMessage, data);
}

// #endregion
