/**
 * What follows a saved generation, for the palette, the command's arguments and the
 * panel alike: a transparent background that was asked for is checked in the saved
 * file's pixels, and an `export` recipe makes its files from the first image.
 */
import * as vscode from 'vscode';
import type { PixelEngine } from '../core/export/engine';
import type { Recipe } from '../core/export/recipe';
import { parseInfotext } from '../core/infotext';
import type { ExportOutcome, ExportService } from './exportService';
import type { GeneratedImage } from './generationService';

export interface ExportPlan {
  readonly recipe: Recipe;
  readonly path?: string;
}

/** The generation asked its provider for a transparent background (OpenAI's `background: transparent`, or a background removal). */
export function askedForTransparency(image: GeneratedImage): boolean {
  const fields = parseInfotext(image.infotext).fields;
  return fields.get('Background')?.toLowerCase() === 'transparent' || fields.get('Operation') === 'removeBackground';
}

/** Warnings for saved images that were to be transparent and are not, read from their pixels. */
export async function checkTransparency(engine: PixelEngine, images: readonly GeneratedImage[]): Promise<string[]> {
  const warnings: string[] = [];
  for (const image of images.filter(askedForTransparency)) {
    const facts = await engine.inspect(await vscode.workspace.fs.readFile(image.uri));
    if (!facts.alpha) {
      warnings.push(`${image.name} was asked for a transparent background, but none of its pixels is transparent${facts.hasAlphaChannel ? ' (its alpha channel is all opaque)' : ' (it has no alpha channel)'}.`);
    }
  }
  return warnings;
}

/** Runs the export of a generation; says when the provider's size was resized to the recipe's. */
export async function exportGenerated(exporter: ExportService, images: readonly GeneratedImage[], plan: ExportPlan): Promise<ExportOutcome | undefined> {
  const first = images[0];
  if (!first) return undefined;
  return exporter.export(first.uri, plan.recipe, plan.path);
}
