/**
 * First use: from running `imagesmith.generateImage` with arguments (PopCord, against its
 * stand-in) in a fresh extension host to the provider request reaching the stand-in, which
 * records when each request arrives. That span holds activation, loading what the command
 * needs and the pipeline's checks before sending. The baseline is a minimal extension whose
 * command makes the same requests with undici (probes/firstUseBaseline.ts), run the same way.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RecordedRequest } from '../../test/fixtures/server';
import { bundleNode } from '../lib/bundle';
import { runSection, sleep, type BenchContext } from '../lib/context';
import { distFiles, type BuiltExtension } from '../lib/extensions';
import type { SectionResult } from '../lib/report';
import { spread } from '../lib/stats';
import type { FirstUseConfig, FirstUseResult } from '../probes/firstUse';

/** The issue's goal: within this much of the minimal extension. */
export const FIRST_USE_GOAL_MS = 20;
const WARMUP_RUNS = 1;
const PROMPT = 'a lighthouse at dusk';

async function baselineExtension(into: string): Promise<BuiltExtension> {
  const root = path.join(into, 'first-use-baseline');
  mkdirSync(path.join(root, 'dist'), { recursive: true });
  const manifest = {
    name: 'first-use-baseline',
    publisher: 'imagesmith-bench',
    version: '0.0.0',
    engines: { vscode: '^1.100.0' },
    main: './dist/extension.js',
    activationEvents: [],
    contributes: { commands: [{ command: 'imagesmithBench.generate', title: 'Generate (bench baseline)' }] },
  };
  writeFileSync(path.join(root, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await bundleNode('bench/probes/firstUseBaseline.ts', path.join(root, 'dist', 'extension.js'), { minify: true });
  return { id: 'imagesmith-bench.first-use-baseline', path: root };
}

async function waitForFile(file: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`no probe result after ${timeoutMs / 1000} s`);
    await sleep(100);
  }
  return readFileSync(file, 'utf8');
}

async function recordedRequests(baseUrl: string): Promise<RecordedRequest[]> {
  const response = await fetch(new URL('__control/requests', baseUrl));
  return (await response.json()) as RecordedRequest[];
}

interface Run {
  /** To the first request (the model list) and to the generation request. */
  readonly firstMs: number;
  readonly generateMs: number;
  readonly totalMs: number;
  /** Garbage collection in the extension host before the generation request arrived: ms in all, and in major collections. */
  readonly gcMs: number;
  readonly majorGcMs: number;
  readonly collections: FirstUseResult['collections'];
}

