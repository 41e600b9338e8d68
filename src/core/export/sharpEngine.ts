/**
 * The PixelEngine on sharp (libvips, native): each .vsix carries the build for its
 * platform. It runs in the image worker, which starts on the first export or thumbnail, so
 * that activation and the extension host never load it.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';
import sharpModule from 'sharp';
import type SharpNamespace from 'sharp';
import { partialPath, type ImageFacts, type ImageSource, type OutputFile, type PixelEngine, type Rendered, type RenderSpec } from './engine';

type Sharp = typeof SharpNamespace;
type Pipeline = SharpNamespace.Sharp;

interface Raw {
  readonly data: Buffer;
  readonly info: { readonly width: number; readonly height: number; readonly channels: 1 | 2 | 3 | 4 };
}

export class SharpEngine implements PixelEngine {
  private sharp: Sharp | undefined;

  private load(): Sharp {
    if (this.sharp) return this.sharp;
    const sharp = sharpModule;
    // No cache: each image is read once, and the gallery's thumbnails are cached on disk.
    sharp.cache(false);
    this.sharp = sharp;
    return sharp;
  }

  async inspect(source: ImageSource): Promise<ImageFacts> {
    const sharp = this.load();
    const image = sharp(input(source), { failOn: 'error' });
    const meta = await image.metadata();
    const hasAlphaChannel = meta.hasAlpha;
    return {
      width: meta.autoOrient.width,
      height: meta.autoOrient.height,
      format: meta.format,
      hasAlphaChannel,
      alpha: hasAlphaChannel && (await decodedAlpha(image.clone())),
    };
  }

  async render(source: ImageSource, specs: readonly RenderSpec[]): Promise<Rendered[]> {
    const sharp = this.load();
    const [only] = specs;
    if (specs.length === 1 && only && isThumbnail(only)) return [await thumbnail(sharp, source, only)];
    // Decoded once, kept in memory for every output.
    const decoded = await sharp(input(source), { failOn: 'error' }).autoOrient().raw().toBuffer({ resolveWithObject: true });
    const raw = decoded as Raw;
    return Promise.all(specs.map((spec) => renderOne(sharp, raw, spec)));
  }

  dispose(): Promise<void> {
    this.sharp = undefined;
    return Promise.resolve();
  }
}

/** What sharp opens: a path is read by libvips itself. */
function input(source: ImageSource): Uint8Array | string {
  return source instanceof Uint8Array ? source : source.path;
}

async function decodedAlpha(image: Pipeline): Promise<boolean> {
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  return anyTransparent(data, info.channels);
}

/** Whether a pixel of raw 8-bit data with an alpha channel (the last) is not fully opaque. */
function anyTransparent(data: Buffer, channels: number): boolean {
  if (channels !== 2 && channels !== 4) return false;
  for (let at = channels - 1; at < data.length; at += channels) if (data[at] !== 255) return true;
  return false;
}

/**
 * A gallery thumbnail in one pass: libvips shrinks the rows as they are decoded, instead of
 * keeping the whole decoded image in memory first.
 */
async function thumbnail(sharp: Sharp, source: ImageSource, spec: RenderSpec): Promise<Rendered> {
  const image = sharp(input(source), { failOn: 'error' })
    .autoOrient()
    .resize(spec.width, spec.height, { fit: 'inside', withoutEnlargement: true });
  return encode(sharp, image, spec);
}

function fromRaw(sharp: Sharp, raw: Raw): Pipeline {
  return sharp(raw.data, { raw: raw.info });
}

