/**
 * npm run bench [-- --only overhead,throughput] [--skip panel] [--pairs 200] …
 *
 * Measures what Imagesmith costs on top of VS Code and on top of the network, each
 * figure against a baseline measured in the same run, and prints a table; the same
 * goes to bench-results/bench.json. Benchmarks print; they do not fail on a slow figure.
 * The process exits non-zero only when the bench itself could not run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { type BenchContext, type BenchOptions, type Extensions } from './lib/context';
import { emptyExtension, minimalViewExtension, projectRoot, stageImagesmith } from './lib/extensions';
import { startFixtureProcess, type FixtureProcess } from './lib/fixtures';
import { describeMachine, isBusy } from './lib/machine';
import { SECTIONS, renderTable, type SectionName, type SectionResult } from './lib/report';
import { startVsCode, type VsCode } from './lib/vscode';
import { activation } from './sections/activation';
import { firstUse } from './sections/firstUse';
import { memory } from './sections/memory';
import { overhead } from './sections/overhead';
import { gallery } from './sections/gallery';
import { imageLibraries } from './sections/imageLibraries';
import { panel } from './sections/panel';
import { polling } from './sections/polling';
import { references } from './sections/references';
import { throughput } from './sections/throughput';

const USAGE = `Usage: npm run bench -- [options]
  --only a,b        run only these sections (${SECTIONS.join(', ')})
  --skip a,b        run all but these
  --pairs N         overhead: measured pairs per provider (default 200, at least 30)
  --warmup N        overhead: warm-up pairs per provider (default 10)
  --activation-runs N   fresh extension hosts per extension (default 10)
  --first-use-runs N    first use: fresh extension hosts per extension (default 20)
  --first-use-profile   first use: write each measured command's CPU profile to bench-results/ (slows what it measures)
  --panel-runs N    fresh windows per view (default 4)
  --gallery-runs N  gallery: fresh windows per view (default 3)
  --image-runs N    images: runs per library and workload (default 7)
  --rounds N        throughput: rounds of 64 generations (default 3)
  --poll-jobs a,b   polling: job durations in seconds (default 3,20,60)
  --settle MS       VS Code sections: wait after a window's start before measuring (default 3000)
  --out FILE        the JSON file (default bench-results/bench.json)`;

/** A mistake on the command line: reported with the usage, without a stack. */
class UsageError extends Error {}

function sectionList(text: string | undefined, flag: string): SectionName[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!(SECTIONS as readonly string[]).includes(name)) throw new UsageError(`${flag}: no section "${name}"; there are ${SECTIONS.join(', ')}`);
  }
  return names as SectionName[];
}

