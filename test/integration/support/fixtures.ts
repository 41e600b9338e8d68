// Access from integration tests to the local provider servers the runner started
// (test/fixtures/serve.ts): their URLs and their control endpoints.

export const PROVIDER_IDS = ['popcord', 'aithriving', 'imagepipeline', 'openai', 'stability', 'automatic1111', 'comfyui'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];
export type FixtureUrls = Readonly<Record<ProviderId, string>>;

/** The base URL of each provider's fixture server, as the runner passed them in. */
export function fixtureUrls(): FixtureUrls {
  const raw = process.env.IMAGESMITH_FIXTURE_URLS;
  if (!raw) {
    throw new Error('IMAGESMITH_FIXTURE_URLS is not set: run the integration tests with `npm run test:integration`');
  }
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`IMAGESMITH_FIXTURE_URLS is not a JSON object: ${raw}`);
  const urls: Partial<Record<ProviderId, string>> = {};
  for (const id of PROVIDER_IDS) {
    const value: unknown = (parsed as Record<string, unknown>)[id];
    if (typeof value !== 'string') throw new Error(`IMAGESMITH_FIXTURE_URLS has no URL for ${id}: ${raw}`);
    urls[id] = value;
  }
  return urls as FixtureUrls;
}

async function control(provider: ProviderId, method: 'GET' | 'POST', action: string, body?: unknown): Promise<unknown> {
  const url = new URL(`__control/${action}`, fixtureUrls()[provider]);
  const response = await fetch(url, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url.href} answered ${response.status}: ${text}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/** Makes the provider's fixture misbehave; the fault's shape is defined by test/fixtures. */
export async function fault(provider: ProviderId, spec: unknown): Promise<void> {
  await control(provider, 'POST', 'fault', spec);
}

/** A request as a fixture server records it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly json: unknown;
}

/** The requests the provider's fixture has received since the last reset. */
export async function receivedRequests(provider: ProviderId): Promise<unknown> {
  return control(provider, 'GET', 'requests');
}

/** Clears faults and recorded requests: of one provider, or of all of them. */
export async function reset(provider?: ProviderId): Promise<void> {
  await Promise.all((provider ? [provider] : PROVIDER_IDS).map((id) => control(id, 'POST', 'reset')));
}
