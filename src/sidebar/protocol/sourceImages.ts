/**
 * The panel's source image, references and painted mask, as both sides of the webview
 * agree on them: how the page asks the host for an image to start from, what the host
 * answers (never the image itself: its thumbnail's address and its pixel size), and what
 * a generation that starts from an image carries.
 */
import * as z from 'zod/mini';
import { count, imageRef, LIMITS, messageId, text } from './values';

/** OpenAI's GPT image models take the most: 16 images, the source among them. */
export const MAX_SOURCE_IMAGES = 16;
/** A painted mask as base64 PNG text; black and white compresses well, so this allows far more pixels than a provider takes. */
const MAX_MASK_BASE64 = 24 * 1024 * 1024;

/** The image to edit, or one more reference beside it. */
export const SOURCE_ROLES = ['source', 'references'] as const;
export type SourceRole = (typeof SOURCE_ROLES)[number];

const workspacePath = z.string().check(z.minLength(1), z.maxLength(LIMITS.path));
const uriText = z.string().check(z.maxLength(4_000), z.regex(/^[a-z][a-z0-9+.-]*:/i, 'not a URI'));

/** Where the page's image comes from: the host's picker, files dropped from the Explorer, a gallery tile, or a recorded path (Use these settings). */
export const sourceOrigin = z.discriminatedUnion('from', [
  z.strictObject({ from: z.literal('pick') }),
  z.strictObject({ from: z.literal('drop'), uris: z.array(uriText).check(z.minLength(1), z.maxLength(MAX_SOURCE_IMAGES)) }),
  z.strictObject({ from: z.literal('gallery'), image: imageRef }),
  z.strictObject({ from: z.literal('paths'), paths: z.array(workspacePath).check(z.minLength(1), z.maxLength(MAX_SOURCE_IMAGES)) }),
]);
export type SourceOrigin = z.infer<typeof sourceOrigin>;

/** Answered by chooseSourceResult. */
export const chooseSourceRequest = z.strictObject({ type: z.literal('chooseSource'), id: messageId, role: z.enum(SOURCE_ROLES), origin: sourceOrigin });
export type ChooseSourceRequest = z.infer<typeof chooseSourceRequest>;

/** A chosen image as the page shows it. */
export const sourceView = z.strictObject({
  /** Workspace-relative, forward slashes: what a generation names and the infotext records. */
  path: workspacePath,
  width: count(1_000_000),
  height: count(1_000_000),
  /** The thumbnail's address under the thumbnail cache's webview root. */
  src: z.optional(text(4_000)),
  alpha: z.boolean(),
});
export type SourceView = z.infer<typeof sourceView>;

export const chooseSourceResult = z.strictObject({
  type: z.literal('chooseSourceResult'),
  id: messageId,
  role: z.enum(SOURCE_ROLES),
  /** Empty when the person cancelled the picker, or the image was refused (then `message` says why). */
  images: z.array(sourceView).check(z.maxLength(MAX_SOURCE_IMAGES)),
  message: z.optional(text(LIMITS.message)),
});
export type ChooseSourceResult = z.infer<typeof chooseSourceResult>;

/** What a generation from the panel starts from; the host reads the files again, as the edit command does. */
export const panelEdit = z.strictObject({
  source: workspacePath,
  references: z.array(workspacePath).check(z.maxLength(MAX_SOURCE_IMAGES - 1)),
  strength: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
  /** A PNG the source's size, white where the image is to change, as base64. */
  mask: z.optional(z.string().check(z.maxLength(MAX_MASK_BASE64), z.regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64'))),
});
export type PanelEdit = z.infer<typeof panelEdit>;

/** The slot as the page keeps it while the view is hidden or the window reloads (the mask is not kept). */
export const keptSource = z.strictObject({
  source: sourceView,
  references: z.array(sourceView).check(z.maxLength(MAX_SOURCE_IMAGES - 1)),
  strength: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
});
export type KeptSource = z.infer<typeof keptSource>;

/** What "Use these settings" brings back of an edited image: its source, references and strength. */
export const recalledSource = z.strictObject({
  paths: z.array(workspacePath).check(z.minLength(1), z.maxLength(MAX_SOURCE_IMAGES)),
  strength: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
});
export type RecalledSource = z.infer<typeof recalledSource>;

/** A provider's edits as the panel offers them; absent for a provider that cannot edit. */
export const editView = z.strictObject({
  maxImages: count(MAX_SOURCE_IMAGES),
  takesMask: z.boolean(),
  /** The strength used when none is chosen, without and with a mask; absent where the provider has none. */
  strength: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
  maskedStrength: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
});
export type EditView = z.infer<typeof editView>;
