/**
 * The gallery's requests for images' prompts and parameters: tiles near the viewport ask
 * soon, in batches; the filter and the preview ask at once. Each image is asked for once.
 */
import { LIMITS, type ImageRef } from '../protocol/values';
import { nextId, post } from './hostChannel';

export class MetadataRequests {
  private readonly requested = new Set<string>();
  private readonly queue = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** Whether the page has the metadata of an image already. */
    private readonly known: (key: string) => boolean,
    private readonly refOf: (key: string) => ImageRef | undefined,
  ) {}

  /** A new listing: nothing has been asked for it. */
  reset(): void {
    this.requested.clear();
    this.queue.clear();
  }

  forget(key: string): void {
    this.requested.delete(key);
  }

  /** Asks for these shortly, with others that come into view meanwhile. */
  soon(keys: Iterable<string>): void {
    for (const key of keys) this.enqueue(key);
    if (this.queue.size > 0 && !this.timer) this.timer = setTimeout(() => this.flush(), 30);
  }

  now(keys: Iterable<string>): void {
    for (const key of keys) this.enqueue(key);
    if (this.queue.size > 0) this.flush();
  }

  private enqueue(key: string): void {
    if (!this.known(key) && !this.requested.has(key)) this.queue.add(key);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const keys = [...this.queue];
    this.queue.clear();
    for (let at = 0; at < keys.length; at += LIMITS.metadataBatch) {
      const batch = keys.slice(at, at + LIMITS.metadataBatch).filter((key) => this.refOf(key) !== undefined);
      const images = batch.map((key) => this.refOf(key)).filter((ref): ref is ImageRef => ref !== undefined);
      if (images.length === 0) continue;
      for (const key of batch) this.requested.add(key);
      post({ type: 'loadMetadata', id: nextId('meta'), images });
    }
  }
}
