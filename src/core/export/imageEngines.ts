/**
 * The extension's image engines: worker threads without wasm-vips's HEIF module for the
 * gallery's thumbnails and every PNG, JPEG and WebP export, and one worker with it, started
 * only when an AVIF is written or a HEIF/AVIF file is read. The HEIF module is more than
 * half as large again as libvips itself and is instantiated in each of libvips's threads,
 * so leaving it out shortens the cold start the gallery's first screen waits for.
 */
import * as path from 'node:path';
import type { ImageFacts, PixelEngine, Rendered, RenderSpec } from './engine';
import { EnginePool } from './enginePool';
import { HEIF_LIBRARY } from './vipsEngine';
import { WorkerEngine } from './workerEngine';

/** HEIF and AVIF files are ISO media files: a box of type `ftyp` first. */
export function isHeifContainer(source: Uint8Array): boolean {
  return source.length >= 12 && source[4] === 0x66 && source[5] === 0x74 && source[6] === 0x79 && source[7] === 0x70;
}

/** Sends the work that needs libheif to one engine, and the rest to another. */
export class HeifRoutedEngine implements PixelEngine {
  constructor(
    private readonly lean: PixelEngine,
    private readonly heif: PixelEngine,
  ) {}

  render(source: Uint8Array, specs: readonly RenderSpec[]): Promise<Rendered[]> {
    const needsHeif = isHeifContainer(source) || specs.some((spec) => spec.format === 'avif');
    return (needsHeif ? this.heif : this.lean).render(source, specs);
  }

  inspect(source: Uint8Array): Promise<ImageFacts> {
    return (isHeifContainer(source) ? this.heif : this.lean).inspect(source);
  }

  async dispose(): Promise<void> {
    await Promise.all([this.lean.dispose(), this.heif.dispose()]);
  }
}

/**
 * @param dist the extension's dist folder (imageWorker.js, vips/)
 * @param workers the most lean workers at once
 */
export function createImageEngines(dist: string, workers: number): HeifRoutedEngine {
  const workerPath = path.join(dist, 'imageWorker.js');
  const modulePath = path.join(dist, 'vips', 'vips-node.js');
  return new HeifRoutedEngine(
    new EnginePool(workers, () => new WorkerEngine(workerPath, modulePath, { libraries: [] })),
    new WorkerEngine(workerPath, modulePath, { libraries: [HEIF_LIBRARY] }),
  );
}
