/**
 * The waits between a queued job's status checks (ImagePipeline's status route,
 * ComfyUI's history), against the provider's poll time-out.
 */

import { ImagesmithError } from './errors';
import type { ProviderContext, ProviderId } from './types';

export class JobPoll {
  /** Status checks made so far, after the first answer. */
  checks = 0;
  // Summed waits as well as the clock, so that an injected sleep still reaches the deadline.
  private waited = 0;
  private readonly started = Date.now();

  constructor(
    private readonly ctx: Pick<ProviderContext, 'sleep' | 'pollTimeoutMs' | 'progress'>,
    private readonly job: { readonly provider: ProviderId; readonly label: string; readonly delay: (check: number) => number },
  ) {}

  /** Waits before the next check and reports it; a timeout error when that wait would pass the deadline. */
  async next(): Promise<void> {
    const wait = this.job.delay(this.checks);
    if (Math.max(this.waited, Date.now() - this.started) + wait > this.ctx.pollTimeoutMs) {
      const { label, provider } = this.job;
      throw new ImagesmithError(
        'timeout',
        `${label} did not finish the job within ${Math.round(this.ctx.pollTimeoutMs / 1000)} s. Try again later, or raise imagesmith.providers.${provider}.pollTimeoutSeconds.`,
        { provider: label },
      );
    }
    await this.ctx.sleep(wait);
    this.waited += wait;
    this.checks += 1;
    this.ctx.progress({ stage: 'waiting', checks: this.checks });
  }
}
