// The panel at the width people give a side bar (about 300 px): setting that width as a
// person does, by dragging the side bar's edge, and finding text that does not fit.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import type { Workbench } from './workbench';

/** Drags the side bar's edge until the side bar is `width` CSS pixels wide. */
export async function setSidebarWidth(wb: Workbench, width: number): Promise<void> {
  const sidebar = wb.page.locator('.part.sidebar');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const box = await sidebar.boundingBox();
    assert.ok(box, 'the side bar is not shown');
    if (Math.abs(box.width - width) <= 1) return;
    const y = box.y + box.height / 2;
    await wb.page.mouse.move(box.x + box.width + 1, y);
    await wb.page.mouse.down();
    await wb.page.mouse.move(box.x + width + 1, y, { steps: 8 });
    await wb.page.mouse.up();
  }
  const box = await sidebar.boundingBox();
  assert.ok(box && Math.abs(box.width - width) <= 1, `the side bar is ${box?.width ?? 0} px wide, not ${width}`);
}

/**
 * What on the panel's page does not fit: the page scrolling sideways, or a shown button,
 * label, heading, hint or choice whose text is wider than its box or that reaches past
 * the page's right edge. The tiles' action row scrolls by design, and text the page cuts
 * with an ellipsis on purpose (a job's prompt, with the whole of it on hover) is left out.
 */
export async function clippedText(frame: Frame): Promise<string[]> {
  // No functions declared inside: the page runs this as it is, without the helpers the test's compiler would name them with.
  return frame.evaluate(() => {
    /** What Chromium keeps of a select's width for its arrow. */
    const arrowPx = 18;
    const canvas = document.createElement('canvas').getContext('2d');
    const found: string[] = [];
    const page = document.documentElement;
    if (page.scrollWidth > page.clientWidth) found.push(`the page scrolls sideways (${page.scrollWidth} > ${page.clientWidth} px)`);
    const selector = 'button, label, legend, summary, select, input, textarea, h2, p, .key-status span, .selection-count';
    for (const element of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      if (element.getClientRects().length === 0 || element.closest('.tile-actions, .visually-hidden')) continue;
      const style = getComputedStyle(element);
      if (style.textOverflow === 'ellipsis') continue;
      const box = element.getBoundingClientRect();
      const name = `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(' ')[0]}` : ''} "${(element.textContent || element.getAttribute('aria-label') || element.getAttribute('placeholder') || '').trim().slice(0, 60)}"`;
      // A text field scrolls its own value; the one line it shows of itself (a choice, an empty input's placeholder) must fit its box.
      const isSelect = element instanceof HTMLSelectElement;
      const shown = isSelect ? element.selectedOptions[0]?.text : element instanceof HTMLInputElement && element.value === '' ? element.placeholder : undefined;
      if (shown && canvas) {
        canvas.font = style.font;
        const width = canvas.measureText(shown).width;
        const room = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - (isSelect ? arrowPx : 0);
        if (width > room + 1) found.push(`${name}: "${shown}" is ${Math.round(width)} px in ${Math.round(room)} px`);
      } else if (!element.matches('input, textarea, select') && element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0) {
        found.push(`${name}: its text is ${element.scrollWidth} px in a ${element.clientWidth} px box`);
      }
      if (box.right > page.clientWidth + 0.5) found.push(`${name}: reaches ${Math.round(box.right)} px, past the page's ${page.clientWidth} px`);
    }
    return found;
  });
}

/** A screenshot of the side bar alone, kept with the test's results (not in the repository). */
export async function sidebarScreenshot(wb: Workbench, name: string): Promise<string> {
  // The pointer off the side bar, so that no tooltip covers it.
  await wb.page.mouse.move(900, 500);
  const file = path.join(wb.resultsDir, `${name}.png`);
  await wb.page.locator('.part.sidebar').screenshot({ path: file });
  return file;
}
