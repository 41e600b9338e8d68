/**
 * Gallery at real sizes: 1,000 images of 1024×1024 (PNG, about 1.5 MB each, with
 * infotext) in the output folder, opened in Chromium against code-server, with the
 * gallery's thumbnails (this build) and without them (the gallery as it was before its
 * thumbnails, whose tiles load the files themselves); and today's figure, that gallery on
 * 1,000 small 64×64 images.
 *
 * - first screen: from "Imagesmith: Open Image Generator" to every tile of the gallery's
 *   first screen (the tiles in view once the gallery is scrolled to the top of the view,
 *   as soon as it exists) showing a decoded picture. Each run is a fresh window on a
 *   fresh folder (its assets/ hard links to the shared images), so the thumbnail cache, keyed
 *   by the image's address, is cold; "reopened" hides the side bar and runs the command
 *   again in the same window (the cache warm, the webview made anew);
 * - image bytes: the sizes of the files behind the pictures of that first screen;
 * - memory: the Chromium renderer processes' resident memory after scrolling the gallery
 *   to its end one screen at a time, waiting at each for its pictures (in the last run).
 *
 * Before the runs, one untimed window (code-server's first pays costs the others do not)
 * and one read of every image; each window's extension host is stopped before the next
 * window opens (VS Code's server keeps it for hours otherwise, still making thumbnails).
 */
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { concatBytes } from '../../src/core/bytes';
import { PARAMETERS_KEYWORD } from '../../src/core/pngText';
import { insertTextChunk } from '../../src/core/pngTextInserter';
import { makePng } from '../../test/fixtures/images';
import { runSection, sleep, type BenchContext } from '../lib/context';
import { stageRevision, type BuiltExtension } from '../lib/extensions';
import { outputImage, outputInfotext, photoLikePng } from '../lib/images';
import type { Row, SectionResult } from '../lib/report';
import { median, spread } from '../lib/stats';

const IMAGES = 1_000;
const OPEN_TITLE = 'Imagesmith: Open Image Generator';
const SCREEN_TIMEOUT_MS = 120_000;
const SCROLL_STEP_TIMEOUT_MS = 5_000;
/** Scrolling stops here if the end is not reached; the figure says how many pictures were decoded by then. */
const SCROLL_BUDGET_MS = 90_000;
const FIRST_SCREEN_GOAL = 1.5;
const BYTES_GOAL = 2 * 1024 * 1024;

/** The shared folders of images, written once: each file its own infotext (so its own bytes). */
async function writeImages(dir: string, kind: 'realistic' | 'small'): Promise<number> {
  const done = path.join(dir, '.complete');
  if (existsSync(done)) return Number(readFileSync(done, 'utf8'));
  mkdirSync(dir, { recursive: true });
  const base = kind === 'realistic' ? new Uint8Array(await photoLikePng(7, 99)) : undefined;
  let total = 0;
  for (let i = 0; i < IMAGES; i++) {
    const { name, prompt } = outputImage(i);
    const bytes = base
      ? concatBytes(insertTextChunk(base, PARAMETERS_KEYWORD, outputInfotext(i, prompt, '1024x1024')))
      : makePng(64, 64, { seed: i, text: { parameters: outputInfotext(i, prompt, '64x64') } });
    writeFileSync(path.join(dir, name), bytes);
    total += bytes.byteLength;
  }
  writeFileSync(done, String(total));
  return total;
}

interface ScreenState {
  readonly tiles: number;
  readonly screen: number;
  /** Every picture of the screen settled: decoded, or failed to load (broken). */
  readonly ready: boolean;
  readonly broken: number;
  readonly sources: string[];
}

/**
 * Run in the webview at each animation frame, by Playwright's `waitForFunction`: the first
 * screen of tiles once every picture of it has settled, with the page's time it was first
 * seen so. The page is looked at again only after it changed (a mutation, a picture loaded
 * or failed, a scroll), and only the tiles down to the first below the view are measured.
 * Polling from the bench instead measured all 1,000 tiles in a CDP round trip every 25 ms,
 * work on the renderer's main thread that the page under measurement also needs, and more
 * of it the longer the view takes.
 */
