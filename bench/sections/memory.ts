/**
 * Memory: the peak resident memory of a process making four 20 MB images at once, over
 * the same process at rest, for each provider; the bare client does the same in a
 * process of its own as the baseline. The least any client can peak at is the four
 * images themselves.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { PROVIDERS } from '../../src/providers';
import { bundleNode } from '../lib/bundle';
import { runSection, type BenchContext } from '../lib/context';
import { BENCH_PROVIDERS, type BenchProvider } from '../lib/pipeline';
import type { SectionResult } from '../lib/report';
import { spread } from '../lib/stats';
import type { MemoryJob, MemoryReport } from '../probes/memoryChild';

const run = promisify(execFile);
export const IMAGE_BYTES = 20_000_000;
export const AT_ONCE = 4;
const MB = 1024 * 1024;
const REPEATS = 3;

export function memory(ctx: BenchContext): Promise<SectionResult> {
  return runSection('memory', `Memory (${AT_ONCE} × ${IMAGE_BYTES / 1e6} MB images at once)`, ctx, async (draft) => {
    const fixtures = await ctx.fixtures();
    await fixtures.reset();
    for (const provider of BENCH_PROVIDERS) await fixtures.setFault(provider, { fault: 'large-image', bytes: IMAGE_BYTES });
    const child = path.join(ctx.tmp, 'memory', 'memoryChild.js');
    await bundleNode('bench/probes/memoryChild.ts', child);
    const folder = path.join(ctx.tmp, 'memory', 'images');
    await fs.mkdir(folder, { recursive: true });

    const measure = async (mode: MemoryJob['mode'], provider: BenchProvider): Promise<MemoryReport> => {
      const job: MemoryJob = { mode, provider, urls: fixtures.urls, folder, count: AT_ONCE };
      const { stdout } = await run(process.execPath, ['--expose-gc', child, JSON.stringify(job)], { maxBuffer: 1024 * 1024, timeout: 120_000 });
      return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as MemoryReport;
    };
    const data: Record<string, unknown> = {};
    const peak = (report: MemoryReport) => (report.maxRssAfter - report.idleRss) / MB;
    try {
      // The servers make each size of noise once; the first request waits for it.
      for (const provider of BENCH_PROVIDERS) await measure('bare', provider);
      const reports = new Map(BENCH_PROVIDERS.map((provider) => [provider, { ours: [] as MemoryReport[], bare: [] as MemoryReport[] }]));
      for (let rep = 0; rep < REPEATS; rep++) {
        for (const provider of BENCH_PROVIDERS) {
          const lists = reports.get(provider);
          if (!lists) continue;
          const order = rep % 2 === 0 ? (['ours', 'bare'] as const) : (['bare', 'ours'] as const);
          for (const mode of order) lists[mode].push(await measure(mode, provider));
        }
      }
      for (const provider of BENCH_PROVIDERS) {
        const lists = reports.get(provider);
        if (!lists) continue;
        const o = spread(lists.ours.map(peak));
        const b = spread(lists.bare.map(peak));
        const typical = lists.ours[0];
        draft.rows.push({
          figure: `${PROVIDERS[provider].label}: peak RSS over idle`,
          ours: { value: o.median, unit: 'MB' },
          baseline: { value: b.median, unit: 'MB', label: 'bare' },
          ratio: o.median / b.median,
          spread: `${o.min.toFixed(0)}–${o.max.toFixed(0)} MB (bare ${b.min.toFixed(0)}–${b.max.toFixed(0)}), n=${o.n}`,
        });
        if (typical) {
          draft.notes.push(
            `${PROVIDERS[provider].label}: at rest ${(typical.idleRss / MB).toFixed(0)} MB; highest JS heap ${(Math.max(...lists.ours.map((r) => r.sampled.heapUsed)) / MB).toFixed(0)} MB and ArrayBuffers ${(Math.max(...lists.ours.map((r) => r.sampled.arrayBuffers)) / MB).toFixed(0)} MB (bare: ${(Math.max(...lists.bare.map((r) => r.sampled.heapUsed)) / MB).toFixed(0)} and ${(Math.max(...lists.bare.map((r) => r.sampled.arrayBuffers)) / MB).toFixed(0)} MB).`,
          );
        }
        data[provider] = lists;
      }
    } finally {
      await fixtures.reset();
      await fs.rm(folder, { recursive: true, force: true });
    }
    draft.notes.push(
      `One process per measurement, ${REPEATS} each, medians (peak = maxRSS after − RSS at rest, after loading the client and collecting garbage). The images alone are ${((AT_ONCE * IMAGE_BYTES) / MB).toFixed(0)} MB; heap and ArrayBuffer figures are the highest seen, sampled every 2 ms.`,
    );
    draft.data = data;
  });
}