async function renderOne(sharp: Sharp, source: Raw, spec: RenderSpec): Promise<Rendered> {
  const width = spec.width ?? source.info.width;
  const height = spec.height ?? source.info.height;
  const { width: sw, height: sh } = source.info;
  let image = fromRaw(sharp, source);
  switch (spec.fit ?? 'stretch') {
    case 'stretch':
      if (sw !== width || sh !== height) image = image.resize(width, height, { fit: 'fill' });
      break;
    case 'inside': {
      const scale = Math.min(1, width / sw, height / sh);
      const w = Math.max(1, Math.round(sw * scale));
      const h = Math.max(1, Math.round(sh * scale));
      if (w !== sw || h !== sh) image = image.resize(w, h, { fit: 'fill' });
      break;
    }
    case 'cover': {
      const scale = Math.max(width / sw, height / sh);
      const w = Math.max(width, Math.round(sw * scale));
      const h = Math.max(height, Math.round(sh * scale));
      const focus = spec.focus ?? { x: 0.5, y: 0.5 };
      const left = clamp(Math.round(focus.x * w - width / 2), 0, w - width);
      const top = clamp(Math.round(focus.y * h - height / 2), 0, h - height);
      // Resized and cropped in two steps: sharp applies extract before resize within one pipeline.
      if (w !== sw || h !== sh) image = await settled(sharp, image.resize(w, h, { fit: 'fill' }));
      if (w !== width || h !== height) image = image.extract({ left, top, width, height });
      break;
    }
    case 'contain': {
      const room = 1 - 2 * (spec.inset ?? 0);
      const scale = Math.min((width * room) / sw, (height * room) / sh);
      const w = Math.max(1, Math.min(width, Math.round(sw * scale)));
      const h = Math.max(1, Math.min(height, Math.round(sh * scale)));
      if (w !== sw || h !== sh) image = await settled(sharp, image.resize(w, h, { fit: 'fill' }));
      if (w !== width || h !== height) {
        const [r, g, b, a] = spec.padding ?? [0, 0, 0, 0];
        const left = Math.floor((width - w) / 2);
        const top = Math.floor((height - h) / 2);
        image = image.ensureAlpha().extend({ left, top, right: width - w - left, bottom: height - h - top, background: { r, g, b, alpha: a / 255 } });
      }
      break;
    }
  }
  return encode(sharp, image, spec);
}

/** The pipeline so far, run to raw pixels and read back: sharp runs each operation once per pipeline, in its own order. */
async function settled(sharp: Sharp, image: Pipeline): Promise<Pipeline> {
  return fromRaw(sharp, await image.raw().toBuffer({ resolveWithObject: true }));
}

async function encode(sharp: Sharp, input: Pipeline, spec: RenderSpec): Promise<Rendered> {
  let image = input;
  const background = spec.flatten ?? (spec.format === 'jpeg' ? ([255, 255, 255] as const) : undefined);
  if (background) image = image.flatten({ background: { r: background[0], g: background[1], b: background[2] } });
  // The final pixels, read once: their size and alpha are the file's.
  const pixels = (await image.raw().toBuffer({ resolveWithObject: true })) as Raw;
  const out = fromRaw(sharp, pixels);
  const quality = spec.quality ?? (spec.format === 'avif' ? 55 : 82);
  const encoded =
    spec.format === 'png'
      ? out.png({ compressionLevel: 9 })
      : spec.format === 'jpeg'
        ? out.jpeg({ quality })
        : spec.format === 'webp'
          ? out.webp({ quality, effort: isThumbnail(spec) ? 0 : 3 })
          : out.avif({ quality, effort: 2 });
  const bytes = await encoded.toBuffer();
  const alpha = anyTransparent(pixels.data, pixels.info.channels);
  const facts = { width: pixels.info.width, height: pixels.info.height, format: spec.format, alpha };
  if (spec.writeTo) return { ...facts, bytes: new Uint8Array(0), path: writeOutput(spec.writeTo, alpha, bytes) };
  // The worker hands the bytes' ArrayBuffer over whole: a view into a larger one is copied out.
  return { ...facts, bytes: bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? new Uint8Array(bytes.buffer) : new Uint8Array(bytes) };
}

/**
 * Written at once, in this thread: a few kilobytes, where an asynchronous write would wait
 * in the process's file-system queue behind other images' decoding. Whole or not at all:
 * written beside, then renamed into place.
 */
function writeOutput(file: OutputFile, alpha: boolean, bytes: Uint8Array): string {
  const path = alpha ? file.alpha : file.opaque;
  const partial = partialPath(path, `${process.pid}-${threadId}`);
  // The cache's folder may have been cleared since the gallery read it.
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(partial, bytes);
  renameSync(partial, path);
  if (file.sidecar) writeFileSync(file.sidecar.path, file.sidecar.text);
  return path;
}

/** A smaller copy that keeps its shape and nothing else: a gallery thumbnail, made at WebP's quickest effort. */
function isThumbnail(spec: RenderSpec): boolean {
  return spec.fit === 'inside' && spec.width !== undefined && spec.height !== undefined && !spec.flatten && !spec.inset && !spec.padding;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