function screenWhenReady(expected: number): (ScreenState & { readonly at: number }) | false {
  const w = window as unknown as { __benchWatch?: { dirty: boolean; scrolled: boolean; last?: ScreenState } };
  if (!w.__benchWatch) {
    const created = { dirty: true, scrolled: false };
    w.__benchWatch = created;
    // Anonymous functions only: the bench's TypeScript loader wraps a named one in a helper
    // that exists in the bench, not in the page.
    new MutationObserver(() => (created.dirty = true)).observe(document.documentElement, { subtree: true, childList: true, attributes: true });
    for (const type of ['load', 'error', 'scroll']) document.addEventListener(type, () => (created.dirty = true), true);
    window.addEventListener('resize', () => (created.dirty = true));
  }
  const watch = w.__benchWatch;
  if (!watch.dirty) return false;
  watch.dirty = false;
  const list = document.querySelector('ul.gallery');
  if (!list) return false;
  const tiles = list.querySelectorAll<HTMLElement>(':scope > li.tile');
  if (tiles.length < expected || !tiles[0]) return false;
  if (!watch.scrolled) {
    // A person scrolls down to the gallery, below the generator form.
    list.scrollIntoView({ block: 'start' });
    watch.scrolled = true;
  }
  // The first screen: the tiles in view once the gallery is at the top of the view. The
  // grid lays them out in their order, so the first tile below the view ends it.
  const screen: HTMLElement[] = [];
  for (let at = 0; at < tiles.length; at++) {
    const tile = tiles.item(at);
    const box = tile.getBoundingClientRect();
    if (box.top >= window.innerHeight) break;
    if (box.bottom > 0) screen.push(tile);
  }
  const images = screen.map((tile) => tile.querySelector('img'));
  const state: ScreenState = {
    tiles: tiles.length,
    screen: screen.length,
    ready: images.every((img) => img !== null && img.complete && (img.naturalWidth > 0 || img.currentSrc !== '')),
    broken: images.filter((img) => img !== null && img.complete && img.naturalWidth === 0).length,
    sources: images.map((img) => (img && img.naturalWidth > 0 ? img.currentSrc : '')),
  };
  watch.last = state;
  return state.ready ? { ...state, at: Date.now() } : false;
}

/** Run in the webview: what the watcher last saw, for the message when the screen never settles. */
function lastScreen(): ScreenState | null {
  return (window as unknown as { __benchWatch?: { last?: ScreenState } }).__benchWatch?.last ?? null;
}

/** Run in the webview: scrolls one screen further; whether the pictures in view have settled, and whether the end is reached. */
function scrollStep(move: boolean): { ready: boolean; end: boolean; loaded: number } {
  // The element that scrolls: the gallery's nearest scrolling ancestor, else the document.
  let root: Element | null = document.querySelector('ul.gallery');
  while (root && !(root.scrollHeight > root.clientHeight + 1 && /auto|scroll/.test(getComputedStyle(root).overflowY))) root = root.parentElement;
  const scroller = root ?? document.scrollingElement ?? document.documentElement;
  const before = scroller.scrollTop;
  if (move) scroller.scrollBy(0, scroller.clientHeight || window.innerHeight);
  const stuck = move && scroller.scrollTop === before;
  const inView = Array.from(document.querySelectorAll<HTMLImageElement>('ul.gallery li.tile')).filter((tile) => {
    const box = tile.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  });
  const ready = inView.every((tile) => {
    const img = tile.querySelector('img');
    return img !== null && img.complete;
  });
  const loaded = Array.from(document.querySelectorAll<HTMLImageElement>('ul.gallery img')).filter((img) => img.complete && img.naturalWidth > 0).length;
  return { ready, end: stuck || scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2, loaded };
}

async function galleryFrame(frames: readonly Frame[]): Promise<Frame | undefined> {
  for (const frame of frames) {
    if (await frame.evaluate(() => document.querySelector('ul.gallery') !== null).catch(() => false)) return frame;
  }
  return undefined;
}

interface Measured {
  readonly firstScreenMs: number;
  readonly imageBytes: number;
  readonly screenTiles: number;
  /** Pictures of the first screen that failed to load (shown broken). */
  readonly broken: number;
  readonly reopenedMs: number;
  readonly reopenedBytes: number;
  /** A new window on the same folder after that one, its thumbnails made by the first (the builds with a cache). */
  readonly seenBeforeMs?: number;
  readonly rendererMB?: number;
  readonly loadedAtEnd?: number;
}

/** The last commit of main before the gallery had thumbnails: the baseline, fixed now that main has them. */
const WITHOUT_THUMBNAILS = '11c2454f64413849d326f77e1a3bc3d9f841e0cc';

