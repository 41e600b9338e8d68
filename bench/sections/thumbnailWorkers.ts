/**
 * The image workers' cold start, as the gallery's first screen meets it: a first screen
 * of thumbnails (27 different 1024×1024 PNGs → 256² WebP) made through the extension's own
 * worker (src/core/export/worker.ts, bundled as the extension bundles it) and its
 * EnginePool, each run from a cold start, the configurations alternating:
 * - the worker as the gallery starts it (no HEIF module, one libvips thread per
 *   thumbnail) against the worker as it was (the HEIF module loaded, a thread per core);
 * - 2 such workers against 1.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EnginePool } from '../../src/core/export/enginePool';
import { HEIF_LIBRARY, type VipsOptions } from '../../src/core/export/vipsEngine';
import { WorkerEngine } from '../../src/core/export/workerEngine';
import { bundleNode } from '../lib/bundle';
import type { BenchContext } from '../lib/context';
import { photoLikePng } from '../lib/images';
import type { Row } from '../lib/report';
import { spread } from '../lib/stats';

const SCREEN = 27;
const SPEC = { width: 256, height: 256, fit: 'inside', format: 'webp', quality: 75 } as const;

interface Config {
  readonly label: string;
  readonly workers: number;
  readonly options: VipsOptions;
}

/** As src/core/export/imageEngines.ts starts the gallery's workers. */
const LEAN: VipsOptions = { libraries: [] };
const CONFIGS = {
  lean: { label: 'no HEIF module, 1 thread per thumbnail', workers: 1, options: LEAN },
  before: { label: 'HEIF module, a thread per core', workers: 1, options: { libraries: [HEIF_LIBRARY], thumbnailThreads: os.cpus().length } },
  leanTwo: { label: '2 workers', workers: 2, options: LEAN },
} satisfies Record<string, Config>;
type Name = keyof typeof CONFIGS;

interface Sample {
  readonly firstMs: number;
  readonly allMs: number;
  /** This process's CPU time over the run, all its threads: what other load does not inflate. */
  readonly cpuMs: number;
}

const cpuMs = (): number => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

async function firstScreen(config: Config, workerPath: string, sources: readonly Buffer[]): Promise<Sample> {
  const modulePath = path.join(path.dirname(require.resolve('wasm-vips')), 'vips-node.js');
  const pool = new EnginePool(config.workers, () => new WorkerEngine(workerPath, modulePath, config.options));
  const started = performance.now();
  const cpu = cpuMs();
  let firstMs = 0;
  try {
    let next = 0;
    // As ThumbnailCache does: as many thumbnails in flight as there are workers.
    const lane = async () => {
      while (next < sources.length) {
        await pool.render(sources[next++] as Buffer, [SPEC]);
        firstMs ||= performance.now() - started;
      }
    };
    await Promise.all(Array.from({ length: config.workers }, lane));
    return { firstMs, allMs: performance.now() - started, cpuMs: cpuMs() - cpu };
  } finally {
    await pool.dispose();
  }
}

function row(figure: string, ours: readonly Sample[], base: readonly Sample[], label: string): Row {
  const pick = (samples: readonly Sample[], key: keyof Sample) => spread(samples.map((sample) => sample[key]));
  const [all, baseAll] = [pick(ours, 'allMs'), pick(base, 'allMs')];
  const [first, baseFirst] = [pick(ours, 'firstMs'), pick(base, 'firstMs')];
  const [cpu, baseCpu] = [pick(ours, 'cpuMs'), pick(base, 'cpuMs')];
  return {
    figure,
    ours: { value: all.median, unit: 'ms' },
    baseline: { value: baseAll.median, unit: 'ms', label },
    ratio: all.median / baseAll.median,
    spread: `all ${all.min.toFixed(0)}–${all.max.toFixed(0)} vs ${baseAll.min.toFixed(0)}–${baseAll.max.toFixed(0)} ms; first thumbnail ${first.median.toFixed(0)} vs ${baseFirst.median.toFixed(0)} ms; CPU ${cpu.median.toFixed(0)} vs ${baseCpu.median.toFixed(0)} ms; n=${ours.length}`,
  };
}

/** Rows on the cold start of a first screen of thumbnails; `runs` cold starts of each configuration. */
export async function thumbnailWorkerRows(ctx: BenchContext, runs: number): Promise<{ rows: Row[]; notes: string[]; data: unknown }> {
  const workerPath = path.join(ctx.tmp, 'imageWorker.js');
  await bundleNode('src/core/export/worker.ts', workerPath);
  const sources = await Promise.all(Array.from({ length: SCREEN }, (_, i) => photoLikePng(7, 1000 + i)));
  const names = Object.keys(CONFIGS) as Name[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as Sample[]])) as Record<Name, Sample[]>;
  for (let run = 0; run < runs; run++) {
    for (const name of run % 2 === 0 ? names : [...names].reverse()) samples[name].push(await firstScreen(CONFIGS[name], workerPath, sources));
  }
  ctx.log(`images: thumbnail workers' cold starts done`);
  return {
    rows: [
      row(`${SCREEN} thumbnails from a cold start: ${CONFIGS.lean.label}`, samples.lean, samples.before, CONFIGS.before.label),
      row(`${SCREEN} thumbnails from a cold start: ${CONFIGS.leanTwo.label}`, samples.leanTwo, samples.lean, '1 worker'),
    ],
    notes: [
      `Thumbnail workers: ${SCREEN} different 1024×1024 PNGs → 256² WebP through the extension's image worker and EnginePool, as many in flight as workers, each run from a cold start (wasm-vips loaded in every worker); medians of ${runs} runs each, alternating.`,
    ],
    data: samples,
  };
}
