/**
 * The PixelEngine on wasm-vips (libvips compiled to WebAssembly): the candidate the
 * extension used before sharp, kept for the bench's comparisons (images section). Loaded
 * from a path rather than bundled, because its threads start workers from its own file.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type VipsNamespace from 'wasm-vips';
import type { ImageFacts, ImageSource, PixelEngine, Rendered, RenderSpec } from '../../src/core/export/engine';

type Vips = typeof VipsNamespace;
type VipsImage = VipsNamespace.Image;

const SAVE_SUFFIX = { png: '.png', jpeg: '.jpg', webp: '.webp', avif: '.avif' } as const;

/** wasm-vips's side module for HEIF and AVIF, the only one Imagesmith uses (JPEG XL and SVG are left out). */
export const HEIF_LIBRARY = 'vips-heif.wasm';

export interface VipsOptions {
  /** libvips's own threads per operation; unset, one per core. */
  readonly threads?: number;
  /**
   * libvips's threads for a thumbnail; unset, one: a PNG inflates row after row on one
   * thread, so a second only adds a thread to start (another WebAssembly instance).
   */
  readonly thumbnailThreads?: number;
  /**
   * The side modules to load. Each is instantiated again in every libvips thread, so an
   * engine that never meets HEIF or AVIF starts quicker without it. Unset: HEIF.
   */
  readonly libraries?: readonly string[];
}

export class VipsEngine implements PixelEngine {
  private vips: Promise<Vips> | undefined;
  private threads = 0;

  /** @param modulePath wasm-vips's Node entry (`vips-node.js`), beside its .wasm files. */
  constructor(
    private readonly modulePath: string,
    private readonly options: VipsOptions = {},
  ) {}

  private load(): Promise<Vips> {
    this.vips ??= (async () => {
      // Loaded from where the host says it was installed, so the bundle does not carry it.
      const loaded = (await import(pathToFileURL(this.modulePath).href)) as { default: (config: object) => Promise<Vips> };
      const factory = loaded.default;
      const dir = path.dirname(this.modulePath);
      const vips = await factory({
        dynamicLibraries: [...(this.options.libraries ?? [HEIF_LIBRARY])],
        locateFile: (file: string) => path.join(dir, file),
        // Quiet: libvips warnings would go to the host's stderr.
        print: () => undefined,
        printErr: () => undefined,
      });
      vips.blockUntrusted(true);
      this.threads = this.options.threads ?? vips.concurrency() ?? 1;
      return vips;
    })();
    return this.vips;
  }

  async inspect(from: ImageSource): Promise<ImageFacts> {
    const source = bytesOf(from);
    const vips = await this.load();
    vips.concurrency(this.threads);
    return scoped((keep) => {
      const image = keep(vips.Image.newFromBuffer(source));
      const loader = String(image.getString('vips-loader') ?? '');
      return {
        width: image.width,
        height: image.height,
        format: loader.replace(/load(_buffer|_source)?$/, '') || 'unknown',
        hasAlphaChannel: image.hasAlpha(),
        alpha: realAlpha(image, keep),
      };
    });
  }

  async render(from: ImageSource, specs: readonly RenderSpec[]): Promise<Rendered[]> {
    const source = bytesOf(from);
    const vips = await this.load();
    const [only] = specs;
    if (specs.length === 1 && only && isPlainShrink(only)) return [scoped((keep) => this.thumbnail(vips, source, only, keep))];
    vips.concurrency(this.threads);
    return scoped((keep) => {
      // Decoded once, kept in memory for every output.
      const decoded = keep(keep(vips.Image.newFromBuffer(source)).copyMemory());
      const input = decoded.hasAlpha() || decoded.bands === 3 ? decoded : keep(decoded.colourspace('srgb'));
      return specs.map((spec) => renderOne(input, spec, keep));
    });
  }

  /**
   * libvips's thumbnail operation shrinks while it decodes, streaming the rows, instead of
   * keeping the whole decoded image in memory first: about four times faster on a
   * 1024×1024 PNG, which is what the gallery's first screen waits for.
   */
  private thumbnail(vips: Vips, source: Uint8Array, spec: RenderSpec, keep: Keep): Rendered {
    vips.concurrency(this.options.thumbnailThreads ?? 1);
    const streamed = keep(vips.Image.thumbnailBuffer(source, spec.width ?? 1, { height: spec.height, size: 'down' }));
    // The small result is kept in memory: encoding and the alpha check each read it, and a streamed source reads once.
    // WebP's quickest effort: a fifth less time per thumbnail, no difference a tile shows.
    return encode(keep(streamed.copyMemory()), spec, keep, 0);
  }

