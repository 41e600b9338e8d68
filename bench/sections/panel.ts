/**
 * Panel: in Chromium against code-server, from running "Imagesmith: Open Image
 * Generator" to a usable generator and to a gallery showing all its tiles, with 1,000
 * images in the output folder, and the bytes the host sends the webview meanwhile. The
 * baseline is a minimal webview view (extensions.ts) opened the same way on the same
 * folder. Each run is a fresh window on a fresh copy of the folder, so that no view
 * state is restored and the extension activates on the command, as on a first use.
 */
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { makePng } from '../../test/fixtures/images';
import { bundleBrowser } from '../lib/bundle';
import { runSection, sleep, type BenchContext } from '../lib/context';
import { MINIMAL_VIEW_COMMAND_TITLE, type BuiltExtension } from '../lib/extensions';
import { outputImage, outputInfotext } from '../lib/images';
import type { SectionResult } from '../lib/report';
import { median, spread } from '../lib/stats';
import type { FrameRecord } from '../probes/panelFrame';

export const IMAGES = 1_000;
const OPEN_TITLE = 'Imagesmith: Open Image Generator';
const RUN_TIMEOUT_MS = 60_000;
/** After the tiles show, the time the page is given to ask for (and get) the visible tiles' prompts. */
const METADATA_WAIT_MS = 1_500;

/** A thousand small PNGs named and tagged as Imagesmith saves them, A1111 infotext in a tEXt chunk. */
function outputFolderFiles(): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < IMAGES; i++) {
    const { name, prompt } = outputImage(i);
    files[`assets/${name}`] = makePng(64, 64, { seed: i, text: { parameters: outputInfotext(i, prompt, '1024x1024') } });
  }
  return files;
}

interface PanelRun {
  /** From the command: the webview frame made, its page written, and the first message of each type. */
  readonly frameMs: number;
  readonly documentMs: number;
  readonly firstMessageMs: Readonly<Record<string, number>>;
  readonly generatorMs: number;
  readonly galleryMs: number;
  readonly generatorDomMs?: number;
  readonly galleryDomMs?: number;
  readonly tiles: number;
  readonly messages: FrameRecord['messages'];
}

async function frameRecord(frames: readonly Frame[]): Promise<FrameRecord | undefined> {
  let best: FrameRecord | undefined;
  for (const frame of frames) {
    const record = (await frame.evaluate('window.__imagesmithBench').catch(() => undefined)) as FrameRecord | undefined;
    if (record && (record.generatorDomAt !== undefined || record.tiles > 0)) {
      if (!best || record.tiles >= best.tiles) best = record;
    }
  }
  return best;
}

const GALLERY_MESSAGES = ['didResetGallery', 'didChangeGallery', 'loadMetadataResult'];

