/**
 * Polling: ImagePipeline jobs that finish 3 s, 20 s and 60 s after they are sent, all at
 * once, each on a server of its own. For each: how many status requests the pipeline
 * made, and how long after the job finished the image was saved. A bare client that
 * polls every second (the backoff's first step) runs beside it as the baseline.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pollDelay } from '../../src/providers/imagepipeline';
import { IMAGEPIPELINE_STATUS_PATH, startImagepipeline, type ImagepipelineServer } from '../../test/fixtures/imagepipeline';
import { runSection, type BenchContext } from '../lib/context';
import { barePolled, ours, type Urls } from '../lib/pipeline';
import type { SectionResult } from '../lib/report';

const BARE_INTERVAL_MS = 1_000;
/** The backoff's cap: a finished job waits at most this long for its next check. */
const LATENESS_GOAL_S = pollDelay(100) / 1000;

/** What pollDelay promises for a job of `ms`: the checks until one lands after it finished, and how late that one is. */
export function expectedPolling(ms: number): { polls: number; lateMs: number } {
  let at = 0;
  for (let check = 0; ; check++) {
    at += pollDelay(check);
    if (at >= ms) return { polls: check + 1, lateMs: at - ms };
  }
}

interface JobOutcome {
  readonly jobMs: number;
  readonly polls: number;
  readonly lateMs: number;
}

export function polling(ctx: BenchContext): Promise<SectionResult> {
  return runSection('polling', 'Polling (ImagePipeline jobs that stay PENDING)', ctx, async (draft) => {
    const folder = await fs.mkdtemp(path.join(ctx.tmp, 'polling-'));
    const servers: ImagepipelineServer[] = [];
    const closers: (() => Promise<void>)[] = [];
    try {
      const start = async (ms: number) => {
        const server = await startImagepipeline();
        servers.push(server);
        server.setFault({ fault: 'pending-for', ms });
        return server;
      };
      const statusPolls = (server: ImagepipelineServer) => server.requestsTo(IMAGEPIPELINE_STATUS_PATH).length;

      const oursJob = async (ms: number): Promise<JobOutcome> => {
        const server = await start(ms);
        const urls: Urls = { popcord: server.url, aithriving: server.url, imagepipeline: server.url };
        const pipeline = ours(urls, folder);
        closers.push(() => pipeline.close());
        let sentAt: number | undefined;
        await pipeline.generate('imagepipeline', (progress) => {
          if (progress.stage === 'sending') sentAt ??= Date.now();
        });
        const savedAt = Date.now();
        return { jobMs: ms, polls: statusPolls(server), lateMs: savedAt - ((sentAt ?? savedAt) + ms) };
      };
      const bareJob = async (ms: number): Promise<JobOutcome> => {
        const server = await start(ms);
        const sentAt = Date.now();
        const { polls } = await barePolled(server.url, folder, BARE_INTERVAL_MS);
        return { jobMs: ms, polls, lateMs: Date.now() - (sentAt + ms) };
      };

      const jobs = ctx.options.pollJobsMs;
      const [oursOutcomes, bareOutcomes] = await Promise.all([Promise.all(jobs.map(oursJob)), Promise.all(jobs.map(bareJob))]);
      for (const [index, ms] of jobs.entries()) {
        const o = oursOutcomes[index];
        const b = bareOutcomes[index];
        if (!o || !b) continue;
        const expected = expectedPolling(ms);
        const seconds = `${ms / 1000} s job`;
        draft.rows.push(
          {
            figure: `${seconds}: status requests`,
            ours: { value: o.polls, unit: 'count' },
            baseline: { value: b.polls, unit: 'count', label: `every ${BARE_INTERVAL_MS / 1000} s` },
            ratio: o.polls / b.polls,
            spread: `pollDelay: ${expected.polls}`,
          },
          {
            figure: `${seconds}: saved after it finished`,
            ours: { value: o.lateMs / 1000, unit: 's' },
            baseline: { value: b.lateMs / 1000, unit: 's', label: `every ${BARE_INTERVAL_MS / 1000} s` },
            goal: `≤ ${LATENESS_GOAL_S} s`,
            met: o.lateMs / 1000 <= LATENESS_GOAL_S,
            spread: `pollDelay: ${(expected.lateMs / 1000).toFixed(2)} s`,
          },
        );
      }
      draft.notes.push(
        `The jobs run at once, beside the other sections; "finished" is when the server turns the job to SUCCESS, ${'`'}ms${'`'} after the generation request was sent (±2 ms).`,
        `The goal (at most the backoff's ${LATENESS_GOAL_S} s cap late) is this bench's reading of the design; the spread column shows what pollDelay alone predicts.`,
      );
      draft.data = { ours: oursOutcomes, bare: bareOutcomes };
    } finally {
      await Promise.all(closers.map((close) => close()));
      await Promise.all(servers.map((server) => server.close()));
      await fs.rm(folder, { recursive: true, force: true });
    }
  });
}
