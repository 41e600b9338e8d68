/**
 * Overhead per image: the whole pipeline against the bare client, pair by pair in one
 * process, for each provider, on a loopback server with no added latency serving a
 * 1.5 MB PNG. The order inside a pair alternates and the providers rotate, so that
 * whatever else the machine does falls on both sides alike.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROVIDERS } from '../../src/providers';
import { collectGarbage, runSection, type BenchContext } from '../lib/context';
import { BENCH_PROVIDERS, bare, ours, type BenchProvider } from '../lib/pipeline';
import type { SectionResult } from '../lib/report';
import { median, spread } from '../lib/stats';

export const IMAGE_BYTES = 1_500_000;
export const OVERHEAD_GOAL = 1.15;

interface Pair {
  readonly ours: number;
  readonly bare: number;
  /** CPU time of this process (all its threads) during each side: what other load on the machine does not inflate. */
  readonly oursCpu: number;
  readonly bareCpu: number;
}

export function overhead(ctx: BenchContext): Promise<SectionResult> {
  return runSection('overhead', 'Overhead per image (pipeline vs bare undici + writeFile)', ctx, async (draft) => {
    const fixtures = await ctx.fixtures();
    await fixtures.reset();
    for (const provider of BENCH_PROVIDERS) await fixtures.setFault(provider, { fault: 'large-image', bytes: IMAGE_BYTES });
    const folder = await fs.mkdtemp(path.join(ctx.tmp, 'overhead-'));
    const pipeline = ours(fixtures.urls, folder);
    const baseline = bare(fixtures.urls, folder);
    const gc = collectGarbage();
    const pairs = new Map<BenchProvider, Pair[]>(BENCH_PROVIDERS.map((id) => [id, []]));
    const sizes = new Map<BenchProvider, number>();
    try {
      const time = async (task: () => Promise<string[]>) => {
        collectGarbage();
        const cpu = process.cpuUsage();
        const started = performance.now();
        const files = await task();
        const ms = performance.now() - started;
        const used = process.cpuUsage(cpu);
        return { ms, cpuMs: (used.user + used.system) / 1000, files };
      };
      const oursOnce = (provider: BenchProvider) => time(async () => (await pipeline.generate(provider)).map((image) => image.location));
      const bareOnce = (provider: BenchProvider) => time(async () => [await baseline.generate(provider)]);

      const total = ctx.options.warmup + ctx.options.pairs;
      for (let i = 0; i < total; i++) {
        for (let p = 0; p < BENCH_PROVIDERS.length; p++) {
          const provider = BENCH_PROVIDERS[(i + p) % BENCH_PROVIDERS.length] as BenchProvider;
          const oursFirst = (i + p) % 2 === 0;
          const first = oursFirst ? await oursOnce(provider) : await bareOnce(provider);
          const second = oursFirst ? await bareOnce(provider) : await oursOnce(provider);
          const [o, b] = oursFirst ? [first, second] : [second, first];
          if (!sizes.has(provider)) sizes.set(provider, (await fs.stat(b.files[0] ?? '')).size);
          if (i >= ctx.options.warmup) pairs.get(provider)?.push({ ours: o.ms, bare: b.ms, oursCpu: o.cpuMs, bareCpu: b.cpuMs });
          await Promise.all([...o.files, ...b.files].map((file) => fs.rm(file, { force: true })));
        }
      }
    } finally {
      await Promise.all([pipeline.close(), baseline.close()]);
      await fs.rm(folder, { recursive: true, force: true });
      await fixtures.reset();
    }

    const data: Record<string, unknown> = {};
    for (const provider of BENCH_PROVIDERS) {
      const list = pairs.get(provider) ?? [];
      const ratios = list.map((pair) => pair.ours / pair.bare);
      const ratio = spread(ratios);
      const oursMs = median(list.map((pair) => pair.ours));
      const bareMs = median(list.map((pair) => pair.bare));
      const added = spread(list.map((pair) => pair.ours - pair.bare));
      const cpuRatio = median(list.map((pair) => pair.oursCpu / pair.bareCpu));
      const label = PROVIDERS[provider].label;
      draft.rows.push({
        figure: `${label}: one ${(IMAGE_BYTES / 1e6).toFixed(1)} MB image`,
        ours: { value: oursMs, unit: 'ms' },
        baseline: { value: bareMs, unit: 'ms', label: 'bare' },
        ratio: ratio.median,
        goal: `≤ ×${OVERHEAD_GOAL.toFixed(2)}`,
        met: ratio.median <= OVERHEAD_GOAL,
        spread: `ratio IQR ${ratio.p25.toFixed(2)}–${ratio.p75.toFixed(2)}, n=${ratio.n}; CPU ×${cpuRatio.toFixed(2)}`,
      });
      draft.notes.push(
        `${label}: ours adds ${added.median.toFixed(1)} ms per image (IQR ${added.p25.toFixed(1)}–${added.p75.toFixed(1)}); ratio range ${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}; CPU time per image ${median(list.map((pair) => pair.oursCpu)).toFixed(1)} ms against ${median(list.map((pair) => pair.bareCpu)).toFixed(1)} ms; file ${sizes.get(provider) ?? 0} bytes.`,
      );
      data[provider] = { pairs: list, ratio, cpuRatio, oursMedianMs: oursMs, bareMedianMs: bareMs, addedMs: added, fileBytes: sizes.get(provider) };
    }
    draft.notes.push(
      `Ratio: the median of ${ctx.options.pairs} per-pair ratios ours/bare after ${ctx.options.warmup} warm-up pairs; the Ours and Baseline columns are medians of the times; "CPU" is the median per-pair ratio of this process's CPU time, which other load on the machine inflates less than wall time. ${
        gc ? 'The heap is collected before each measurement (--expose-gc).' : 'Started without --expose-gc: garbage of one side may be collected during the other.'
      }`,
    );
    draft.data = data;
  });
}
