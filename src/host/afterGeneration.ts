/**
 * What follows a saved generation, for the palette, the command's arguments and the
 * panel alike: a transparent background that was asked for is checked in the saved
 * file's pixels, and an `export` recipe makes its files from the first image.
 */
import * as vscode from 'vscode';
import type { PixelEngine } from '../core/export/engine';
import { describeExportSize } from '../core/export/exportSize';
import { imageInfo } from '../core/imageInfo';
import type { Recipe } from '../core/export/recipe';
import { parseInfotext } from '../core/infotext';
import { imageSourceOf } from './fsHelpers';
import type { ExportOutcome, ExportService } from './exportService';
import type { ExportSizing } from './exportSizing';
import type { GeneratedImage } from './generationService';

export interface ExportPlan {
  readonly recipe: Recipe;
  readonly path?: string;
  /** The size the provider was asked for in place of the recipe's (exportSizing.ts). */
  readonly sizing?: ExportSizing;
}

export interface GeneratedExport extends ExportOutcome {
  /** Said when the provider could not make the recipe's size and the export resized what it made. */
  readonly resized?: string;
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
    const facts = await engine.inspect(await imageSourceOf(image.uri));
    if (!facts.alpha) {
      warnings.push(
        facts.hasAlphaChannel
          ? vscode.l10n.t('{0} was asked for a transparent background, but none of its pixels is transparent (its alpha channel is all opaque).', image.name)
          : vscode.l10n.t('{0} was asked for a transparent background, but none of its pixels is transparent (it has no alpha channel).', image.name),
      );
    }
  }
  return warnings;
}

/** Runs the export of a generation; says when the provider's size was resized to the recipe's. */
export async function exportGenerated(exporter: ExportService, images: readonly GeneratedImage[], plan: ExportPlan): Promise<GeneratedExport | undefined> {
  const first = images[0];
  if (!first) return undefined;
  const outcome = await exporter.export(first.uri, plan.recipe, plan.path);
  if (!plan.sizing) return outcome;
  // What the provider really made, read from the file: a ratio provider picks its own pixels.
  const info = imageInfo(await vscode.workspace.fs.readFile(first.uri));
  const resized = describeExportSize(plan.sizing.provider, plan.sizing.mapping, info && { width: info.width, height: info.height });
  return resized ? { ...outcome, resized } : outcome;
}

/** The export said in one line: where, what, and the resize when there was one. */
export function describeGeneratedExport(outcome: GeneratedExport): string {
  return `${vscode.workspace.asRelativePath(outcome.target, false)}: ${outcome.result.summary}${outcome.resized ? `. ${outcome.resized}` : ''}`;
}
