/**
 * Starting from an image the person already has: what an edit asks for, what each
 * provider takes, and the checks every edit gets before anything is sent (the source's
 * size against the provider's documented limit, the mask against the source).
 */
import * as l10n from '@vscode/l10n';
import { ImagesmithError } from './errors';
import { FILE_EXTENSION } from './fileNames';
import type { ImageFormat } from './imageFormat';
import { imageInfo } from './imageInfo';
import { maskIsEmpty, readMask, type Mask } from './mask';
import type { InfotextField, InfotextFields, ParamsSchema, RecalledParams } from './types';

/**
 * `edit`: a prompt changes the image (with a mask, only the masked part). `variations`:
 * new images like the source, no prompt needed. `removeBackground`: the subject kept, the
 * background made transparent.
 */
export const EDIT_OPERATIONS = ['edit', 'variations', 'removeBackground'] as const;
export type EditOperation = (typeof EDIT_OPERATIONS)[number];

/** The operations' names, as their commands are titled (worded when shown: the translations load after this module). */
export const OPERATION_TITLES: Readonly<Record<EditOperation, () => string>> = {
  edit: () => l10n.t('Edit Image'),
  variations: () => l10n.t('Make Variations'),
  removeBackground: () => l10n.t('Remove Background'),
};

/** An image from the workspace, read and checked by the host. */
export interface SourceImage {
  /** Workspace-relative, with forward slashes: what the infotext records. */
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
}

export interface EditRequest {
  readonly operation: EditOperation;
  readonly source: SourceImage;
  /** More images for the providers that take several (OpenAI's GPT image models). */
  readonly references: readonly SourceImage[];
  readonly mask?: Mask;
  /** Where the mask came from (a workspace path), or undefined for one painted in the panel. */
  readonly maskPath?: string;
  /** How far the result may move from the source, 0 (unchanged) to 1 (ignore it); undefined where the provider has none. */
  readonly strength?: number;
}

