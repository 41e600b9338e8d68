// What the panel's UI tests share: opening the generator, reading the output folder,
// and talking to the provider fixtures' control endpoints.

import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { parseInfotext } from '../../../src/core/infotext';
import { readPngTextSync } from '../../../src/core/pngText';
import type { Workbench } from './workbench';

/** A request as a fixture server recorded it. */
export interface FixtureRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly json: unknown;
}

/** The images in the workspace's assets/ folder, temporary files left out. */
export function assetNames(wb: Workbench): string[] {
  const folder = path.join(wb.workspace, 'assets');
  return existsSync(folder) ? readdirSync(folder).filter((name) => !name.startsWith('.')) : [];
}

/** The infotext fields a saved PNG carries. */
export function infotextFields(file: string): ReadonlyMap<string, string> {
  return parseInfotext(readPngTextSync(readFileSync(file)).get('parameters') ?? '').fields;
}

export async function fixtureRequests(url: string): Promise<FixtureRequest[]> {
  const response = await fetch(new URL('__control/requests', url));
  return (await response.json()) as FixtureRequest[];
}

/** Makes a fixture misbehave; null clears its fault. */
export async function setFault(url: string, fault: Record<string, unknown> | null): Promise<void> {
  const response = await fetch(new URL('__control/fault', url), { method: 'POST', body: JSON.stringify(fault ?? { fault: null }) });
  assert.equal(response.status, 200, await response.text());
}

/**
 * The generator's frame, opening the view from its activity bar icon when it is not shown;
 * `{ shownByCommand: true }` when the step before ran a command that shows the view itself,
 * whose page must not be made anew by a click.
 */
export async function panel(wb: Workbench, options: { shownByCommand?: boolean } = {}): Promise<Frame> {
  const shown = wb.page.locator('.part.sidebar .composite.title', { hasText: /Imagesmith/i });
  const icon = wb.page.locator('.part.activitybar .action-item a[aria-label^="Imagesmith"]');
  // A command that just opened the view may not have drawn it yet, and clicking the icon of a
  // shown container hides it: a click that lands just after the command's own hides the view,
  // so the icon is clicked until the view is shown.
  await shown.waitFor({ state: 'visible', timeout: options.shownByCommand ? 30_000 : 3_000 }).catch(() => undefined);
  for (let clicks = 0; !(await shown.isVisible()); clicks++) {
    if (clicks === 4) throw new Error('the Imagesmith view did not show after 4 clicks on its activity bar icon');
    await icon.click();
    await shown.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
  }
  let frame: Frame;
  try {
    frame = await wb.webviewFrame('section.generator', 30_000);
  } catch (error) {
    // What the webviews hold when the generator's page is missing, to tell a load failure from a slow start.
    for (const f of wb.page.frames()) {
      const body = await f.evaluate(() => `${document.readyState} ${document.body?.outerHTML.slice(0, 400) ?? ''}`).catch((e: Error) => e.message);
      console.log(`      frame ${f.url().slice(0, 90)}: ${body.replace(/\s+/g, ' ')}`);
    }
    throw error;
  }
  await frame.locator('section.generator select').first().waitFor();
  return frame;
}

/** A control of the panel by its exact label. */
export const label = (frame: Frame, text: string) => frame.getByLabel(text, { exact: true });

/** Writes the prompt and generates with the keyboard, as a person at the panel would. */
export async function submitPrompt(frame: Frame, text: string): Promise<void> {
  await label(frame, 'Prompt').fill(text);
  await label(frame, 'Prompt').press('Control+Enter');
}

/** The gallery tile of an image in the first workspace folder. */
export const galleryTile = (frame: Frame, name: string): Locator => frame.locator(`ul.gallery > li.tile[data-key="0/${name}"]`);

/** A tile's hover-bar action, reached as from the keyboard: the bar shows while the tile has the focus. */
export async function tileAction(tile: Locator, name: string): Promise<void> {
  await tile.locator('button.thumb').focus();
  await tile.getByRole('button', { name, exact: true }).click();
}

/**
 * Keeps every line the panel's live region adds from now on, as a screen reader is given
 * them: a poll of the region could miss a line that older ones have pushed out since.
 * Call it before the action.
 */
export async function listenToLiveRegion(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const page = window as unknown as { __said?: string[] };
    if (page.__said) return;
    page.__said = [];
    const region = document.querySelector('[data-announcer]');
    if (!region) throw new Error('the panel has no live region');
    // What a screen reader is given: each line the region adds.
    new MutationObserver((records) => {
      for (const added of records.flatMap((record) => Array.from(record.addedNodes))) {
        const text = added.textContent ?? '';
        if (text) page.__said?.push(text);
      }
    }).observe(region, { childList: true, subtree: true });
  });
}

/** Waits until the live region has said something matching `pattern` since the last thing heard (see listenToLiveRegion). */
export async function heard(frame: Frame, pattern: RegExp, timeout = 30_000): Promise<void> {
  await frame.waitForFunction(
    (source) => {
      const said = (window as unknown as { __said?: string[] }).__said ?? [];
      const index = said.findIndex((text) => new RegExp(source).test(text));
      if (index < 0) return false;
      said.splice(0, index + 1);
      return true;
    },
    pattern.source,
    { timeout, polling: 50 },
  );
}
