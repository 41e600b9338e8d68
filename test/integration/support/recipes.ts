// The export recipes the integration tests run from every entry point, and how their files read back.

import * as assert from 'node:assert/strict';
import sharp from 'sharp';
import * as vscode from 'vscode';
import { readIco } from '../../../src/core/export/ico';
import { pngSize } from '../../../src/core/pngChunks';

/** What sharp, loaded in the test's own process (not the extension's image worker), reads back from a written file. */
export async function readBack(uri: string | vscode.Uri) {
  const bytes = await vscode.workspace.fs.readFile(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
  const image = sharp(bytes);
  const [meta, stats] = await Promise.all([image.metadata(), image.stats()]);
  return { width: meta.width, height: meta.height, format: meta.format, alpha: !stats.isOpaque, bytes };
}

const names = (uris: readonly string[]) => uris.map((uri) => uri.slice(uri.lastIndexOf('/') + 1));

/**
 * Every recipe; for the sets, the item a person picks in Export Image's list (the other
 * recipes take a second question or typed text, which the UI tests drive); and what its
 * files must read back as.
 */
export const RECIPES: ReadonlyArray<{ recipe: unknown; answers?: readonly string[]; check: (uris: string[]) => Promise<void> }> = [
  {
    recipe: { kind: 'size', width: 300, height: 120, fit: 'cover', focus: 'top', format: 'webp' },
    check: async ([uri]) => assert.deepEqual(pick(await readBack(uri!)), { width: 300, height: 120, format: 'webp', alpha: false }),
  },
  {
    recipe: { kind: 'size', width: 200, height: 100, fit: 'contain' },
    check: async ([uri]) => assert.deepEqual(pick(await readBack(uri!)), { width: 200, height: 100, format: 'png', alpha: true }),
  },
  {
    recipe: { kind: 'size', width: 64, height: 256, fit: 'stretch', format: 'jpeg' },
    check: async ([uri]) => assert.deepEqual(pick(await readBack(uri!)), { width: 64, height: 256, format: 'jpeg', alpha: false }),
  },
  {
    recipe: { kind: 'format', format: 'avif', quality: 50 },
    check: async ([uri]) => assert.equal((await readBack(uri!)).format, 'heif'),
  },
  {
    recipe: 'favicon',
    answers: ['favicon'],
    check: async (uris) => {
      assert.deepEqual(names(uris), ['favicon.ico', 'favicon-32x32.png', 'apple-touch-icon.png']);
      const ico = readIco(await vscode.workspace.fs.readFile(vscode.Uri.parse(uris[0]!)));
      assert.deepEqual(ico.map((entry) => [entry.width, pngSize(entry.bytes).width]), [[16, 16], [32, 32], [48, 48]]);
      assert.equal((await readBack(uris[2]!)).width, 180);
    },
  },
  {
    recipe: { kind: 'pwa' },
    answers: ['pwa'],
    check: async (uris) => {
      assert.deepEqual(names(uris), ['icon-192.png', 'icon-512.png', 'icon-maskable-192.png', 'icon-maskable-512.png']);
      assert.deepEqual(await Promise.all(uris.map(async (uri) => (await readBack(uri)).width)), [192, 512, 192, 512]);
    },
  },
  {
    recipe: { kind: 'og', format: 'webp' },
    answers: ['og webp'],
    check: async ([uri]) => assert.deepEqual(pick(await readBack(uri!)), { width: 1200, height: 630, format: 'webp', alpha: false }),
  },
  {
    recipe: 'app-icon',
    answers: ['app-icon'],
    check: async ([uri]) => {
      const back = await readBack(uri!);
      assert.deepEqual(pick(back), { width: 1024, height: 1024, format: 'png', alpha: false });
      assert.equal((await sharp(back.bytes).metadata()).hasAlpha, false, 'no alpha channel at all');
    },
  },
];

export function pick(back: Awaited<ReturnType<typeof readBack>>) {
  return { width: back.width, height: back.height, format: back.format, alpha: back.alpha };
}