export function gallery(ctx: BenchContext): Promise<SectionResult> {
  return runSection('gallery', `Gallery at real sizes (${IMAGES.toLocaleString('en')} images, thumbnails vs the files)`, ctx, async (draft) => {
    const { imagesmith } = await ctx.extensions();
    const today = stageRevision(path.join(ctx.tmp, 'extensions'), WITHOUT_THUMBNAILS);
    const vscode = await ctx.vscode();
    // Kept between runs in bench-results/ (git-ignored): writing 1.5 GB takes minutes.
    const shared = path.join(ctx.resultsDir, 'gallery-images');
    const realisticBytes = await writeImages(path.join(shared, 'realistic'), 'realistic');
    await writeImages(path.join(shared, 'small'), 'small');

    const targets: ReadonlyArray<{ label: string; extension: BuiltExtension; images: 'realistic' | 'small' }> = [
      { label: 'thumbnails', extension: imagesmith, images: 'realistic' },
      { label: 'files', extension: today, images: 'realistic' },
      { label: 'today-small', extension: today, images: 'small' },
    ];
    const results = new Map<string, Measured[]>(targets.map((target) => [target.label, []]));
    // A webview resource address carries the file's path as its own path.
    const fileOf = (source: string): string | undefined => {
      try {
        return decodeURIComponent(new URL(source).pathname);
      } catch {
        return undefined;
      }
    };
    const bytesOf = (sources: readonly string[]) => sources.reduce((sum, source) => sum + (statSync(fileOf(source) ?? '', { throwIfNoEntry: false })?.size ?? 0), 0);

    const waitForScreen = async (openedAt: number): Promise<{ ms: number; state: ScreenState }> => {
      const deadline = Date.now() + SCREEN_TIMEOUT_MS;
      for (;;) {
        const frame = await galleryFrame(vscode.page.frames());
        if (frame) {
          // Fails early only when the frame goes (the webview made anew): then it is found again.
          const ready = await frame
            .waitForFunction(screenWhenReady, IMAGES, { polling: 'raf', timeout: Math.max(1, deadline - Date.now()) })
            .then((handle) => handle.jsonValue())
            .catch(() => undefined);
          // The page's clock and the workbench's, which timed the Enter, are the browser's one clock.
          if (ready) return { ms: ready.at - openedAt, state: ready };
        }
        if (Date.now() > deadline) {
          const shot = path.join(ctx.resultsDir, 'gallery-timeout.png');
          await vscode.screenshot(shot);
          const state = frame ? await frame.evaluate(lastScreen).catch(() => null) : null;
          const shown = state ? state.sources.filter(Boolean).length : 0;
          throw new Error(`the first screen of tiles did not show within ${SCREEN_TIMEOUT_MS / 1000} s (${state ? `${state.tiles} tiles, ${shown} of ${state.screen} with a picture; ${state.sources.slice(0, 2).join(' ')}` : 'no gallery'}; see ${shot})`);
        }
        await sleep(25);
      }
    };

    /** A fresh folder whose assets/ links to the shared images (a folder link would be refused by the webview's resource loader). */
    const folderOf = (name: string, images: 'realistic' | 'small'): string => {
      const folder = vscode.workspace(name);
      const assets = path.join(folder, 'assets');
      mkdirSync(assets, { recursive: true });
      for (const file of readdirSync(path.join(shared, images))) {
        if (file.endsWith('.png')) linkSync(path.join(shared, images, file), path.join(assets, file));
      }
      return folder;
    };

    // Untimed, first: the images read once (into the system's file cache, where the later
    // windows find them), and one window, which pays code-server's own first-window costs.
    for (const images of ['realistic', 'small'] as const) {
      for (const file of readdirSync(path.join(shared, images))) if (file.endsWith('.png')) readFileSync(path.join(shared, images, file));
    }
    await vscode.freshBrowserContext();
    await vscode.open({ folder: folderOf('gallery-warm-up', 'small'), extensionDevelopmentPath: today.path });
    await vscode.waitForCommand(OPEN_TITLE);
    await waitForScreen(await vscode.runCommandTimed(OPEN_TITLE));

    for (let run = 0; run < ctx.options.galleryRuns; run++) {
      const order = run % 2 === 0 ? targets : [...targets].reverse();
      for (const target of order) {
        const folder = folderOf(`gallery-${target.label}-${run}`, target.images);
        await vscode.freshBrowserContext();
        await vscode.open({ folder, extensionDevelopmentPath: target.extension.path });
        await vscode.waitForCommand(OPEN_TITLE);
        await sleep(ctx.options.settleMs);
        const cold = await waitForScreen(await vscode.runCommandTimed(OPEN_TITLE));
        // Reopened: the side bar hidden (the webview goes), then the command again.
        await vscode.page.keyboard.press('Control+B');
        await vscode.page.locator('.part.sidebar').waitFor({ state: 'hidden' });
        const warm = await waitForScreen(await vscode.runCommandTimed(OPEN_TITLE));
        let memory: Pick<Measured, 'rendererMB' | 'loadedAtEnd'> = {};
        if (run === ctx.options.galleryRuns - 1) memory = await scrollToEnd();
        // The next day's window: a new extension host and webview, the thumbnails in global storage.
        let seenBefore: Pick<Measured, 'seenBeforeMs'> = {};
        if (target.extension === imagesmith) {
          await vscode.freshBrowserContext();
          await vscode.open({ folder, extensionDevelopmentPath: target.extension.path });
          await vscode.waitForCommand(OPEN_TITLE);
          await sleep(ctx.options.settleMs);
          seenBefore = { seenBeforeMs: (await waitForScreen(await vscode.runCommandTimed(OPEN_TITLE))).ms };
        }
        results.get(target.label)?.push({
          firstScreenMs: cold.ms,
          imageBytes: bytesOf(cold.state.sources),
          screenTiles: cold.state.screen,
          broken: cold.state.broken,
          reopenedMs: warm.ms,
          reopenedBytes: bytesOf(warm.state.sources),
          ...memory,
          ...seenBefore,
        });
        ctx.log(`gallery: ${target.label} run ${run + 1}/${ctx.options.galleryRuns}: first screen ${cold.ms} ms, reopened ${warm.ms} ms${seenBefore.seenBeforeMs === undefined ? '' : `, new window on the folder again ${seenBefore.seenBeforeMs} ms`}`);
      }
    }

    async function scrollToEnd(): Promise<Pick<Measured, 'rendererMB' | 'loadedAtEnd'>> {
      const frame = await galleryFrame(vscode.page.frames());
      if (!frame) return {};
      let loaded = 0;
      const budget = Date.now() + SCROLL_BUDGET_MS;
      for (let step = 0; step < 1_000 && Date.now() < budget; step++) {
        const deadline = Date.now() + SCROLL_STEP_TIMEOUT_MS;
        let state = await frame.evaluate(scrollStep, true);
        while (!state.ready && Date.now() < deadline) {
          await sleep(50);
          state = await frame.evaluate(scrollStep, false);
        }
        loaded = state.loaded;
        if (state.end) break;
      }
      await sleep(1_000);
      return { rendererMB: await rendererResidentMB(), loadedAtEnd: loaded };
    }

    /** The resident memory of the browser's renderer processes (the workbench's and its webviews'), from /proc. */
    async function rendererResidentMB(): Promise<number | undefined> {
      const browser = vscode.page.context().browser();
      if (!browser) return undefined;
      const session = await browser.newBrowserCDPSession();
      try {
        const info = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number }> };
        let kb = 0;
        for (const process of info.processInfo.filter((p) => p.type === 'renderer')) {
          const status = readFileSync(`/proc/${process.id}/status`, 'utf8');
          kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        }
        return kb / 1024;
      } catch {
        return undefined;
      } finally {
        await session.detach().catch(() => undefined);
      }
    }

    const of = (label: string) => results.get(label) ?? [];
    const ms = (label: string, pick: (m: Measured) => number) => spread(of(label).map(pick));
    const thumbs = ms('thumbnails', (m) => m.firstScreenMs);
    const files = ms('files', (m) => m.firstScreenMs);
    const small = ms('today-small', (m) => m.firstScreenMs);
    const thumbsWarm = ms('thumbnails', (m) => m.reopenedMs);
    const filesWarm = ms('files', (m) => m.reopenedMs);
    const smallWarm = ms('today-small', (m) => m.reopenedMs);
    const seenBefore = spread(of('thumbnails').flatMap((m) => (m.seenBeforeMs === undefined ? [] : [m.seenBeforeMs])));
    const bytes = (label: string, pick: (m: Measured) => number) => median(of(label).map(pick));
    /** A first screen of the real-size gallery against today's small images, with the goal. */
    const againstToday = (figure: string, ours: ReturnType<typeof spread>): Row => ({
      figure,
      ours: { value: ours.median, unit: 'ms' },
      baseline: { value: small.median, unit: 'ms', label: 'today, 64×64 images' },
      ratio: ours.median / small.median,
      goal: `≤ ×${FIRST_SCREEN_GOAL}`,
      met: ours.median / small.median <= FIRST_SCREEN_GOAL,
      spread: `${ours.min.toFixed(0)}–${ours.max.toFixed(0)} ms, n=${ours.n}`,
    });
    draft.rows.push(
      againstToday('first screen of tiles, new window', thumbs),
      {
        figure: 'first screen of tiles, new window',
        ours: { value: thumbs.median, unit: 'ms' },
        baseline: { value: files.median, unit: 'ms', label: 'no thumbnails' },
        ratio: thumbs.median / files.median,
        spread: `no thumbnails ${files.min.toFixed(0)}–${files.max.toFixed(0)} ms`,
      },
      againstToday('first screen of tiles, new window, folder seen before', seenBefore),
      {
        figure: 'first screen of tiles, view reopened',
        ours: { value: thumbsWarm.median, unit: 'ms' },
        baseline: { value: smallWarm.median, unit: 'ms', label: 'today, 64×64 images' },
        ratio: thumbsWarm.median / smallWarm.median,
        goal: `≤ ×${FIRST_SCREEN_GOAL}`,
        met: thumbsWarm.median / smallWarm.median <= FIRST_SCREEN_GOAL,
        spread: `${thumbsWarm.min.toFixed(0)}–${thumbsWarm.max.toFixed(0)} ms; no thumbnails ${filesWarm.median.toFixed(0)} ms`,
      },
      {
        figure: 'image data for the first screen',
        ours: { value: bytes('thumbnails', (m) => m.imageBytes) / 1024 / 1024, unit: 'MB' },
        baseline: { value: bytes('files', (m) => m.imageBytes) / 1024 / 1024, unit: 'MB', label: 'no thumbnails' },
        ratio: bytes('thumbnails', (m) => m.imageBytes) / bytes('files', (m) => m.imageBytes),
        goal: '< 2 MB',
        met: bytes('thumbnails', (m) => m.imageBytes) < BYTES_GOAL,
        spread: `${median(of('thumbnails').map((m) => m.screenTiles))} tiles`,
      },
    );
    const memory = (label: string) => of(label).find((m) => m.rendererMB !== undefined);
    const oursMemory = memory('thumbnails');
    const filesMemory = memory('files');
    if (oursMemory?.rendererMB !== undefined && filesMemory?.rendererMB !== undefined) {
      draft.rows.push({
        figure: 'renderer memory after scrolling to the end',
        ours: { value: oursMemory.rendererMB, unit: 'MB' },
        baseline: { value: filesMemory.rendererMB, unit: 'MB', label: 'no thumbnails' },
        ratio: oursMemory.rendererMB / filesMemory.rendererMB,
        spread: `pictures decoded: ${oursMemory.loadedAtEnd} vs ${filesMemory.loadedAtEnd}; today's small ${memory('today-small')?.rendererMB?.toFixed(0) ?? '?'} MB`,
      });
    }
    draft.notes.push(
      `The images: ${IMAGES} × 1024×1024 PNG, ${(realisticBytes / IMAGES / 1024 / 1024).toFixed(2)} MB each on average, each with its own A1111 infotext; today's figure uses ${IMAGES} 64×64 PNGs. "No thumbnails" and "today" are main as it was before the thumbnails (${WITHOUT_THUMBNAILS.slice(0, 7)}), built and measured in the same run.`,
      `First screen: ${median(of('thumbnails').map((m) => m.screenTiles))} tiles (those in view with the gallery scrolled to the top of the view). Times from the palette's Enter; polled every 25 ms in the webview. A new window on a fresh folder makes its thumbnails then (cold cache); reopened, and in a new window on the same folder after it ("folder seen before": a new extension host and page), they come from the cache in global storage.`,
      `Pictures of the first screen that failed to load (shown broken; the time is when the last one settled): ${targets.map((target) => `${target.label} ${of(target.label).map((m) => m.broken).join('/')}`).join(', ')}.`,
      `Memory: resident memory of all Chromium renderer processes (workbench and webviews) after scrolling the gallery towards its end one screen at a time (each screen given 5 s to settle, 90 s in all), in the last run of each.`,
    );
    draft.data = Object.fromEntries(targets.map((target) => [target.label, of(target.label)]));
  });
}
