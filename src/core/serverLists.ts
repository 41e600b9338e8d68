/**
 * The lists providers read from their servers (PopCord's models and sizes, AUTOMATIC1111's
 * samplers and checkpoints), kept so that every check and every dropdown does not ask
 * again. One instance lives as long as the session that made it (the composition root
 * makes one); nothing is kept at module level.
 */

import type * as z from 'zod/mini';
import type { HttpClient } from './http';

export interface KeepOptions<T> {
  /** Whether a read is worth keeping; one that is not is read again next time. */
  readonly keep: (value: T) => boolean;
  /** How long a kept read stands; forever when left out. */
  readonly ttlMs?: number;
}

export class ServerLists {
  private readonly entries = new Map<string, { readonly at: number; readonly value: Promise<unknown> }>();

  /** What `read` gives for `key` (a provider and its base URL), read once and shared while it is kept. */
  get<T>(key: string, read: () => Promise<T>, options: KeepOptions<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached && (options.ttlMs === undefined || Date.now() - cached.at < options.ttlMs)) return cached.value as Promise<T>;
    const value = read();
    this.entries.set(key, { at: Date.now(), value });
    void value.then((settled) => {
      if (!options.keep(settled) && this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }
}

/** A list the server answers with, or undefined when it cannot be had (an error, another status, another shape). */
export async function readServerList<T>(http: HttpClient, url: URL, schema: z.ZodMiniType<T>, options: { signal: AbortSignal; headers?: Record<string, string> }): Promise<T | undefined> {
  try {
    const response = await http.getJson(url, options);
    if (response.status < 200 || response.status >= 300) return undefined;
    const parsed = schema.safeParse(response.json);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
