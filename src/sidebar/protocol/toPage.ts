/**
 * Messages from the host to the page: results of the page's requests, and
 * notifications (`didChangeX`). The page parses each one before acting on it.
 */
import * as z from 'zod/mini';
import { draft, failure, imageRef, LIMITS, messageId, paramValues, providerId, text } from './values';
import { galleryFolder, galleryImage, imageMeta, jobView, optionNote, panelState, thumbnail, valueProblem } from './views';
import { TILE_ACTIONS } from './tileActions';
import { chooseSourceResult, recalledSource } from './sourceImages';

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
export type DidResetGalleryNotification = z.infer<typeof didResetGalleryNotification>;
export const didChangeGalleryNotification = z.strictObject({
  type: z.literal('didChangeGallery'),
  added: z.array(galleryImage).check(z.maxLength(LIMITS.galleryImages)),
  removed: z.array(imageRef).check(z.maxLength(LIMITS.galleryImages)),
});
export type DidChangeGalleryNotification = z.infer<typeof didChangeGalleryNotification>;
export const loadMetadataResult = z.strictObject({
  type: z.literal('loadMetadataResult'),
  id: messageId,
  items: z.array(imageMeta).check(z.maxLength(LIMITS.metadataBatch)),
});
export type LoadMetadataResult = z.infer<typeof loadMetadataResult>;
export const didMakeThumbnailsNotification = z.strictObject({
  type: z.literal('didMakeThumbnails'),
  items: z.array(thumbnail).check(z.maxLength(LIMITS.metadataBatch)),
});
export type DidMakeThumbnailsNotification = z.infer<typeof didMakeThumbnailsNotification>;
export const imageActionResult = z.strictObject({
  type: z.literal('imageActionResult'),
  id: messageId,
  ok: z.boolean(),
  /** Said to the person when the action could not be done (or was declined). */
  message: z.optional(text(LIMITS.message)),
});
export type ImageActionResult = z.infer<typeof imageActionResult>;
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
      /** The image an edited image started from, with its strength. */
      source: z.optional(recalledSource),
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

/** "Show in Imagesmith Gallery" from the Explorer or the image preview: the page focuses that image's tile. */
export const didRequestShowImageNotification = z.strictObject({
  type: z.literal('didRequestShowImage'),
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
  didRequestShowImageNotification,
  chooseSourceResult,
]);
export type HostMessage = z.infer<typeof hostMessage>;