export function panel(ctx: BenchContext): Promise<SectionResult> {
  return runSection('panel', `Panel (${IMAGES.toLocaleString('en')} images in the output folder)`, ctx, async (draft) => {
    const { imagesmith, minimalView } = await ctx.extensions();
    const vscode = await ctx.vscode();
    const files = outputFolderFiles();
    await vscode.addInitScript(`window.__benchExpectedTiles = ${IMAGES};\n${await bundleBrowser('bench/probes/panelFrame.ts')}`);

    const targets: readonly { extension: BuiltExtension; title: string; label: string }[] = [
      { extension: imagesmith, title: OPEN_TITLE, label: 'imagesmith' },
      { extension: minimalView, title: MINIMAL_VIEW_COMMAND_TITLE, label: 'minimal' },
    ];
    const runs = new Map<string, PanelRun[]>(targets.map((target) => [target.label, []]));
    for (let runIndex = 0; runIndex < ctx.options.panelRuns; runIndex++) {
      const order = runIndex % 2 === 0 ? targets : [...targets].reverse();
      for (const target of order) {
        const folder = vscode.workspace(`panel-${target.label}-${runIndex}`, files);
        // In a browser that has shown a webview before, a new window's webview finds the old
        // window's service worker in control and waits about a second for it to be replaced,
        // whatever the extension; a browser context of its own per run keeps that out.
        await vscode.freshBrowserContext();
        await vscode.open({ folder, extensionDevelopmentPath: target.extension.path });
        try {
          await vscode.waitForCommand(target.title);
        } catch (error) {
          await vscode.screenshot(path.join(ctx.resultsDir, `panel-${target.label}-no-command.png`));
          throw new Error(`the view could not be opened: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        await sleep(ctx.options.settleMs);
        const openedAt = await vscode.runCommandTimed(target.title);
        const deadline = Date.now() + RUN_TIMEOUT_MS;
        let record: FrameRecord | undefined;
        for (;;) {
          record = await frameRecord(vscode.page.frames());
          if (record?.galleryShownAt !== undefined && record.generatorShownAt !== undefined) break;
          if (Date.now() > deadline) {
            const shot = path.join(ctx.resultsDir, `panel-${target.label}-timeout.png`);
            await vscode.screenshot(shot);
            const seen = record
              ? `generator ${record.generatorShownAt === undefined ? 'not ready' : 'ready'}, ${record.tiles} of ${IMAGES} tiles`
              : 'no webview frame with a generator or tiles';
            throw new Error(`${target.label}: not done after ${RUN_TIMEOUT_MS / 1000} s (${seen}; see ${path.relative(process.cwd(), shot)})`);
          }
          await sleep(100);
        }
        await sleep(METADATA_WAIT_MS);
        record = (await frameRecord(vscode.page.frames())) ?? record;
        const since = (at: number | undefined) => (at === undefined ? undefined : at - openedAt);
        runs.get(target.label)?.push({
          frameMs: record.frameAt - openedAt,
          documentMs: record.documentAt - openedAt,
          firstMessageMs: Object.fromEntries(Object.entries(record.messages).map(([type, tally]) => [type, tally.firstAt - openedAt])),
          generatorMs: (record.generatorShownAt ?? Number.NaN) - openedAt,
          galleryMs: (record.galleryShownAt ?? Number.NaN) - openedAt,
          ...(record.generatorDomAt === undefined ? {} : { generatorDomMs: since(record.generatorDomAt) }),
          ...(record.galleryDomAt === undefined ? {} : { galleryDomMs: since(record.galleryDomAt) }),
          tiles: record.tiles,
          messages: record.messages,
        });
        ctx.log(`panel: ${target.label} run ${runIndex + 1}/${ctx.options.panelRuns}`);
      }
    }

    const of = (label: string) => runs.get(label) ?? [];
    const bytes = (run: PanelRun, types?: readonly string[]) =>
      Object.entries(run.messages)
        .filter(([type]) => !types || types.includes(type))
        .reduce((total, [, tally]) => total + tally.bytes, 0);
    const row = (figure: string, pick: (run: PanelRun) => number) => {
      const o = spread(of('imagesmith').map(pick));
      const b = median(of('minimal').map(pick));
      return {
        figure,
        ours: { value: o.median, unit: 'ms' as const },
        baseline: { value: b, unit: 'ms' as const, label: 'minimal view' },
        ratio: o.median / b,
        spread: `${o.min.toFixed(0)}–${o.max.toFixed(0)} ms, n=${o.n}`,
      };
    };
    draft.rows.push(row('open → generator usable', (run) => run.generatorMs), row(`open → ${IMAGES} tiles shown`, (run) => run.galleryMs));
    const oursBytes = median(of('imagesmith').map((run) => bytes(run, GALLERY_MESSAGES)));
    const baseBytes = median(of('minimal').map((run) => bytes(run, GALLERY_MESSAGES)));
    draft.rows.push({
      figure: 'bytes sent to the webview for the gallery',
      ours: { value: oursBytes / 1024, unit: 'KB' },
      baseline: { value: baseBytes / 1024, unit: 'KB', label: 'names only' },
      ratio: oursBytes / baseBytes,
      spread: `all messages ${(median(of('imagesmith').map((run) => bytes(run))) / 1024).toFixed(1)} KB`,
    });
    const last = of('imagesmith').at(-1);
    if (last) {
      const tallies = Object.entries(last.messages)
        .sort(([, a], [, b]) => b.bytes - a.bytes)
        .map(([type, tally]) => `${type} ${tally.count}× ${(tally.bytes / 1024).toFixed(1)} KB`);
      draft.notes.push(`Messages host → webview in the last run, as JSON: ${tallies.join(', ')}.`);
    }
    const ms = (label: string, pick: (run: PanelRun) => number | undefined) => median(of(label).map((run) => pick(run) ?? Number.NaN)).toFixed(0);
    draft.notes.push(
      `Where the time goes (medians, ms from the command): webview frame made ${ms('imagesmith', (run) => run.frameMs)}, page written ${ms('imagesmith', (run) => run.documentMs)}, readyResult ${ms('imagesmith', (run) => run.firstMessageMs.readyResult)}, didResetGallery ${ms('imagesmith', (run) => run.firstMessageMs.didResetGallery)}; minimal view: frame ${ms('minimal', (run) => run.frameMs)}, page ${ms('minimal', (run) => run.documentMs)}, didResetGallery ${ms('minimal', (run) => run.firstMessageMs.didResetGallery)}.`,
    );
    const dom = (label: string, pick: (run: PanelRun) => number | undefined) => median(of(label).map((run) => pick(run) ?? Number.NaN)).toFixed(0);
    draft.notes.push(
      `Times run from the palette's Enter to the first animation frame, in the webview, at which the condition holds and the frame is visible: "usable" is a provider <select> with options and an enabled prompt <textarea> in section.generator; "tiles shown" is ${IMAGES} ul.gallery > li.tile. In the DOM (before the frame shows): generator ${dom('imagesmith', (run) => run.generatorDomMs)} ms, tiles ${dom('imagesmith', (run) => run.galleryDomMs)} ms (minimal: ${dom('minimal', (run) => run.generatorDomMs)} / ${dom('minimal', (run) => run.galleryDomMs)} ms).`,
      `Each run includes activating the extension (the command is its first use in a fresh window), as the minimal view's does; medians of ${ctx.options.panelRuns} runs each, alternating. Gallery bytes: ${GALLERY_MESSAGES.join(', ')}, summed over ${METADATA_WAIT_MS / 1000} s after the tiles show.`,
    );
    draft.data = { imagesmith: of('imagesmith'), minimal: of('minimal') };
  });
}
