import type { Progress } from './types';

/** A stage as the panel's protocol carries it: the same stages, `queued` possibly before any count. */
export type ProgressLike = Exclude<Progress, { stage: 'queued' | 'saved' }> | { readonly stage: 'queued'; readonly ahead?: number } | { readonly stage: 'saved' };

/** What a generation is doing, in words; the progress notification and the panel say the same. */
export function describeProgress(progress: ProgressLike, label: string): string {
  switch (progress.stage) {
    case 'queued':
      return progress.ahead ? `Waiting for a free slot (${progress.ahead} in line)…` : 'Starting…';
    case 'validating':
      return 'Checking the parameters…';
    case 'sending':
      return `Sending the prompt to ${label}…`;
    case 'waiting':
      return `Waiting on ${label} (${progress.checks} status ${progress.checks === 1 ? 'check' : 'checks'})…`;
    case 'generating':
      return `${label} is generating… ${Math.round(Math.min(1, Math.max(0, progress.fraction)) * 100)}%`;
    case 'downloading':
      return progress.total > 1 ? `Downloading image ${Math.min(progress.done + 1, progress.total)} of ${progress.total}…` : 'Downloading the image…';
    case 'saving':
      return 'Saving…';
    case 'saved':
      return 'Saved.';
    default: {
      const unreachable: never = progress;
      return String(unreachable);
    }
  }
}
