/**
 * The two ways the bench makes an image: the extension's own pipeline (ours), and the
 * least a client could do with the same requests (bare: undici.request and
 * fs.promises.writeFile, no checks). Everything between the two is our cost.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Agent, request } from 'undici';
import { ServerLists } from '../../src/core/serverLists';
import { DEFAULT_LIMITS, HttpStack, type HttpLimits } from '../../src/core/http';
import { ConcurrencyLimiter } from '../../src/core/limiter';
import { generateImages, type GenerationInput, type PipelineDeps, type SavedImage } from '../../src/core/pipeline';
import type { ProviderId, Progress } from '../../src/core/types';
import { PROVIDERS } from '../../src/providers';
import { DiskImageStore } from '../../src/core/diskStore';

export const BENCH_KEY = 'bench-key';
export const PROMPT = 'a lighthouse on a cliff at dusk, oil painting';

/** The providers the figures are about, each with a stand-in server in test/fixtures. */
export const BENCH_PROVIDERS = ['popcord', 'aithriving', 'imagepipeline'] as const satisfies readonly ProviderId[];
export type BenchProvider = (typeof BENCH_PROVIDERS)[number];

export type Urls = Readonly<Record<BenchProvider, string>>;

export interface Ours {
  readonly deps: PipelineDeps;
  generate(provider: BenchProvider, onProgress?: (progress: Progress) => void): Promise<SavedImage[]>;
  close(): Promise<void>;
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** The pipeline as the extension host builds it, with the store it uses for folders on disk. */
export function ours(urls: Urls, folder: string, options: { limits?: Partial<HttpLimits>; concurrency?: number } = {}): Ours {
  const http = new HttpStack({ ...DEFAULT_LIMITS, ...options.limits });
  const deps: PipelineDeps = {
    providers: PROVIDERS,
    http,
    lists: new ServerLists(),
    store: new DiskImageStore(folder),
    log: silent,
    pollTimeoutMs: 300_000,
    limiter: new ConcurrencyLimiter(),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  };
  return {
    deps,
    generate: (provider, onProgress) => {
      const input: GenerationInput = { provider, prompt: PROMPT };
      return generateImages(
        input,
        { baseUrl: urls[provider], defaults: {}, settingsPrefix: `imagesmith.providers.${provider}` },
        deps,
        {
          signal: new AbortController().signal,
          ...(PROVIDERS[provider].needsKey ? { apiKey: BENCH_KEY } : {}),
          ...(onProgress ? { onProgress } : {}),
        },
      );
    },
    close: () => http.close(),
  };
}

/** The request bodies the pipeline sends with the default parameters, so that both make the same requests. */
const BODIES: Record<BenchProvider, Record<string, unknown>> = {
  popcord: { model: 'sdxl-turbo', prompt: PROMPT, size: '1024x1024' },
  aithriving: { prompt: PROMPT, width: 1024, height: 1024, cfg_scale: 7, steps: 30, seed: 0 },
  imagepipeline: {
    model_id: 'd961a274-658c-4889-8c1a-bf85416cb1c1',
    prompt: PROMPT,
    num_inference_steps: 30,
    samples: 1,
    guidance_scale: 7.5,
    width: 768,
    height: 768,
    safety_checker: true,
    scheduler: 'UniPCMultistepScheduler',
    refiner: true,
  },
};

export interface Bare {
  /** One image, saved under a fresh name in the folder; resolves to its path. */
  generate(provider: BenchProvider): Promise<string>;
  close(): Promise<void>;
}

async function postJson(dispatcher: Agent, url: string, body: unknown, headers: Record<string, string>): Promise<unknown> {
  const response = await request(url, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return response.body.json();
}

async function getBytes(dispatcher: Agent, url: string): Promise<Buffer> {
  const response = await request(url, { method: 'GET', dispatcher });
  return Buffer.from(await response.body.arrayBuffer());
}

/** The least that makes the same requests and writes the same image: no validation, no metadata, no safety. */
export function bare(urls: Urls, folder: string): Bare {
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  const save = async (bytes: Uint8Array): Promise<string> => {
    const file = path.join(folder, `bare-${randomUUID()}.png`);
    await fs.writeFile(file, bytes);
    return file;
  };
  return {
    async generate(provider) {
      const base = urls[provider];
      switch (provider) {
        case 'popcord': {
          const answer = (await postJson(dispatcher, new URL('image/generate', base).href, BODIES.popcord, {})) as { image_url: string };
          return save(await getBytes(dispatcher, new URL(answer.image_url, base).href));
        }
        case 'aithriving': {
          const answer = (await postJson(dispatcher, new URL('api/generate/basic/textToImage', base).href, BODIES.aithriving, {
            authorization: BENCH_KEY,
          })) as { data: { image: string } };
          return save(Buffer.from(answer.data.image, 'base64'));
        }
        case 'imagepipeline': {
          const answer = (await postJson(dispatcher, new URL('sdxl/text2image/v1', base).href, BODIES.imagepipeline, {
            'api-key': BENCH_KEY,
          })) as { download_urls: string[] };
          return save(await getBytes(dispatcher, new URL(answer.download_urls[0] ?? '', base).href));
        }
        default: {
          const unknown: never = provider;
          throw new Error(`no bare client for ${String(unknown)}`);
        }
      }
    },
    close: () => dispatcher.close(),
  };
}

/** Polls an ImagePipeline job every `intervalMs` as the simplest client would; resolves to the polls made. */
export async function barePolled(base: string, folder: string, intervalMs: number): Promise<{ polls: number; file: string }> {
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  try {
    let answer = (await postJson(dispatcher, new URL('sdxl/text2image/v1', base).href, BODIES.imagepipeline, { 'api-key': BENCH_KEY })) as {
      status: string;
      id: string;
      download_urls?: string[];
    };
    let polls = 0;
    while (answer.status !== 'SUCCESS') {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      polls += 1;
      const response = await request(new URL(`sdxl/text2image/v1/status/${answer.id}`, base).href, { dispatcher, headers: { 'api-key': BENCH_KEY } });
      answer = (await response.body.json()) as typeof answer;
    }
    const bytes = await getBytes(dispatcher, new URL(answer.download_urls?.[0] ?? '', base).href);
    const file = path.join(folder, `bare-${randomUUID()}.png`);
    await fs.writeFile(file, bytes);
    return { polls, file };
  } finally {
    await dispatcher.close();
  }
}
