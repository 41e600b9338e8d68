/**
 * The image workers' cold start, as the gallery's first screen meets it: a first screen
 * of thumbnails (27 different 1024×1024 PNGs → 256² WebP) made through the extension's own
 * worker (src/core/export/worker.ts, sharp, bundled as the extension bundles it) and its
 * EnginePool, each run from a cold start, the configurations alternating:
 * - the extension's worker against a wasm-vips worker as the extension had it before
 *   (bench/lib/vipsWorker.ts: no HEIF module, one libvips thread per thumbnail);
 * - 2 such workers against 1.
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EnginePool } from '../../src/core/export/enginePool';
import { WorkerEngine } from '../../src/core/export/workerEngine';
import { bundleNode } from '../lib/bundle';
import type { BenchContext } from '../lib/context';
import { projectRoot } from '../lib/extensions';
import { photoLikePng } from '../lib/images';
import type { Row } from '../lib/report';
import { spread } from '../lib/stats';

const SCREEN = 27;
const SPEC = { width: 256, height: 256, fit: 'inside', format: 'webp', quality: 75 } as const;

interface Config {
  readonly label: string;
  readonly workers: number;
  readonly wasm: boolean;
}

const CONFIGS = {
  sharp: { label: 'sharp (the extension’s worker)', workers: 1, wasm: false },
  wasm: { label: 'wasm-vips, as before', workers: 1, wasm: true },
  sharpTwo: { label: '2 workers', workers: 2, wasm: false },
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

interface Workers {
  readonly sharp: string;
  readonly wasm: string;
}

async function firstScreen(config: Config, workers: Workers, sources: readonly Buffer[]): Promise<Sample> {
  const modulePath = path.join(path.dirname(require.resolve('wasm-vips')), 'vips-node.js');
  const pool = new EnginePool(config.workers, () =>
    config.wasm ? new WorkerEngine(workers.wasm, { modulePath, libraries: [] }) : new WorkerEngine(workers.sharp),
  );
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
  // The extension's worker requires sharp from node_modules beside it, as from dist/node_modules in the extension.
  const workers = { sharp: path.join(projectRoot, 'bench-results', 'imageWorker.js'), wasm: path.join(ctx.tmp, 'vipsWorker.js') };
  await bundleNode('src/core/export/worker.ts', workers.sharp, { external: ['sharp'] });
  await bundleNode('bench/lib/vipsWorker.ts', workers.wasm);
  const sources = await Promise.all(Array.from({ length: SCREEN }, (_, i) => photoLikePng(7, 1000 + i)));
  const names = Object.keys(CONFIGS) as Name[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as Sample[]])) as Record<Name, Sample[]>;
  for (let run = 0; run < runs; run++) {
    for (const name of run % 2 === 0 ? names : [...names].reverse()) samples[name].push(await firstScreen(CONFIGS[name], workers, sources));
  }
  ctx.log(`images: thumbnail workers' cold starts done`);
  return {
    rows: [
      row(`${SCREEN} thumbnails from a cold start: ${CONFIGS.sharp.label}`, samples.sharp, samples.wasm, CONFIGS.wasm.label),
      row(`${SCREEN} thumbnails from a cold start: ${CONFIGS.sharpTwo.label}`, samples.sharpTwo, samples.sharp, '1 worker'),
    ],
    notes: [
      `Thumbnail workers: ${SCREEN} different 1024×1024 PNGs → 256² WebP through the extension's image worker and EnginePool, as many in flight as workers, each run from a cold start; medians of ${runs} runs each, alternating.`,
    ],
    data: samples,
  };
}
