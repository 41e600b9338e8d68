/**
 * What the generate tool says about an `export`: each derived file with its path and its
 * facts as written (format, pixel size, alpha, bytes), the resize when the provider could
 * not make the recipe's size, and the recipe's snippet for the model to use as it is.
 */
import type { Snippet } from '../core/export/exportImage';
import { formatRecipeText, parseRecipe } from '../core/export/recipe';

export interface ExportedFile {
  /** Relative to the workspace folder, `/`-separated. */
  readonly path: string;
  readonly format: string;
  readonly width: number;
  readonly height: number;
  readonly alpha: boolean;
  readonly bytes: number;
}

export interface ExportReport {
  readonly files: readonly ExportedFile[];
  readonly summary: string;
  readonly snippet?: Snippet;
  /** Said when the provider could not make the recipe's size. */
  readonly resized?: string;
}

export function formatExportReport(report: ExportReport): string[] {
  const lines = ['', `Exported from the first image: ${report.summary}.`];
  if (report.resized) lines.push(report.resized);
  for (const file of report.files) {
    lines.push(`- ${file.path}: format ${file.format.toUpperCase()}, ${file.width}x${file.height} pixels, alpha channel: ${file.alpha ? 'yes' : 'no'}, ${file.bytes} bytes`);
  }
  if (report.snippet) lines.push(`Snippet (${report.snippet.language}):`, ...report.snippet.text.split('\n').map((line) => `  ${line}`));
  return lines;
}

/** The recipe in a confirmation's words: its short text form, or what was given when it does not read. */
export function describeExportInput(value: { readonly recipe: unknown; readonly path?: string }): string {
  let recipe: string;
  try {
    recipe = formatRecipeText(parseRecipe(value.recipe));
  } catch {
    recipe = JSON.stringify(value.recipe).slice(0, 200);
  }
  return `${recipe}${value.path ? ` → ${value.path}` : ''}`;
}