/** What a provider can do with existing images, from its API reference. */
export interface EditSupport {
  readonly operations: readonly EditOperation[];
  /** The largest source file the provider takes, in bytes, as its reference documents it. */
  readonly maxSourceBytes: number;
  /** Source and references together. */
  readonly maxImages: number;
  readonly takesMask: boolean;
  /** The strength used when none is given, where strength means something (an img2img denoise); undefined where it does not. */
  strengthDefault(edit: Pick<EditRequest, 'operation' | 'mask'>, editParams: Readonly<Record<string, unknown>>): number | undefined;
  /** Whether an edit needs a prompt (erasing, variations and background removal do not). */
  promptNeeded(operation: EditOperation, editParams: Readonly<Record<string, unknown>>): boolean;
  /** Parameters that only edits take (Stability's service, A1111's mask blur), camelCase as the others. */
  readonly params: ParamsSchema;
  /** The infotext fields of the edit-only parameters, and their inverse for "Use these settings". */
  fields(editParams: Readonly<Record<string, unknown>>): InfotextField[];
  recall(fields: InfotextFields): RecalledParams;
  /** The provider's parameters as this operation uses them (OpenAI's variations are dall-e-2's), before they are checked and recorded. */
  adjust?(edit: EditRequest, params: Readonly<Record<string, unknown>>, editParams: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** Extra checks on the source and mask (a square PNG for dall-e-2, a pixel count), before anything is sent. */
  check?(edit: EditRequest, params: Readonly<Record<string, unknown>>, editParams: Readonly<Record<string, unknown>>): void;
}

export const DEFAULT_STRENGTH = 0.6;

/**
 * How a local Stable Diffusion server (AUTOMATIC1111, ComfyUI) edits: img2img on one
 * source, with or without a mask, and no size limit of its own (the general image limit
 * applies). The strength is the web UI's own img2img denoise; variations stay closer to
 * the source.
 */
export const LOCAL_SERVER_EDITS: Pick<EditSupport, 'operations' | 'maxSourceBytes' | 'maxImages' | 'takesMask' | 'strengthDefault' | 'promptNeeded'> = {
  operations: ['edit', 'variations'],
  maxSourceBytes: Number.POSITIVE_INFINITY,
  maxImages: 1,
  takesMask: true,
  strengthDefault: (edit) => (edit.operation === 'variations' ? 0.5 : 0.75),
  promptNeeded: (operation) => operation === 'edit',
};

function invalid(message: string, parameter: string, provider?: string): ImagesmithError {
  return new ImagesmithError('invalid-input', message, { parameter, ...(provider ? { provider } : {}) });
}

/** Reads an image file's bytes as a source, or says why it cannot be one. */
export function sourceFromBytes(path: string, bytes: Uint8Array, parameter = 'image'): SourceImage {
  const info = imageInfo(bytes);
  if (!info) throw invalid(l10n.t('"{0}" is not a PNG, JPEG or WebP image, so it cannot be edited. Pick one of those.', path), parameter);
  return { path, bytes, format: info.format, width: info.width, height: info.height };
}

/** Reads a mask file and checks it against the source: same size, something to repaint. */
export function maskFromBytes(path: string, bytes: Uint8Array, source: Pick<SourceImage, 'width' | 'height' | 'path'>): Mask {
  if (imageInfo(bytes)?.format !== 'png') throw invalid(l10n.t('The mask "{0}" is not a PNG. Give a PNG mask (white or transparent where the image is to change).', path), 'mask');
  const mask = readMask(bytes);
  checkMask(mask, source);
  return mask;
}

export function checkMask(mask: Mask, source: Pick<SourceImage, 'width' | 'height' | 'path'>): void {
  if (mask.width !== source.width || mask.height !== source.height) {
    throw invalid(
      l10n.t("The mask is {0}×{1} pixels and the image {2} is {3}×{4}; a mask must have the image's size. Paint it over this image.", mask.width, mask.height, source.path, source.width, source.height),
      'mask',
    );
  }
  if (maskIsEmpty(mask)) throw invalid(l10n.t('The mask marks nothing to repaint. Paint over the part of the image to change, or leave the mask out to change the whole image.'), 'mask');
}

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/** The checks every provider's edit gets: the operation, the number and size of the images, the mask and the strength. */
export function checkEdit(label: string, support: EditSupport | undefined, cannot: string | undefined, edit: EditRequest): void {
  if (!support || !support.operations.includes(edit.operation)) {
    const cannotDo = {
      edit: () => l10n.t('{0} cannot edit images.', label),
      variations: () => l10n.t('{0} cannot make variations.', label),
      removeBackground: () => l10n.t('{0} cannot remove backgrounds.', label),
    }[edit.operation];
    const why = !support ? (cannot ?? l10n.t('{0} cannot start from an image.', label)) : cannotDo();
    const use =
      edit.operation === 'removeBackground' ? l10n.t('Use Stability AI or OpenAI for this.') : l10n.t('Use OpenAI, Stability AI, AUTOMATIC1111 or ComfyUI for this.');
    throw invalid(`${why} ${use}`, 'provider', label);
  }
  const count = 1 + edit.references.length;
  if (count > support.maxImages) {
    const most =
      support.maxImages === 1
        ? l10n.t('{0} takes at most 1 image for an edit; {1} were given. Leave some references out.', label, count)
        : l10n.t('{0} takes at most {1} images for an edit; {2} were given. Leave some references out.', label, support.maxImages, count);
    throw invalid(most, 'references', label);
  }
  for (const image of [edit.source, ...edit.references]) {
    if (image.bytes.byteLength > support.maxSourceBytes) {
      throw invalid(
        l10n.t('{0} takes images up to {1}; {2} is {3}. Use a smaller or compressed copy.', label, megabytes(support.maxSourceBytes), image.path, megabytes(image.bytes.byteLength)),
        image === edit.source ? 'image' : 'references',
        label,
      );
    }
  }
  if (edit.mask && !support.takesMask) throw invalid(l10n.t('{0} takes no mask for this; leave the mask out.', label), 'mask', label);
  if (edit.strength !== undefined && !(edit.strength >= 0 && edit.strength <= 1)) {
    throw invalid(l10n.t('Strength must be from 0 (keep the image) to 1 (ignore it); got {0}.', edit.strength), 'strength', label);
  }
}

/** The source's stem and what was done, for operations without a prompt to name the file after: `hero-variation`. */
export function editSlugText(edit: EditRequest): string {
  const what = edit.operation === 'removeBackground' ? 'no-background' : edit.operation === 'variations' ? 'variation' : 'edit';
  const base = edit.source.path.split('/').pop() ?? edit.source.path;
  const dot = base.lastIndexOf('.');
  return `${dot > 0 ? base.slice(0, dot) : base} ${what}`;
}

/** What the infotext records of an edit, after the provider's own fields: the source, the strength, the mask. */
export function editFields(edit: EditRequest, own: readonly InfotextField[]): InfotextField[] {
  return [
    ['Source', edit.source.path],
    ...(edit.references.length > 0 ? ([['References', edit.references.map((r) => r.path).join('; ')]] as const) : []),
    ...(edit.operation === 'edit' ? [] : ([['Operation', edit.operation]] as const)),
    ...own,
    ...(edit.strength === undefined ? [] : ([['Denoising strength', edit.strength]] as const)),
    ...(edit.mask ? ([['Mask', edit.maskPath ?? 'painted']] as const) : []),
  ];
}

/** What an image's infotext says of the edit it came from, for "Use these settings". */
export interface RecalledEdit {
  readonly operation: EditOperation;
  readonly source: string;
  readonly references: readonly string[];
  readonly strength?: number;
  /** A mask file's path; `painted` when the mask was painted in the panel (it is not kept). */
  readonly mask?: string;
}

export function recallEdit(fields: InfotextFields): RecalledEdit | undefined {
  const source = fields.get('Source')?.trim();
  if (!source) return undefined;
  const operation = fields.get('Operation')?.trim();
  const strength = Number(fields.get('Denoising strength'));
  const references = fields.get('References')?.split(';').map((s) => s.trim()).filter(Boolean) ?? [];
  const mask = fields.get('Mask')?.trim();
  return {
    operation: (EDIT_OPERATIONS as readonly string[]).includes(operation ?? '') ? (operation as EditOperation) : 'edit',
    source,
    references,
    ...(fields.has('Denoising strength') && Number.isFinite(strength) ? { strength } : {}),
    ...(mask ? { mask } : {}),
  };
}

const MIME_TYPES = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const;

/**
 * An image as a multipart file part, with its type and file name: servers refuse a part
 * sent as application/octet-stream.
 */
export function imagePart(bytes: Uint8Array, format: ImageFormat, name: string): [Blob, string] {
  // A copy into a plain ArrayBuffer: Blob takes no view of a SharedArrayBuffer.
  return [new Blob([new Uint8Array(bytes)], { type: MIME_TYPES[format] }), name];
}

/** The source's file name, for its multipart part. */
export function sourcePart(image: SourceImage): [Blob, string] {
  return imagePart(image.bytes, image.format, image.path.split('/').pop() || `image.${FILE_EXTENSION[image.format]}`);
}
