/** Images the bench sections share: photo-like PNGs and output folders named as Imagesmith names them. */
import { formatInfotext } from '../../src/core/infotext';

const SUBJECTS = ['lighthouse on a cliff', 'fox under a red umbrella', 'castle in the clouds', 'harbour at dawn', 'forest path in autumn'];

/** The i-th image of an output folder: its file name (a minute apart, newest last) and prompt. */
export function outputImage(i: number): { name: string; prompt: string } {
  const prompt = `a ${SUBJECTS[i % SUBJECTS.length] ?? 'image'}, oil painting, study ${i}`;
  const stamp = new Date(Date.UTC(2025, 0, 1, 9, 0, 0) + i * 61_000).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return { name: `${stamp}-${prompt.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40)}.png`, prompt };
}

/** The A1111 infotext of the i-th image, as PopCord's would read. */
export function outputInfotext(i: number, prompt: string, size: string): string {
  return formatInfotext({
    prompt,
    fields: [
      ['Steps', 30],
      ['Sampler', 'K_EULER'],
      ['CFG scale', 7],
      ['Seed', 1000 + i],
      ['Size', size],
      ['Model', 'sdxl-turbo'],
      ['Provider', 'popcord'],
    ],
  });
}

/**
 * A photo-like 1024×1024 PNG: smooth gradients with grain, as diffusion models make them.
 * `grain` (0–255) sets the file's size: 7 gives about 1.5 MB.
 */
export async function photoLikePng(grain: number, seed = 12345): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  const side = 1024;
  const raw = Buffer.alloc(side * side * 3);
  let state = seed;
  const noise = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return (state >> 16) % grain;
  };
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const at = (y * side + x) * 3;
      raw[at] = Math.min(255, 40 + ((x * 180) >> 10) + noise());
      raw[at + 1] = Math.min(255, 60 + ((y * 150) >> 10) + noise());
      raw[at + 2] = Math.min(255, 90 + (((x + y) * 70) >> 10) + noise());
    }
  }
  return sharp(raw, { raw: { width: side, height: side, channels: 3 } }).png().toBuffer();
}
