/**
 * How many image workers the gallery's thumbnails should use: a first screen of
 * thumbnails (27 different 1024×1024 PNGs → 256² WebP) made through the extension's own
 * worker (src/core/export/worker.ts, bundled as the extension bundles it) and its
 * EnginePool, with 2 workers against 1, each from a cold start (the workers' start-up is
 * part of what the first screen waits for), alternating which goes first.
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EnginePool } from '../../src/core/export/enginePool';
import { WorkerEngine } from '../../src/core/export/workerEngine';
import { bundleNode } from '../lib/bundle';
import type { BenchContext } from '../lib/context';
import { photoLikePng } from '../lib/images';
import type { Row } from '../lib/report';
import { spread } from '../lib/stats';

const SCREEN = 27;
const SPEC = { width: 256, height: 256, fit: 'inside', format: 'webp', quality: 75 } as const;

async function firstScreen(workers: number, workerPath: string, sources: readonly Buffer[], threads?: number): Promise<number> {
  const modulePath = path.join(path.dirname(require.resolve('wasm-vips')), 'vips-node.js');
  const pool = new EnginePool(workers, () => new WorkerEngine(workerPath, modulePath, threads));
  const started = performance.now();
  try {
    let next = 0;
    // As ThumbnailCache does: as many thumbnails in flight as there are workers.
    const lane = async () => {
      while (next < sources.length) await pool.render(sources[next++] as Buffer, [SPEC]);
    };
    await Promise.all(Array.from({ length: workers }, lane));
    return performance.now() - started;
  } finally {
    await pool.dispose();
  }
}

/** Rows comparing 2 workers with 1 on a first screen of thumbnails; `runs` cold starts each. */
export async function thumbnailWorkerRows(ctx: BenchContext, runs: number): Promise<{ rows: Row[]; notes: string[]; data: unknown }> {
  const workerPath = path.join(ctx.tmp, 'imageWorker.js');
  await bundleNode('src/core/export/worker.ts', workerPath);
  const sources = await Promise.all(Array.from({ length: SCREEN }, (_, i) => photoLikePng(7, 1000 + i)));
  const times: Record<1 | 2, number[]> = { 1: [], 2: [] };
  for (let run = 0; run < runs; run++) {
    for (const workers of run % 2 === 0 ? ([1, 2] as const) : ([2, 1] as const)) times[workers].push(await firstScreen(workers, workerPath, sources));
  }
  const one = spread(times[1]);
  const two = spread(times[2]);
  ctx.log(`images: thumbnails with 1 and 2 workers done`);
  return {
    rows: [
      {
        figure: `${SCREEN} thumbnails from a cold start: 2 workers`,
        ours: { value: two.median, unit: 'ms' },
        baseline: { value: one.median, unit: 'ms', label: '1 worker' },
        ratio: two.median / one.median,
        spread: `2: ${two.min.toFixed(0)}–${two.max.toFixed(0)} ms, 1: ${one.min.toFixed(0)}–${one.max.toFixed(0)} ms, n=${runs}`,
      },
    ],
    notes: [
      `Thumbnail workers: ${SCREEN} different 1024×1024 PNGs → 256² WebP through the extension's image worker and EnginePool, as many in flight as workers, each run from a cold start (wasm-vips loaded in every worker); medians of ${runs} runs each, alternating.`,
    ],
    data: times,
  };
}
