/**
 * The provider stand-ins (test/fixtures/serve.ts) in a process of their own, so that
 * the server's work (making the bytes, base64, JSON) is not charged to the client
 * being measured, as a real provider's is not.
 */
import type { BenchProvider } from './pipeline';
import { harness, type FixtureUrls } from './harness';

export interface FixtureProcess {
  readonly urls: FixtureUrls;
  /** Sets the fault of one provider's server; null clears it. */
  setFault(provider: BenchProvider, fault: Record<string, unknown> | null): Promise<void>;
  /** Clears every server's fault, recorded requests and jobs. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

async function control(url: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(new URL(`__control/${path}`, url), { method: 'POST', body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`fixture ${path} at ${url} failed: HTTP ${response.status} ${text}`);
}

export async function startFixtureProcess(logFile?: string): Promise<FixtureProcess> {
  const { startFixtureServers, projectRoot } = await harness();
  const servers = await startFixtureServers({ projectRoot, ...(logFile ? { logFile } : {}) });
  const { urls } = servers;
  return {
    urls,
    setFault: (provider, fault) => control(urls[provider], 'fault', fault ?? { fault: null }),
    reset: async () => {
      await Promise.all((Object.keys(urls) as (keyof FixtureUrls)[]).map((name) => control(String(urls[name]), 'reset', {})));
    },
    stop: () => servers.stop(),
  };
}
