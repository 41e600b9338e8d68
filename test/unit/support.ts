import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImagesmithError } from '../../src/core/errors';
import { HttpStack, jsonLimitFor, type HttpLimits } from '../../src/core/http';
import { generateImages, type GenerationInput, type PipelineDeps, type RunOptions, type SavedImage } from '../../src/core/pipeline';
import type { ProviderId, Progress } from '../../src/core/types';
import { PROVIDERS } from '../../src/providers';
import { EXAMPLE_WORKFLOW } from '../fixtures/comfyui';
import { DiskImageStore } from '../../src/core/diskStore';
import { ServerLists } from '../../src/core/serverLists';

/** The download limit in unit tests: small, so that going over it is cheap. */
export const IMAGE_LIMIT = 8 * 1024 * 1024;

export interface Harness {
  readonly folder: string;
  readonly http: HttpStack;
  readonly progress: Progress[];
  readonly warnings: string[];
  /** The workspace files providers may read (a ComfyUI workflow), by relative path; `workflow_api.json` holds the example. */
  readonly workspace: Map<string, string>;
  run(input: GenerationInput, options?: Partial<RunOptions> & { baseUrl?: string; defaults?: Record<string, unknown> }): Promise<SavedImage[]>;
  files(): Promise<string[]>;
  close(): Promise<void>;
}

/** The real pipeline with a node:fs store in a fresh folder and no real waiting between status checks. */
export async function harness(
  /** Base URLs of the providers a test talks to; the others are never reached. */
  urls: Readonly<Partial<Record<ProviderId, string>>>,
  extra: Partial<PipelineDeps> = {},
  limits: Partial<HttpLimits> = {},
): Promise<Harness> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'imagesmith-test-'));
  const http = new HttpStack({ timeoutMs: 5_000, maxJsonBytes: jsonLimitFor(IMAGE_LIMIT), maxImageBytes: IMAGE_LIMIT, retries: 2, retryBaseMs: 10, ...limits });
  const progress: Progress[] = [];
  const warnings: string[] = [];
  const workspace = new Map<string, string>([['workflow_api.json', JSON.stringify(EXAMPLE_WORKFLOW)]]);
  const deps: PipelineDeps = {
    providers: PROVIDERS,
    http,
    lists: new ServerLists(),
    store: new DiskImageStore(folder),
    log: { debug() {}, info() {}, warn() {}, error() {} },
    pollTimeoutMs: 60_000,
    workspaceFiles: {
      readText: (relativePath) => {
        const text = workspace.get(relativePath);
        if (text === undefined) return Promise.reject(new ImagesmithError('invalid-input', `There is no file "${relativePath}" in the workspace.`));
        return Promise.resolve(text);
      },
    },
    sleep: async (_ms, signal) => {
      await new Promise((resolve) => setImmediate(resolve));
      if (signal.aborted) throw new ImagesmithError('cancelled', 'cancelled');
    },
    ...extra,
  };
  return {
    folder,
    http,
    progress,
    warnings,
    workspace,
    run: (input, options = {}) =>
      generateImages(
        input,
        {
          baseUrl: options.baseUrl ?? urls[input.provider] ?? '',
          defaults: options.defaults ?? {},
          settingsPrefix: `imagesmith.providers.${input.provider}`,
        },
        deps,
        {
          signal: options.signal ?? new AbortController().signal,
          apiKey: options.apiKey,
          onProgress: (p) => {
            progress.push(p);
            options.onProgress?.(p);
          },
          onWarning: (w) => warnings.push(w),
        },
      ),
    files: async () => (await fs.readdir(folder)).sort(),
    close: async () => {
      await http.close();
      await fs.rm(folder, { recursive: true, force: true });
    },
  };
}

/** A provider stand-in (or all of them) as the fixtures start them. */
interface StandIn {
  reset(): void;
  close(): Promise<void>;
}

/** What a suite's hooks set up: its stand-in, and a fresh harness for each test (which a test may replace). */
export interface StandInSuite<S> {
  server: S;
  h: Harness;
}

/**
 * The hooks every provider suite needs: the stand-in started once, and before each test
 * its recorded requests and faults cleared and a fresh pipeline made on a fresh folder.
 */
export function useStandIn<S extends StandIn>(
  start: () => Promise<S>,
  urls: (server: S) => Readonly<Partial<Record<ProviderId, string>>>,
  extra: Partial<PipelineDeps> = {},
): StandInSuite<S> {
  const suite = {} as StandInSuite<S>;
  before(async () => {
    suite.server = await start();
  });
  after(async () => suite.server.close());
  beforeEach(async () => {
    suite.server.reset();
    suite.h = await harness(urls(suite.server), extra);
  });
  afterEach(async () => suite.h.close());
  return suite;
}

/** Resolves to the ImagesmithError the promise rejects with; fails the test when it resolves. */
export async function failure(promise: Promise<unknown>): Promise<ImagesmithError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImagesmithError) return error;
    throw error;
  }
  throw new Error('expected the generation to fail');
}
