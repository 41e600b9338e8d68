/** What every section gets: options, where to write, and the shared processes, started on first use. */
import type { SectionName, SectionResult, Row } from './report';
import type { BuiltExtension } from './extensions';
import type { FixtureProcess } from './fixtures';
import type { VsCode } from './vscode';

export interface BenchOptions {
  readonly only: readonly SectionName[];
  /** Overhead: measured pairs per provider, and warm-up pairs before them. */
  readonly pairs: number;
  readonly warmup: number;
  /** Activation: fresh extension hosts per extension. */
  readonly activationRuns: number;
  /** First use: fresh extension hosts per extension. */
  readonly firstUseRuns: number;
  /** First use: write a CPU profile of each measured command (its times then include the profiler's cost). */
  readonly firstUseProfile: boolean;
  /** Panel: fresh windows per view. */
  readonly panelRuns: number;
  /** images: measured runs per library and workload. */
  readonly imageRuns: number;
  /** gallery: fresh windows per view. */
  readonly galleryRuns: number;
  readonly throughputRounds: number;
  /** Polling: job durations in ms. */
  readonly pollJobsMs: readonly number[];
  /** The extension host's and the window's settling time before a VS Code measurement. */
  readonly settleMs: number;
}

export interface Extensions {
  readonly imagesmith: BuiltExtension;
  readonly empty: BuiltExtension;
  readonly minimalView: BuiltExtension;
}

export interface BenchContext {
  readonly options: BenchOptions;
  /** bench-results/: the JSON, logs and screenshots. */
  readonly resultsDir: string;
  /** A temp folder for this run, removed at the end. */
  readonly tmp: string;
  log(message: string): void;
  fixtures(): Promise<FixtureProcess>;
  vscode(): Promise<VsCode>;
  extensions(): Promise<Extensions>;
}

export interface SectionDraft {
  readonly title: string;
  readonly rows: Row[];
  readonly notes: string[];
  data?: unknown;
  notMeasured?: string;
}

/** Runs a section, turning a failure into "not measured" with its reason, so that one broken part does not end the bench. */
export async function runSection(
  name: SectionName,
  title: string,
  ctx: BenchContext,
  body: (draft: SectionDraft) => Promise<void>,
): Promise<SectionResult> {
  const started = Date.now();
  const draft: SectionDraft = { title, rows: [], notes: [] };
  ctx.log(`${name}: started`);
  try {
    await body(draft);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    draft.notMeasured = reason.split('\n')[0] ?? reason;
    draft.notes.push(...reason.split('\n').slice(1, 6).map((line) => line.trim()).filter(Boolean));
    ctx.log(`${name}: not measured: ${reason}`);
  }
  const seconds = (Date.now() - started) / 1000;
  ctx.log(`${name}: done in ${seconds.toFixed(1)} s`);
  return {
    name,
    title: draft.title,
    rows: draft.rows,
    notes: draft.notes,
    seconds,
    ...(draft.notMeasured === undefined ? {} : { notMeasured: draft.notMeasured }),
    ...(draft.data === undefined ? {} : { data: draft.data }),
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs the garbage collector when node was started with --expose-gc, so that one measurement's garbage is not charged to the next. */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  gc();
  return true;
}
