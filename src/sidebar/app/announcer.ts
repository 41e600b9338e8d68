/**
 * What a screen reader is told without moving the focus: one polite live region for the
 * panel, and the jobs' progress said as it moves from stage to stage (not at every
 * percent, which would drown everything else out). How a job ends is said by the jobs list.
 */
import * as l10n from '@vscode/l10n';
import type { JobView, ProviderView } from '../protocol/views';
import { describeProgress } from '../../core/progressText';
import { h } from './dom';

/** The live region's last lines kept in the page. */
const KEPT_LINES = 5;

/** A percentage is said again only after this much more. */
const PERCENT_STEP = 25;

export class Announcer {
  // Not atomic: a screen reader says what is added, each burst once, rather than the whole region.
  readonly element = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'false', role: 'status', 'data-announcer': '' });
  private pending: string[] = [];

  /**
   * Says `text`; what is said in the same turn is said together, so one message from the
   * host that ends a job and moves another loses neither. Each burst is a line of its own,
   * added after the last: a burst that comes before a screen reader has read the one before
   * no longer replaces it. Only the last few lines are kept; a removal is not said.
   */
  announce(text: string): void {
    if (this.pending.length === 0) queueMicrotask(() => this.flush());
    this.pending.push(text);
  }

  private flush(): void {
    const line = h('p', {}, this.pending.join(' '));
    this.pending = [];
    this.element.append(line);
    while (this.element.childElementCount > KEPT_LINES) this.element.firstElementChild?.remove();
  }
}

export class JobProgressAnnouncer {
  /** What was last said about each running job: its stage, and for `generating` the percentage. */
  private readonly said = new Map<string, string>();
  private labels = new Map<string, string>();

  constructor(private readonly announce: (text: string) => void) {}

  setProviders(providers: readonly ProviderView[]): void {
    this.labels = new Map(providers.map((provider) => [provider.id, provider.label]));
  }

  update(jobs: readonly JobView[]): void {
    const lines: string[] = [];
    const running = new Set<string>();
    for (const job of jobs) {
      if (job.status !== 'running') continue;
      running.add(job.id);
      const label = this.labels.get(job.provider) ?? job.provider;
      const key = progressKey(job.progress);
      const before = this.said.get(job.id);
      if (before === key) continue;
      this.said.set(job.id, key);
      const stage = describeProgress(job.progress, label);
      lines.push(before === undefined ? l10n.t('{0}: generating “{1}”. {2}', label, job.prompt, stage) : stage);
    }
    for (const id of [...this.said.keys()]) if (!running.has(id)) this.said.delete(id);
    if (lines.length > 0) this.announce(lines.join(' '));
  }
}

/** The part of a job's progress worth saying again when it changes. */
function progressKey(progress: JobView['progress']): string {
  if (progress.stage === 'generating') return `generating:${Math.floor((progress.fraction * 100) / PERCENT_STEP)}`;
  if (progress.stage === 'downloading') return `downloading:${progress.done}`;
  // A job waiting on a queue says so once, not at every status check.
  return progress.stage;
}