function count(text: string | undefined, fallback: number, flag: string, min = 1): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${flag} needs a whole number of at least ${min}, got "${text}"`);
  return value;
}

function parseFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      skip: { type: 'string' },
      pairs: { type: 'string' },
      warmup: { type: 'string' },
      'activation-runs': { type: 'string' },
      'first-use-runs': { type: 'string' },
      'first-use-profile': { type: 'boolean' },
      'panel-runs': { type: 'string' },
      'gallery-runs': { type: 'string' },
      'image-runs': { type: 'string' },
      rounds: { type: 'string' },
      'poll-jobs': { type: 'string' },
      settle: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
}

function parseOptions(argv: string[]): { options: BenchOptions; out: string } {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const only = sectionList(values.only, '--only') ?? [...SECTIONS];
  const skip = new Set(sectionList(values.skip, '--skip') ?? []);
  const pollJobsMs = (values['poll-jobs'] ?? '3,20,60').split(',').map((text) => {
    const seconds = Number(text);
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > 600) throw new UsageError(`--poll-jobs: "${text}" is not a number of seconds from 0 to 600`);
    return Math.round(seconds * 1000);
  });
  return {
    options: {
      only: only.filter((name) => !skip.has(name)),
      pairs: count(values.pairs, 200, '--pairs', 30),
      warmup: count(values.warmup, 10, '--warmup', 0),
      activationRuns: count(values['activation-runs'], 10, '--activation-runs'),
      firstUseRuns: count(values['first-use-runs'], 20, '--first-use-runs'),
      firstUseProfile: values['first-use-profile'] ?? false,
      panelRuns: count(values['panel-runs'], 4, '--panel-runs'),
      galleryRuns: count(values['gallery-runs'], 3, '--gallery-runs'),
      imageRuns: count(values['image-runs'], 7, '--image-runs'),
      throughputRounds: count(values.rounds, 3, '--rounds'),
      pollJobsMs,
      settleMs: count(values.settle, 3000, '--settle', 0),
    },
    out: path.resolve(projectRoot, values.out ?? path.join('bench-results', 'bench.json')),
  };
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

async function main(): Promise<void> {
  const { options, out } = parseOptions(process.argv.slice(2));
  const resultsDir = path.join(projectRoot, 'bench-results');
  mkdirSync(resultsDir, { recursive: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'imagesmith-bench-'));
  // Also on Ctrl-C, which the harness turns into process.exit() once it has stopped its servers.
  const removeTmp = () => rmSync(tmp, { recursive: true, force: true });
  process.once('exit', removeTmp);
  const startedAt = new Date();
  const log = (message: string) => console.error(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1).padStart(6)} s] ${message}`);
  const running: { fixtures?: Promise<FixtureProcess>; vscode?: Promise<VsCode> } = {};
  const ctx: BenchContext = {
    options,
    resultsDir,
    tmp,
    log,
    fixtures: () => (running.fixtures ??= startFixtureProcess(path.join(resultsDir, 'fixtures.log'))),
    vscode: () => (running.vscode ??= startVsCode('bench', resultsDir)),
    extensions: once((): Promise<Extensions> => {
      log('building Imagesmith with --production in a copy of the project');
      const imagesmith = stageImagesmith(path.join(tmp, 'extensions'));
      return Promise.resolve({ imagesmith, empty: emptyExtension(path.join(tmp, 'extensions')), minimalView: minimalViewExtension(path.join(tmp, 'extensions')) });
    }),
  };
  const machine = describeMachine(projectRoot);
  log(`${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, Node ${machine.node}, ${machine.os}; sections: ${options.only.join(', ')}`);
  const busyWarning = isBusy(machine)
    ? `the machine was already busy when the bench started (load average ${machine.loadAverage.join(', ')} on ${machine.cores} cores): expect wider spreads`
    : undefined;
  if (busyWarning) log(`warning: ${busyWarning}`);

  const want = (name: SectionName) => options.only.includes(name);
  const results: SectionResult[] = [];
  try {
    // Polling mostly waits; it runs beside the others rather than adding a minute.
    const pollingRun = want('polling') ? polling(ctx) : undefined;
    // The VS Code sections come first, while nothing else loads the CPU but the waiting poller.
    if (want('activation')) results.push(await activation(ctx));
    if (want('first-use')) results.push(await firstUse(ctx));
    if (want('panel')) results.push(await panel(ctx));
    if (want('gallery')) results.push(await gallery(ctx));
    // Closed before the Node sections, so that Chromium and code-server do not run beside them.
    const vscode = running.vscode;
    running.vscode = undefined;
    if (vscode) await vscode.then((session) => session.stop()).catch(() => undefined);
    if (want('overhead')) results.push(await overhead(ctx));
    if (want('throughput')) results.push(await throughput(ctx));
    if (want('memory')) results.push(await memory(ctx));
    if (want('images')) results.push(await imageLibraries(ctx));
    if (want('references')) results.push(await references(ctx));
    if (pollingRun) results.push(await pollingRun);
  } finally {
    if (running.vscode) await running.vscode.then((session) => session.stop()).catch(() => undefined);
    if (running.fixtures) await running.fixtures.then((fixtures) => fixtures.stop()).catch(() => undefined);
    removeTmp();
  }
  results.sort((a, b) => SECTIONS.indexOf(a.name) - SECTIONS.indexOf(b.name));

  const finishedAt = new Date();
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    seconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((load) => Math.round(load * 100) / 100) },
    ...(busyWarning ? { warning: busyWarning } : {}),
    options,
    sections: results,
  };
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `\nImagesmith benchmarks, ${startedAt.toISOString()}: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, Node ${machine.node}, ${machine.os}${
      machine.vscode ? `, ${machine.vscode}` : ''
    }`,
  );
  console.log(`Load average ${machine.loadAverage.join(' ')} at the start, ${report.machine.loadAverageAtEnd.join(' ')} at the end.${busyWarning ? ` Warning: ${busyWarning}.` : ''}\n`);
  console.log(renderTable(results));
  console.log(`${path.relative(process.cwd(), out) || out} written; ${report.seconds.toFixed(0)} s in all.`);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  console.error(`[bench] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
