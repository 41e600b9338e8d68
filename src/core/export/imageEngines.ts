/**
 * The extension's image engine: a pool of worker threads, each with sharp, for the
 * gallery's thumbnails and every export. Started on the first use, so activation and the
 * first command never load sharp.
 */
import * as path from 'node:path';
import { EnginePool } from './enginePool';
import { WorkerEngine } from './workerEngine';

/**
 * @param dist the extension's dist folder (imageWorker.js)
 * @param workers the most workers at once
 */
export function createImageEngines(dist: string, workers: number): EnginePool {
  const workerPath = path.join(dist, 'imageWorker.js');
  return new EnginePool(workers, () => new WorkerEngine(workerPath));
}