  async dispose(): Promise<void> {
    const vips = await this.vips?.catch(() => undefined);
    this.vips = undefined;
    vips?.shutdown();
  }
}

type Keep = <T extends VipsImage>(image: T) => T;

/** Runs `work` and deletes every image it kept, whatever happens. */
function scoped<T>(work: (keep: Keep) => T): T {
  const images: VipsImage[] = [];
  try {
    return work((image) => {
      images.push(image);
      return image;
    });
  } finally {
    for (const image of images.reverse()) if (!image.isDeleted()) image.delete();
  }
}

/** A smaller copy that keeps its shape and nothing else: a gallery thumbnail. */
function isPlainShrink(spec: RenderSpec): boolean {
  return spec.fit === 'inside' && spec.width !== undefined && spec.height !== undefined && !spec.flatten && !spec.inset && !spec.padding;
}

function realAlpha(image: VipsImage, keep: Keep): boolean {
  if (!image.hasAlpha()) return false;
  const alpha = keep(image.extractBand(image.bands - 1));
  const opaque = image.format === 'ushort' ? 65535 : 255;
  return alpha.min() < opaque;
}

function resized(image: VipsImage, width: number, height: number, keep: Keep): VipsImage {
  if (image.width === width && image.height === height) return image;
  return keep(image.thumbnailImage(width, { height, size: 'force' }));
}

function withAlpha(image: VipsImage, keep: Keep): VipsImage {
  return image.hasAlpha() ? image : keep(image.bandjoin(255));
}

function renderOne(input: VipsImage, spec: RenderSpec, keep: Keep): Rendered {
  const width = spec.width ?? input.width;
  const height = spec.height ?? input.height;
  let image = input;
  switch (spec.fit ?? 'stretch') {
    case 'stretch':
      image = resized(image, width, height, keep);
      break;
    case 'inside': {
      const scale = Math.min(1, width / image.width, height / image.height);
      image = resized(image, Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)), keep);
      break;
    }
    case 'cover': {
      const scale = Math.max(width / image.width, height / image.height);
      const w = Math.max(width, Math.round(image.width * scale));
      const h = Math.max(height, Math.round(image.height * scale));
      image = resized(image, w, h, keep);
      const focus = spec.focus ?? { x: 0.5, y: 0.5 };
      const left = clamp(Math.round(focus.x * w - width / 2), 0, w - width);
      const top = clamp(Math.round(focus.y * h - height / 2), 0, h - height);
      if (w !== width || h !== height) image = keep(image.extractArea(left, top, width, height));
      break;
    }
    case 'contain': {
      const room = 1 - 2 * (spec.inset ?? 0);
      const scale = Math.min((width * room) / image.width, (height * room) / image.height);
      const w = Math.max(1, Math.min(width, Math.round(image.width * scale)));
      const h = Math.max(1, Math.min(height, Math.round(image.height * scale)));
      image = resized(image, w, h, keep);
      const padding = spec.padding ?? [0, 0, 0, 0];
      if (w !== width || h !== height) {
        image = withAlpha(image, keep);
        image = keep(image.embed(Math.floor((width - w) / 2), Math.floor((height - h) / 2), width, height, { extend: 'background', background: [...padding] }));
      }
      break;
    }
  }
  return encode(image, spec, keep);
}

function encode(input: VipsImage, spec: RenderSpec, keep: Keep, webpEffort = 3): Rendered {
  let image = input;
  if (spec.flatten && image.hasAlpha()) image = keep(image.flatten({ background: [...spec.flatten] }));
  if (spec.format === 'jpeg' && image.hasAlpha()) image = keep(image.flatten({ background: [255, 255, 255] }));
  const quality = spec.quality ?? (spec.format === 'avif' ? 55 : 82);
  const options =
    spec.format === 'png' ? { compression: 9 } : spec.format === 'avif' ? { Q: quality, effort: 2, compression: 'av1' } : { Q: quality, ...(spec.format === 'webp' ? { effort: webpEffort } : {}) };
  const bytes = image.writeToBuffer(SAVE_SUFFIX[spec.format], options);
  return { bytes: new Uint8Array(bytes), width: image.width, height: image.height, format: spec.format, alpha: realAlpha(image, keep) };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function bytesOf(source: ImageSource): Uint8Array {
  return source instanceof Uint8Array ? source : readFileSync(source.path);
}
