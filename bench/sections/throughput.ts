/**
 * Throughput: 64 generations started at once against a provider that takes 200 ms to
 * answer, through the limiter the host uses (DEFAULT_CONCURRENCY per provider). The
 * ideal is the limit's: ceil(64 / limit) rounds of 200 ms. The bare client with the same
 * limit (a plain worker pool) is measured beside it.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_CONCURRENCY } from '../../src/core/limiter';
import { runSection, type BenchContext } from '../lib/context';
import { bare, ours } from '../lib/pipeline';
import type { SectionResult } from '../lib/report';
import { spread } from '../lib/stats';

export const GENERATIONS = 64;
export const PROVIDER_MS = 200;
export const THROUGHPUT_GOAL = 1.1;

async function pool<T>(count: number, limit: number, task: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started += 1;
      out.push(await task());
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return out;
}

export function throughput(ctx: BenchContext): Promise<SectionResult> {
  return runSection('throughput', `Throughput (${GENERATIONS} generations, provider takes ${PROVIDER_MS} ms)`, ctx, async (draft) => {
    const fixtures = await ctx.fixtures();
    await fixtures.reset();
    await fixtures.setFault('popcord', { fault: 'slow', ms: PROVIDER_MS });
    const folder = await fs.mkdtemp(path.join(ctx.tmp, 'throughput-'));
    const pipeline = ours(fixtures.urls, folder);
    const baseline = bare(fixtures.urls, folder);
    const limit = DEFAULT_CONCURRENCY;
    const ideal = Math.ceil(GENERATIONS / limit) * PROVIDER_MS;
    const oursMs: number[] = [];
    const bareMs: number[] = [];
    let peakQueued = 0;
    try {
      // The first generation also reads PopCord's model and size lists, which are then kept.
      await pipeline.generate('popcord');
      await baseline.generate('popcord');
      for (let round = 0; round < ctx.options.throughputRounds; round++) {
        const order = round % 2 === 0 ? (['ours', 'bare'] as const) : (['bare', 'ours'] as const);
        for (const side of order) {
          const started = performance.now();
          if (side === 'ours') {
            const saved = await Promise.all(
              Array.from({ length: GENERATIONS }, () =>
                pipeline.generate('popcord', (progress) => {
                  if (progress.stage === 'queued') peakQueued = Math.max(peakQueued, progress.ahead);
                }),
              ),
            );
            oursMs.push(performance.now() - started);
            if (saved.length !== GENERATIONS) throw new Error(`${saved.length} of ${GENERATIONS} generations saved`);
          } else {
            await pool(GENERATIONS, limit, () => baseline.generate('popcord'));
            bareMs.push(performance.now() - started);
          }
          await fs.rm(folder, { recursive: true, force: true });
          await fs.mkdir(folder, { recursive: true });
        }
      }
    } finally {
      await Promise.all([pipeline.close(), baseline.close()]);
      await fs.rm(folder, { recursive: true, force: true });
      await fixtures.reset();
    }
    const o = spread(oursMs);
    const b = spread(bareMs);
    const ratio = o.median / ideal;
    draft.rows.push(
      {
        figure: `${GENERATIONS} generations, limit ${limit}: elapsed`,
        ours: { value: o.median, unit: 'ms' },
        baseline: { value: ideal, unit: 'ms', label: `ideal ${Math.ceil(GENERATIONS / limit)}×${PROVIDER_MS} ms` },
        ratio,
        goal: `≤ ×${THROUGHPUT_GOAL.toFixed(2)}`,
        met: ratio <= THROUGHPUT_GOAL,
        spread: `${o.min.toFixed(0)}–${o.max.toFixed(0)} ms, n=${o.n}`,
      },
      {
        figure: `${GENERATIONS} generations, limit ${limit}: vs bare pool`,
        ours: { value: o.median, unit: 'ms' },
        baseline: { value: b.median, unit: 'ms', label: `bare, ${limit} workers` },
        ratio: o.median / b.median,
        spread: `bare ${b.min.toFixed(0)}–${b.max.toFixed(0)} ms`,
      },
    );
    draft.notes.push(
      `Medians of ${ctx.options.throughputRounds} rounds; PopCord with a 'slow' fault of ${PROVIDER_MS} ms before each generation answer, small images. The queue reached ${peakQueued} waiting.`,
      `The goal (within 10% of the ideal) is this bench's reading of "against the ideal of the concurrency limit".`,
    );
    draft.data = { limit, idealMs: ideal, oursMs, bareMs, peakQueued };
  });
}
