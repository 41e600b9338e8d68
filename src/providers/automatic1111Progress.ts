/**
 * AUTOMATIC1111's progress (/sdapi/v1/progress) while a generation runs, and the interrupt
 * of a cancelled one once it is Imagesmith's job that runs.
 */
import { setTimeout as delay } from 'node:timers/promises';
import * as z from 'zod/mini';
import type { ProviderContext } from '../core/types';

/** How often the server's progress is read while it generates; real time, since it never delays the result. */
export const PROGRESS_INTERVAL_MS = 750;

const progressSchema = z.object({
  progress: z.number().check(z.gte(0), z.lte(1)),
  state: z.nullish(z.object({ interrupted: z.optional(z.boolean()), job_count: z.optional(z.number()), job_timestamp: z.optional(z.string()) })),
});

/**
 * Which job the web UI is running, from /sdapi/v1/progress. It runs one at a time and
 * names none, so Imagesmith's own is the first one running that was not running before
 * it sent its request (told apart by its start time, `job_timestamp`).
 */
export class JobWatch {
  /** Whether a job was running before the request was sent (someone else's), and its start time. */
  private foreign: { readonly running: boolean; readonly timestamp?: string } = { running: false };
  ours = false;

  constructor(private readonly ctx: ProviderContext, private readonly headers: Record<string, string>) {}

  private async read(signal: AbortSignal): Promise<z.infer<typeof progressSchema> | undefined> {
    try {
      const response = await this.ctx.http.getJson(new URL('sdapi/v1/progress?skip_current_image=true', this.ctx.baseUrl), { signal, headers: this.headers });
      const parsed = progressSchema.safeParse(response.json);
      return response.status === 200 && parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Notes the job running now, before Imagesmith's own is sent. */
  async start(): Promise<void> {
    const progress = await this.read(AbortSignal.any([this.ctx.signal, AbortSignal.timeout(PROGRESS_INTERVAL_MS * 2)]));
    const running = (progress?.state?.job_count ?? 0) > 0;
    this.foreign = { running, ...(running && progress?.state?.job_timestamp ? { timestamp: progress.state.job_timestamp } : {}) };
  }

  /** One progress read; true once Imagesmith's job is the one running. */
  async check(signal: AbortSignal): Promise<{ readonly ours: boolean; readonly progress?: number } | undefined> {
    const progress = await this.read(signal);
    if (!progress) return undefined;
    const running = (progress.state?.job_count ?? 0) > 0;
    const timestamp = progress.state?.job_timestamp;
    // Without start times a job that was already running cannot be told from this one: it is left alone.
    if (running && (!this.foreign.running || (timestamp !== undefined && this.foreign.timestamp !== undefined && timestamp !== this.foreign.timestamp))) {
      this.ours = true;
    }
    return { ours: this.ours && running, progress: progress.progress };
  }

  /** Reads the progress until `stop` aborts, reporting it while Imagesmith's job runs. */
  async report(stop: AbortSignal): Promise<void> {
    let last = -1;
    while (!stop.aborted) {
      try {
        await delay(PROGRESS_INTERVAL_MS, undefined, { signal: stop });
      } catch {
        return;
      }
      const seen = await this.check(stop);
      if (seen?.ours && !stop.aborted && seen.progress !== last && seen.progress !== undefined) {
        last = seen.progress;
        this.ctx.progress({ stage: 'generating', fraction: seen.progress });
      }
    }
  }

  /**
   * Interrupt is global on the server: it stops whatever job runs. So a cancelled job is
   * interrupted only once it is the one running; until then someone else's job is left alone.
   */
  async interruptWhenOurs(): Promise<void> {
    const interrupt = () =>
      this.ctx.http
        .postJson(new URL('sdapi/v1/interrupt', this.ctx.baseUrl), {}, { signal: AbortSignal.timeout(5_000), headers: this.headers })
        .catch(() => undefined);
    const until = Date.now() + this.ctx.pollTimeoutMs;
    while (Date.now() < until) {
      const seen = await this.check(AbortSignal.timeout(5_000));
      if (seen === undefined) return;
      if (seen.ours) {
        await interrupt();
        return;
      }
      await delay(PROGRESS_INTERVAL_MS, undefined, { ref: false });
    }
  }
}
