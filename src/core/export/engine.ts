/**
 * The pixel work behind exports and the gallery's thumbnails, as plain data so that it
 * can run in a worker thread: decode once, then render any number of outputs.
 */
import type { Fit, OutputFormat } from './recipe';

export type Rgba = readonly [number, number, number, number];

export interface RenderSpec {
  /** The exact size of the output; without it, the source's size. */
  readonly width?: number;
  readonly height?: number;
  /** `inside` keeps the aspect ratio within width×height (thumbnails); the others give exactly width×height. */
  readonly fit?: Fit | 'inside';
  /** Where a cover crop is centred, as fractions of the resized image. */
  readonly focus?: { readonly x: number; readonly y: number };
  /** What `contain` pads with; transparent when unset. */
  readonly padding?: Rgba;
  /** Shrinks the image within the output by this fraction of each side before padding (a maskable icon's safe zone). */
  readonly inset?: number;
  /** Drops the alpha channel by compositing onto this colour. */
  readonly flatten?: readonly [number, number, number];
  readonly format: OutputFormat;
  readonly quality?: number;
  /** Written by the engine itself, in its own thread, instead of handed back. */
  readonly writeTo?: OutputFile;
}

/**
 * A file on this machine's disk for an output: the gallery's thumbnails are written by the
 * image worker, not queued behind the extension host's other file work (under load that
 * queue held a finished thumbnail back 100–300 ms).
 */
export interface OutputFile {
  /** The output's path, by whether it has alpha (known once it is made). */
  readonly opaque: string;
  readonly alpha: string;
  /** A small text file written beside it, after it. */
  readonly sidecar?: { readonly path: string; readonly text: string };
}

/** Where an engine writes an output file before renaming it into place; one left over was cut short. */
export const partialPath = (path: string, writer: string): string => `${path}.${writer}.partial`;
export const isPartialPath = (path: string): boolean => path.endsWith('.partial');

export interface Rendered {
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly format: OutputFormat;
  /** Whether the output has an alpha channel with at least one pixel not fully opaque. */
  readonly alpha: boolean;
  /** Where the engine wrote the output (`writeTo`); `bytes` are then empty. */
  readonly path?: string;
}

export interface ImageFacts {
  readonly width: number;
  readonly height: number;
  /** The loader's name for the format: png, jpeg, webp, heif… */
  readonly format: string;
  readonly hasAlphaChannel: boolean;
  /** Whether some pixel is not fully opaque. */
  readonly alpha: boolean;
}

/**
 * An image's bytes, or the path of a local file that the image library reads itself: the
 * gallery's thumbnails of megabyte PNGs then never pass through the extension host's heap
 * nor get copied into the worker.
 */
export type ImageSource = Uint8Array | { readonly path: string };

export interface PixelEngine {
  render(source: ImageSource, specs: readonly RenderSpec[]): Promise<Rendered[]>;
  inspect(source: ImageSource): Promise<ImageFacts>;
  dispose(): Promise<void>;
}
