/**
 * What the panel shows: the providers, the jobs, the gallery's folders, images and
 * thumbnails, and the notes beside values.
 */
import * as z from 'zod/mini';
import { controlSpec } from './controls';
import { count, failure, fileName, imageRef, LIMITS, messageId, paramKey, paramValues, progress, providerId, text } from './values';
import { PROVIDER_IDS } from '../../core/types';
import { editView } from './sourceImages';

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
  /** What it can do with an image to start from; absent when it cannot edit. */
  edit: z.optional(editView),
});
export type ProviderView = z.infer<typeof providerView>;

export const panelState = z.strictObject({
  providers: z.array(providerView).check(z.minLength(1), z.maxLength(PROVIDER_IDS.length)),
  defaultProvider: providerId,
  hasFolder: z.boolean(),
});
export type PanelState = z.infer<typeof panelState>;

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
export type JobView = z.infer<typeof jobView>;

export const galleryFolder = z.strictObject({
  index: count(LIMITS.folders - 1),
  /** The workspace folder's name, shown when there are several. */
  label: text(200),
  /** asWebviewUri of the output folder: an image's address is this plus `/` and its encoded name. */
  base: text(4_000),
  /** The output folder's real URI, for a tile dragged into an editor (`text/uri-list`). */
  uri: z.string().check(z.maxLength(4_000), z.regex(/^[a-z][a-z0-9+.-]*:\/\//i, 'not a URI')),
});
export type GalleryFolder = z.infer<typeof galleryFolder>;

export const galleryImage = z.strictObject({
  folder: count(LIMITS.folders - 1),
  name: fileName,
  mtime: z.number(),
});
export type GalleryImage = z.infer<typeof galleryImage>;

export const imageMeta = z.strictObject({
  folder: count(LIMITS.folders - 1),
  name: fileName,
  /** Empty when the file carries no infotext. */
  prompt: text(LIMITS.shownPrompt),
  provider: z.optional(text(40)),
  size: z.optional(text(20)),
  seed: z.optional(text(20)),
  /** Where the workspace refers to the image ("Used in index.html:12"), or that nothing does. */
  usage: z.optional(text(LIMITS.path + 40)),
});
export type ImageMeta = z.infer<typeof imageMeta>;

export const IMAGE_ACTIONS = ['open', 'reveal', 'copyPath', 'copyRelativePath', 'insertLink', 'export', 'delete'] as const;
export type ImageAction = (typeof IMAGE_ACTIONS)[number];
/** What can be done to several images at once. */
export const BATCH_IMAGE_ACTIONS = ['insertLink', 'delete'] as const;
export type BatchImageAction = (typeof BATCH_IMAGE_ACTIONS)[number];

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
export type TileContext = z.infer<typeof tileContext>;

/** A problem with one value, at the control of `key`. */
export const valueProblem = z.strictObject({ key: z.string().check(z.maxLength(64)), message: text(LIMITS.message) });

/** A choice the other values rule out, and why in a few words ("not for dall-e-3"). */
export const optionNote = z.strictObject({ key: paramKey, option: text(LIMITS.paramText), note: text(80) });
export type OptionNote = z.infer<typeof optionNote>;

/** A gallery image's thumbnail, once made: an address under the thumbnail cache's webview root. */
export const thumbnail = z.strictObject({
  folder: count(LIMITS.folders - 1),
  name: fileName,
  src: text(4_000),
  /** Some pixel is not fully opaque: the tile shows it on a checkerboard. */
  alpha: z.boolean(),
});
export type Thumbnail = z.infer<typeof thumbnail>;
