/**
 * Whether a background removal really cut the subject out: an alpha channel with
 * transparent pixels. A model asked for transparency sometimes paints the grey-and-white
 * checkerboard that image editors show behind transparent pixels instead; that image is
 * opaque, and is told apart so that the person hears what happened.
 */
import * as l10n from '@vscode/l10n';
import { ImagesmithError } from './errors';
import { decodePng } from './mask';
import { isPng } from './pngChunks';

export type CutoutVerdict = 'transparent' | 'opaque' | 'checkerboard';

interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly pixels: Uint8Array;
}

/** A light neutral grey or white, the two tones of a painted checkerboard. */
function tone(r: number, g: number, b: number): 'light' | 'dark' | undefined {
  if (Math.max(r, g, b) - Math.min(r, g, b) > 12) return undefined;
  if (r >= 235) return 'light';
  if (r >= 150 && r <= 225) return 'dark';
  return undefined;
}

/**
 * A painted checkerboard fills the background, so it shows along the image's edges: most
 * of the outer frame in two neutral tones, both well represented, alternating along a row.
 */
export function looksLikeCheckerboard(image: Pixels): boolean {
  const { width, height, channels, pixels } = image;
  if (channels < 3 || width < 16 || height < 16) return false;
  const frame = Math.max(2, Math.round(Math.min(width, height) * 0.08));
  let light = 0;
  let dark = 0;
  let total = 0;
  let switches = 0;
  for (let y = 0; y < height; y++) {
    let previous: 'light' | 'dark' | undefined;
    for (let x = 0; x < width; x++) {
      if (!(y < frame || y >= height - frame || x < frame || x >= width - frame)) continue;
      const at = (y * width + x) * channels;
      const t = tone(pixels[at] ?? 0, pixels[at + 1] ?? 0, pixels[at + 2] ?? 0);
      total += 1;
      if (t === 'light') light += 1;
      if (t === 'dark') dark += 1;
      if (t && previous && t !== previous) switches += 1;
      previous = t;
    }
  }
  const squaresEdge = (light + dark) / Math.max(1, total);
  return squaresEdge >= 0.7 && light / total >= 0.15 && dark / total >= 0.15 && switches >= frame * 4;
}

export function cutoutVerdict(image: Pixels): CutoutVerdict {
  const { channels, pixels } = image;
  if (channels === 2 || channels === 4) {
    for (let i = channels - 1; i < pixels.length; i += channels) if ((pixels[i] ?? 255) < 255) return 'transparent';
  }
  return looksLikeCheckerboard(image) ? 'checkerboard' : 'opaque';
}

/**
 * Refuses a background removal whose PNG has no transparent pixel, before it is saved.
 * Other formats are checked by the host after saving, where it can decode them.
 */
export function checkCutout(bytes: Uint8Array, label: string): void {
  if (!isPng(bytes)) return;
  const verdict = cutoutVerdict(decodePng(bytes));
  if (verdict === 'transparent') return;
  const message =
    verdict === 'checkerboard'
      ? l10n.t("{0} sent a background removal that only paints a grey-and-white checkerboard where the background should be; it has no transparent pixels. Nothing was saved. Try again, or use Stability AI's Remove Background.", label)
      : l10n.t("{0} sent a background removal that has no transparent pixels, so the background is still there. Nothing was saved. Try again, or use Stability AI's Remove Background.", label);
  throw new ImagesmithError('provider', message, {
    provider: label,
  });
}
