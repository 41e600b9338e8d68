/**
 * Activation: the JavaScript the extension host loads to activate Imagesmith, and the
 * time of `activate()`, each run in a fresh extension host (a new code-server window),
 * against an empty extension loaded the same way. The probe (probes/activation.ts) runs
 * as the window's extension-tests module, which also ends the extension host when done.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { bundleNode } from '../lib/bundle';
import { runSection, sleep, type BenchContext } from '../lib/context';
import { distFiles, type BuiltExtension } from '../lib/extensions';
import type { SectionResult } from '../lib/report';
import { spread } from '../lib/stats';
import type { LoadedFile, ProbeConfig, ProbeResult } from '../probes/activation';

export const BYTES_GOAL_KB = 60;
/** "A few milliseconds" of our own: VS Code's activation machinery alone takes about as long for an empty extension. */
export const TIME_GOAL_MS = 5;
const WARMUP_RUNS = 1;

const kb = (bytes: number) => bytes / 1024;
const sum = (files: readonly LoadedFile[]) => files.reduce((total, file) => total + file.bytes, 0);
const isJs = (file: LoadedFile) => /\.(c|m)?js$/.test(file.file);

async function waitForFile(file: string, timeoutMs: number, alive: () => string | undefined): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    const problem = alive();
    if (problem) throw new Error(problem);
    if (Date.now() > deadline) throw new Error(`no probe result after ${timeoutMs / 1000} s`);
    await sleep(100);
  }
  return readFileSync(file, 'utf8');
}

export function activation(ctx: BenchContext): Promise<SectionResult> {
  return runSection('activation', 'Activation (in the real extension host, code-server)', ctx, async (draft) => {
    const { imagesmith, empty } = await ctx.extensions();
    const vscode = await ctx.vscode();
    const probeDir = path.join(ctx.tmp, 'activation-probe');
    const probe = path.join(probeDir, 'index.js');
    await bundleNode('bench/probes/activation.ts', probe);
    const folder = vscode.workspace('activation');
    const targets: readonly BuiltExtension[] = [imagesmith, empty];
    const results = new Map<string, ProbeResult[]>(targets.map((target) => [target.id, []]));
    const pids = new Set<number>();
    let pageGone: string | undefined;
    vscode.page.once('crash', () => (pageGone = 'the workbench page crashed'));

    const total = WARMUP_RUNS + ctx.options.activationRuns;
    for (let runIndex = 0; runIndex < total; runIndex++) {
      const order = runIndex % 2 === 0 ? targets : [...targets].reverse();
      for (const target of order) {
        const resultFile = path.join(probeDir, `result-${runIndex}-${target.id}.json`);
        const config: ProbeConfig = { extensionId: target.id, resultFile, settleMs: ctx.options.settleMs };
        writeFileSync(path.join(probeDir, 'probe.json'), JSON.stringify(config));
        await vscode.open({ folder, extensionDevelopmentPath: target.path, extensionTestsPath: probe });
        const result = JSON.parse(await waitForFile(resultFile, 90_000, () => pageGone)) as ProbeResult;
        if (!result.ok) {
          await vscode.screenshot(path.join(ctx.resultsDir, 'activation-failed.png'));
          throw new Error(`${target.id} did not activate: ${result.error ?? 'no reason given'}`);
        }
        pids.add(result.extensionHostPid);
        if (runIndex >= WARMUP_RUNS) results.get(target.id)?.push(result);
      }
      ctx.log(`activation: run ${runIndex + 1 - WARMUP_RUNS}/${ctx.options.activationRuns}${runIndex < WARMUP_RUNS ? ' (warm-up)' : ''}`);
    }

    const summary = (target: BuiltExtension) => {
      const runs = results.get(target.id) ?? [];
      const last = runs[runs.length - 1];
      const loaded = (last?.loaded ?? []).filter(isJs);
      const later = (last?.loadedLater ?? []).filter(isJs);
      return { runs, times: spread(runs.map((run) => run.activateMs ?? Number.NaN)), loaded, later, bytes: sum(loaded), laterBytes: sum(later) };
    };
    const ours = summary(imagesmith);
    const base = summary(empty);
    // Runs alternate, so run i of each saw the same machine state; their difference is Imagesmith's own time.
    const added = spread(ours.runs.map((run, i) => (run.activateMs ?? Number.NaN) - (base.runs[i]?.activateMs ?? Number.NaN)));
    draft.rows.push(
      {
        figure: 'JavaScript loaded to activate',
        ours: { value: kb(ours.bytes), unit: 'KB' },
        baseline: { value: kb(base.bytes), unit: 'KB', label: 'empty extension' },
        ratio: ours.bytes / base.bytes,
        goal: `< ${BYTES_GOAL_KB} KB`,
        met: kb(ours.bytes) < BYTES_GOAL_KB,
        spread: `${ours.loaded.length} file(s)`,
      },
      {
        figure: 'activate() time',
        ours: { value: ours.times.median, unit: 'ms' },
        baseline: { value: base.times.median, unit: 'ms', label: 'empty extension' },
        ratio: ours.times.median / base.times.median,
        goal: `≤ empty + ${TIME_GOAL_MS} ms`,
        met: added.median <= TIME_GOAL_MS,
        spread: `IQR ${ours.times.p25.toFixed(1)}–${ours.times.p75.toFixed(1)} ms, n=${ours.times.n}`,
      },
    );
    const describe = (files: readonly LoadedFile[]) => files.map((file) => `${file.file} ${(file.bytes / 1024).toFixed(1)} KB`).join(', ') || 'none';
    draft.notes.push(
      `activate() adds ${added.median.toFixed(1)} ms to the empty extension's (median of the per-run differences; IQR ${added.p25.toFixed(1)}–${added.p75.toFixed(1)} ms).`,
      `Loaded by activation: ${describe(ours.loaded)}.`,
      ...(ours.laterBytes !== ours.bytes ? [`A second after activation: ${describe(ours.later)}.`] : []),
      `The production build's dist/: ${describe(distFiles(imagesmith.path))}.`,
      `Median of ${ctx.options.activationRuns} fresh extension hosts each (${pids.size} distinct extension host processes, after ${WARMUP_RUNS} warm-up run), alternating with the empty extension; each waits ${ctx.options.settleMs} ms after the host starts, then times \`await getExtension(id).activate()\`. Empty extension: IQR ${base.times.p25.toFixed(1)}–${base.times.p75.toFixed(1)} ms.`,
    );
    draft.data = {
      imagesmith: { times: ours.runs.map((run) => run.activateMs), loaded: ours.loaded, loadedLater: ours.later, dist: distFiles(imagesmith.path) },
      empty: { times: base.runs.map((run) => run.activateMs), loaded: base.loaded },
      extensionHostPids: [...pids],
      browser: vscode.browserVersion,
    };
  });
}
