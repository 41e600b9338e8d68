import { cancelled } from './errors';

/** Generations one provider runs at once unless imagesmith.maxConcurrentGenerations says otherwise. */
export const DEFAULT_CONCURRENCY = 4;

interface Waiter {
  readonly start: () => void;
  readonly moved: (ahead: number) => void;
}

/**
 * At most `limit` generations per provider at once; the rest wait in order, are told
 * how many are ahead of them, and may be cancelled while they wait.
 */
export class ConcurrencyLimiter {
  private readonly active = new Map<string, number>();
  private readonly queues = new Map<string, Waiter[]>();

  async run<T>(key: string, limit: number, signal: AbortSignal, task: () => Promise<T>, onWait?: (ahead: number) => void): Promise<T> {
    await this.acquire(key, Math.max(1, limit), signal, onWait);
    try {
      return await task();
    } finally {
      this.release(key, Math.max(1, limit));
    }
  }

  /** Generations running and waiting for `key`, for display. */
  load(key: string): { running: number; waiting: number } {
    return { running: this.active.get(key) ?? 0, waiting: this.queues.get(key)?.length ?? 0 };
  }

  private acquire(key: string, limit: number, signal: AbortSignal, onWait?: (ahead: number) => void): Promise<void> {
    if (signal.aborted) return Promise.reject(cancelled());
    const running = this.active.get(key) ?? 0;
    const queue = this.queues.get(key) ?? [];
    if (running < limit && queue.length === 0) {
      this.active.set(key, running + 1);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        moved: (ahead) => onWait?.(ahead),
      };
      const onAbort = () => {
        const index = queue.indexOf(waiter);
        if (index >= 0) queue.splice(index, 1);
        this.tell(queue, index);
        reject(cancelled());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
      this.queues.set(key, queue);
      onWait?.(queue.length);
    });
  }

  private release(key: string, limit: number): void {
    const running = (this.active.get(key) ?? 1) - 1;
    const queue = this.queues.get(key) ?? [];
    if (running < limit && queue.length > 0) {
      const next = queue.shift();
      this.active.set(key, running + 1);
      next?.start();
      this.tell(queue, 0);
    } else {
      this.active.set(key, running);
    }
    if (queue.length === 0) this.queues.delete(key);
  }

  /** Everyone from `from` on moved up a place. */
  private tell(queue: readonly Waiter[], from: number): void {
    for (let i = Math.max(0, from); i < queue.length; i += 1) queue[i]?.moved(i + 1);
  }
}
