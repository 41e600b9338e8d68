/**
 * A process of its own for one memory measurement: it loads the pipeline (or the bare
 * client), reports its resident memory at rest, makes COUNT images at once, and reports
 * the peak. Run as a bundle, so that no TypeScript loader sits in the figures.
 *
 *   node --expose-gc memoryChild.js '{"mode":"ours","provider":"popcord","urls":{…},"folder":"…","count":4}'
 */
import { promises as fs } from 'node:fs';
import { bare, ours, type BenchProvider, type Urls } from '../lib/pipeline';

export interface MemoryJob {
  readonly mode: 'ours' | 'bare';
  readonly provider: BenchProvider;
  readonly urls: Urls;
  readonly folder: string;
  readonly count: number;
}

export interface MemoryReport {
  readonly idleRss: number;
  /** process.resourceUsage().maxRSS before and after, in bytes. */
  readonly maxRssBefore: number;
  readonly maxRssAfter: number;
  /** The highest of each process.memoryUsage() field seen while sampling every 2 ms. */
  readonly sampled: { rss: number; heapUsed: number; external: number; arrayBuffers: number };
  readonly files: number;
  readonly ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as MemoryJob;
  const client = job.mode === 'ours' ? ours(job.urls, job.folder) : bare(job.urls, job.folder);
  const generate = async (): Promise<string[]> => {
    if (job.mode === 'ours') return (await (client as ReturnType<typeof ours>).generate(job.provider)).map((image) => image.location);
    return [await (client as ReturnType<typeof bare>).generate(job.provider)];
  };
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await sleep(200);
  gc?.();
  const idleRss = process.memoryUsage().rss;
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  const sampled = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const now = process.memoryUsage();
    sampled.rss = Math.max(sampled.rss, now.rss);
    sampled.heapUsed = Math.max(sampled.heapUsed, now.heapUsed);
    sampled.external = Math.max(sampled.external, now.external);
    sampled.arrayBuffers = Math.max(sampled.arrayBuffers, now.arrayBuffers);
  };
  const timer = setInterval(sample, 2);
  const started = Date.now();
  const saved = await Promise.all(Array.from({ length: job.count }, generate));
  const ms = Date.now() - started;
  sample();
  clearInterval(timer);
  const report: MemoryReport = { idleRss, maxRssBefore, maxRssAfter: process.resourceUsage().maxRSS * 1024, sampled, files: saved.flat().length, ms };
  await Promise.all(saved.flat().map((file) => fs.rm(file, { force: true })));
  await client.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
