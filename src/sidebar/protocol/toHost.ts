/**
 * Messages from the page to the host. Requests carry an `id` that their result echoes;
 * commands carry none. The host parses each one before acting on it.
 */
import * as z from 'zod/mini';
import { REMEDIES } from '../../core/remedies';
import { draft, imageRef, LIMITS, messageId, paramValues, providerId, text } from './values';
import { BATCH_IMAGE_ACTIONS, IMAGE_ACTIONS } from './views';
import { chooseSourceRequest, panelEdit } from './sourceImages';

/** Most images one batch action takes. */
const MAX_BATCH = 1_000;

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
  /** Start from an image (and a painted mask) rather than from nothing. */
  edit: z.optional(panelEdit),
});
export type GenerateRequest = z.infer<typeof generateRequest>;
/** The values as they stand, for the host's check of the rules between them; answered by checkValuesResult. */
export const checkValuesRequest = z.strictObject({
  type: z.literal('checkValues'),
  id: messageId,
  provider: providerId,
  params: paramValues,
  negativePrompt: z.optional(text(LIMITS.negativePrompt)),
});
export type CheckValuesRequest = z.infer<typeof checkValuesRequest>;
export const cancelJobCommand = z.strictObject({ type: z.literal('cancelJob'), job: messageId });
export const dismissJobCommand = z.strictObject({ type: z.literal('dismissJob'), job: messageId });
export const clearFinishedJobsCommand = z.strictObject({ type: z.literal('clearFinishedJobs') });
export const runFixCommand = z.strictObject({ type: z.literal('runFix'), job: messageId, action: z.enum(REMEDIES) });
export const setApiKeyCommand = z.strictObject({ type: z.literal('setApiKey'), provider: providerId });
export const openSettingsCommand = z.strictObject({ type: z.literal('openSettings'), provider: z.optional(providerId) });
/** The panel's Open Folder… button, shown while no folder is open. */
export const openFolderCommand = z.strictObject({ type: z.literal('openFolder') });
export const loadMetadataRequest = z.strictObject({
  type: z.literal('loadMetadata'),
  id: messageId,
  images: z.array(imageRef).check(z.minLength(1), z.maxLength(LIMITS.metadataBatch)),
});
/**
 * Tiles that came near the viewport, the first `inView` of them in view: each thumbnail
 * comes in didMakeThumbnails as soon as it is made, those in view before the others.
 */
export const loadThumbnailsCommand = z.strictObject({
  type: z.literal('loadThumbnails'),
  images: z.array(imageRef).check(z.minLength(1), z.maxLength(LIMITS.metadataBatch)),
  inView: z.optional(z.int().check(z.gte(0), z.lte(LIMITS.metadataBatch))),
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
  openFolderCommand,
  loadMetadataRequest,
  loadThumbnailsCommand,
  imageActionRequest,
  batchImageActionRequest,
  useSettingsRequest,
  chooseSourceRequest,
]);
export type WebviewMessage = z.infer<typeof webviewMessage>;
