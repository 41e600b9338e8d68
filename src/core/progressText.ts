import type { Progress } from './types';

/** A stage as the panel's protocol carries it: the same stages, `queued` possibly before any count. */
export type ProgressLike = Exclude<Progress, { stage: 'queued' | 'saved' }> | { readonly stage: 'queued'; readonly ahead?: number } | { readonly stage: 'saved' };

/**
 * What a generation is doing, in words; the progress notification and the panel say the
 * same. Without a label the words leave the provider out, for a place whose title names it.
 */
export function describeProgress(progress: ProgressLike, label?: string): string {
  switch (progress.stage) {
    case 'queued':
      return progress.ahead ? `Waiting for a free slot (${progress.ahead} in line)…` : 'Starting…';
    case 'validating':
      return 'Checking the parameters…';
    case 'sending':
      return label ? `Sending the prompt to ${label}…` : 'Sending the prompt…';
    case 'waiting': {
      const checks = `${progress.checks} status ${progress.checks === 1 ? 'check' : 'checks'}`;
      return label ? `Waiting on ${label} (${checks})…` : `Waiting (${checks})…`;
    }
    case 'generating': {
      const percent = `${Math.round(Math.min(1, Math.max(0, progress.fraction)) * 100)}%`;
      return label ? `${label} is generating… ${percent}` : `Generating… ${percent}`;
    }
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