export function firstUse(ctx: BenchContext): Promise<SectionResult> {
  return runSection('first-use', 'First use: Generate → provider request (in the real extension host, code-server)', ctx, async (draft) => {
    const { imagesmith } = await ctx.extensions();
    const baseline = await baselineExtension(path.join(ctx.tmp, 'extensions'));
    const fixtures = await ctx.fixtures();
    const vscode = await ctx.vscode();
    const probeDir = path.join(ctx.tmp, 'first-use-probe');
    const probe = path.join(probeDir, 'index.js');
    await bundleNode('bench/probes/firstUse.ts', probe);
    const popcord = String(fixtures.urls.popcord);
    const settings = { 'imagesmith.providers.popcord.baseUrl': popcord, 'imagesmith.openAfterGeneration': false, 'imagesmith.insertMarkdownLink': 'never' };
    // Imagesmith keeps V8's code cache of main.js in its global storage (host/codeCache.ts):
    // "warm" is a window after an earlier one wrote it, "cold" the first window after an
    // install or an update, the cache removed in the window before the command.
    const codeCache = path.join(vscode.userDataDir, 'User', 'globalStorage', imagesmith.id, 'code-cache');
    const imagesmithCommand = { command: 'imagesmith.generateImage', args: { prompt: PROMPT, provider: 'popcord' } };
    const targets: { key: string; extension: BuiltExtension; command: string; args: object; codeCache?: 'kept' | 'removed' }[] = [
      { key: 'warm', extension: imagesmith, ...imagesmithCommand, codeCache: 'kept' },
      { key: 'baseline', extension: baseline, command: 'imagesmithBench.generate', args: { prompt: PROMPT, baseUrl: popcord } },
      { key: 'cold', extension: imagesmith, ...imagesmithCommand, codeCache: 'removed' },
    ];
    const runs = new Map<string, Run[]>(targets.map((target) => [target.key, []]));
    const windows = WARMUP_RUNS + ctx.options.firstUseRuns;
    for (let runIndex = 0; runIndex < windows; runIndex++) {
      const order = runIndex % 2 === 0 ? targets : [...targets].reverse();
      for (const target of order) {
        // A fresh folder each run: nothing saved before, nothing for the view to restore.
        const folder = vscode.workspace(`first-use-${runIndex}-${target.key}`, { '.vscode/settings.json': JSON.stringify(settings) });
        const resultFile = path.join(probeDir, `result-${runIndex}-${target.key}.json`);
        const profileFile = ctx.options.firstUseProfile && runIndex >= WARMUP_RUNS ? path.join(ctx.resultsDir, `first-use-${runIndex}-${target.key}.cpuprofile`) : undefined;
        const config: FirstUseConfig = {
          extensionId: target.extension.id,
          command: target.command,
          args: target.args,
          resultFile,
          settleMs: ctx.options.settleMs,
          ...(profileFile ? { profileFile } : {}),
          ...(target.codeCache ? { codeCacheDir: codeCache, removeCodeCache: target.codeCache === 'removed' } : {}),
        };
        writeFileSync(path.join(probeDir, 'probe.json'), JSON.stringify(config));
        await fixtures.reset();
        await vscode.open({ folder, extensionDevelopmentPath: target.extension.path, extensionTestsPath: probe });
        const result = JSON.parse(await waitForFile(resultFile, 120_000)) as FirstUseResult;
        if (!result.ok || result.ranAt === undefined || result.finishedAt === undefined) {
          await vscode.screenshot(path.join(ctx.resultsDir, 'first-use-failed.png'));
          throw new Error(`${target.command} failed: ${result.error ?? 'no reason given'}`);
        }
        if (result.wasActive) throw new Error(`${target.extension.id} was active before its command ran: not a first use`);
        // The first window of all has no cache to read; after it, a "kept" window must find one.
        if (target.codeCache === 'kept' && runIndex >= WARMUP_RUNS && !result.codeCaches) throw new Error('no code cache from an earlier window: the warm figure would be a cold one');
        if (target.codeCache === 'removed' && result.codeCaches) throw new Error('the code cache was still there after its removal');
        const requests = await recordedRequests(popcord);
        const generation = requests.find((request) => request.method === 'POST' && request.path.startsWith('/image/generate'));
        const first = requests[0];
        if (!generation || !first) throw new Error(`${target.command}: the stand-in saw no generation request (${requests.length} requests)`);
        if (runIndex >= WARMUP_RUNS) {
          const generateMs = generation.receivedAt - result.ranAt;
          const before = (result.collections ?? []).filter((collection) => collection.at < generateMs);
          const sum = (list: typeof before) => list.reduce((total, collection) => total + collection.ms, 0);
          runs.get(target.key)?.push({
            firstMs: first.receivedAt - result.ranAt,
            generateMs,
            totalMs: result.finishedAt - result.ranAt,
            gcMs: sum(before),
            majorGcMs: sum(before.filter((collection) => collection.kind === 2)),
            collections: result.collections,
          });
        }
      }
      ctx.log(`first-use: run ${runIndex + 1 - WARMUP_RUNS}/${ctx.options.firstUseRuns}${runIndex < WARMUP_RUNS ? ' (warm-up)' : ''}`);
    }

    const base = runs.get('baseline') ?? [];
    const figure = (key: string, pick: (run: Run) => number) => {
      const ours = runs.get(key) ?? [];
      return { ours: spread(ours.map(pick)), base: spread(base.map(pick)), added: spread(ours.map((run, i) => pick(run) - (base[i] ? pick(base[i]) : Number.NaN))) };
    };
    const generate = figure('warm', (run) => run.generateMs);
    const first = figure('warm', (run) => run.firstMs);
    const total = figure('warm', (run) => run.totalMs);
    const cold = figure('cold', (run) => run.generateMs);
    const gc = figure('warm', (run) => run.gcMs);
    const majorGc = figure('warm', (run) => run.majorGcMs);
    const baselineLabel = { unit: 'ms', label: 'minimal undici extension' } as const;
    draft.rows.push(
      {
        figure: 'Generate → generation request arrives',
        ours: { value: generate.ours.median, unit: 'ms' },
        baseline: { value: generate.base.median, ...baselineLabel },
        ratio: generate.ours.median / generate.base.median,
        goal: `≤ baseline + ${FIRST_USE_GOAL_MS} ms`,
        met: generate.added.median <= FIRST_USE_GOAL_MS,
        spread: `IQR ${generate.ours.p25.toFixed(0)}–${generate.ours.p75.toFixed(0)} ms, n=${generate.ours.n}`,
      },
      {
        figure: 'Generate → first request arrives',
        ours: { value: first.ours.median, unit: 'ms' },
        baseline: { value: first.base.median, ...baselineLabel },
        ratio: first.ours.median / first.base.median,
        spread: `IQR ${first.ours.p25.toFixed(0)}–${first.ours.p75.toFixed(0)} ms`,
      },
      {
        figure: 'Generate → image saved (command resolved)',
        ours: { value: total.ours.median, unit: 'ms' },
        baseline: { value: total.base.median, ...baselineLabel },
        ratio: total.ours.median / total.base.median,
        spread: `IQR ${total.ours.p25.toFixed(0)}–${total.ours.p75.toFixed(0)} ms`,
      },
      {
        figure: 'the same, no code cache yet → generation request',
        ours: { value: cold.ours.median, unit: 'ms' },
        baseline: { value: cold.base.median, ...baselineLabel },
        ratio: cold.ours.median / cold.base.median,
        spread: `IQR ${cold.ours.p25.toFixed(0)}–${cold.ours.p75.toFixed(0)} ms; +${cold.added.median.toFixed(1)} ms`,
      },
    );
    draft.notes.push(
      `The generation request arrives ${generate.added.median.toFixed(1)} ms later than the baseline's (median of the per-run differences; IQR ${generate.added.p25.toFixed(1)}–${generate.added.p75.toFixed(1)} ms); the first request (the model list) ${first.added.median.toFixed(1)} ms later. These are windows after an earlier one wrote main.js's code cache into Imagesmith's global storage, as every window after the first does.`,
      `Garbage collection in the extension host between the command and the generation request: ${gc.ours.median.toFixed(1)} ms (of which major collections ${majorGc.ours.median.toFixed(1)} ms) against the baseline's ${gc.base.median.toFixed(1)} ms (${majorGc.base.median.toFixed(1)} ms), medians.`,
      `With no code cache (the first window after an install or an update; the cache removed in the new window before the command): the generation request arrives ${cold.added.median.toFixed(1)} ms later than the baseline's (IQR ${cold.added.p25.toFixed(1)}–${cold.added.p75.toFixed(1)} ms).`,
      `The production build's dist/: ${distFiles(imagesmith.path).map((file) => `${file.file} ${(file.bytes / 1024).toFixed(1)} KB`).join(', ')}; the baseline's one file (undici, minified): ${distFiles(baseline.path).map((file) => `${(file.bytes / 1024).toFixed(1)} KB`).join('')}.`,
      `Median of ${ctx.options.firstUseRuns} fresh extension hosts each, alternating, after ${WARMUP_RUNS} warm-up run; each waits ${ctx.options.settleMs} ms after the host starts, then runs the command, which activates the extension. Times from the command to the stand-in's arrival stamp (the same clock: performance.timeOrigin + now() in both processes). Both make the same requests: the model and size lists, then the generation.`,
    );
    if (ctx.options.firstUseProfile) draft.notes.push(`With --first-use-profile: each measured command's CPU profile is in ${ctx.resultsDir}/first-use-*.cpuprofile, and the times above include the profiler's cost.`);
    draft.data = { imagesmith: runs.get('warm'), imagesmithNoCodeCache: runs.get('cold'), baseline: base, dist: distFiles(imagesmith.path) };
  });
}
