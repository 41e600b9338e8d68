/**
 * What the generate tool says: to the person, what will be sent where before it is (the
 * confirmation); to the language model, what was written, short and exact, every fact
 * read from the written files, so that it can write the HTML or Markdown that points at
 * them without guessing.
 */
import * as l10n from '@vscode/l10n';
import type { ExactTarget } from '../core/exactPath';
import type { ImageInfo } from '../core/imageInfo';
import { parseInfotext } from '../core/infotext';
import { basename } from '../core/fileNames';
import { markdownImageLink, shortPrompt } from '../core/markdown';
import type { SizeMapping } from '../core/sizes';
import { describeExportInput, formatExportReport, type ExportReport } from './exportReport';
import type { GenerateToolInput } from './inputs';

const FORMAT_NAMES = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP' } as const;

export interface WrittenImage {
  /** Relative to the workspace folder, `/`-separated. */
  readonly path: string;
  /** What the file is, read from it; undefined when it could not be read. */
  readonly info: ImageInfo | undefined;
  readonly bytes: number;
  readonly seed?: number;
  readonly prompt: string;
  readonly infotext: string;
}

export interface GenerationReport {
  readonly provider: { readonly id: string; readonly label: string };
  readonly images: readonly WrittenImage[];
  /** The exact path asked for, when one was. */
  readonly target?: ExactTarget;
  /** How a wanted width and height became what the provider was asked for. */
  readonly size?: { readonly mapping: SizeMapping; readonly allowed: string };
  /** The derived files of an `export`. */
  readonly exported?: ExportReport;
}

export function formatGenerationReport(report: GenerationReport): string {
  const { images, provider } = report;
  const model = images.map((image) => parseInfotext(image.infotext).fields.get('Model')).find((value) => value !== undefined);
  const lines = [`Generated ${images.length === 1 ? '1 image' : `${images.length} images`} with ${provider.label} (provider "${provider.id}"${model ? `, model ${model}` : ''}).`];
  if (report.size) {
    const { mapping, allowed } = report.size;
    const asked = `${mapping.asked.width}x${mapping.asked.height}`;
    lines.push(
      mapping.exact
        ? `Size: ${asked} was asked and requested as it is.`
        : `Size: ${asked} was asked; ${provider.label} accepts ${allowed}, so ${mapping.made} was requested (the nearest of the same orientation).`,
    );
  }
  images.forEach((image, index) => {
    lines.push('', `${index + 1}. ${image.path}`);
    const facts = image.info
      ? [`format ${FORMAT_NAMES[image.info.format]}`, `${image.info.width}x${image.info.height} pixels`, `alpha channel: ${image.info.alpha ? 'yes' : 'no'}`]
      : ['format unknown (the file could not be read back)'];
    facts.push(`${image.bytes} bytes`, image.seed === undefined ? 'seed not reported' : `seed ${image.seed}`);
    lines.push(`   ${facts.join(', ')}`);
    for (const note of targetNotes(report.target, image)) lines.push(`   note: ${note}`);
    lines.push(`   markdown: ${markdownImageLink(image.prompt, image.path)}`);
    lines.push('   infotext:', ...image.infotext.split('\n').map((line) => `     ${line}`));
  });
  if (report.exported) lines.push(...formatExportReport(report.exported));
  return lines.join('\n');
}

/** Why the file is not exactly where it was asked to be: a name taken, or an extension that follows the bytes. */
function targetNotes(target: ExactTarget | undefined, image: WrittenImage): string[] {
  if (!target) return [];
  const folder = target.folders.length ? `${target.folders.join('/')}/` : '';
  const written = basename(image.path);
  const dot = written.lastIndexOf('.');
  const stem = dot > 0 ? written.slice(0, dot) : written;
  const ext = dot > 0 ? written.slice(dot + 1) : '';
  const notes: string[] = [];
  if (target.ext !== undefined && target.ext !== ext) {
    notes.push(`${target.path} was asked, but the provider sent ${image.info ? FORMAT_NAMES[image.info.format] : 'another format'}, so the extension is .${ext}`);
  }
  if (stem !== target.stem) {
    notes.push(`${folder}${target.stem}.${ext} already existed and is never overwritten, so this image was written as ${image.path}`);
  }
  return notes;
}

export interface RequestDescription {
  /** The confirmation's title. */
  readonly title: string;
  /** The confirmation's lines: prompt, provider and whether it is paid, target path, and the rest asked. */
  readonly lines: readonly string[];
  /** What the chat shows while the tool runs. */
  readonly progress: string;
}

/** What the person confirms before anything is sent. */
export function describeRequest(input: GenerateToolInput, provider: { readonly label: string; readonly paid: boolean }, outputFolder: string): RequestDescription {
  const path = input.path?.trim();
  return {
    title: l10n.t('Generate an image with {0}?', provider.label),
    lines: [
      l10n.t('Prompt: {0}', shortPrompt(input.prompt, 300)),
      ...(input.image ? [l10n.t('Starts from: {0} (kept as it is)', input.image)] : []),
      ...(input.negativePrompt?.trim() ? [l10n.t('Negative prompt: {0}', shortPrompt(input.negativePrompt, 200))] : []),
      provider.paid ? l10n.t('Provider: {0} (paid: each image costs money or credits on your account)', provider.label) : l10n.t('Provider: {0} (free)', provider.label),
      path ? l10n.t('Saves to: {0} (never overwritten: a new name such as -2 if it exists)', path) : l10n.t('Saves to: {0}/ with a new timestamped name', outputFolder),
      ...(input.width !== undefined && input.height !== undefined
        ? [l10n.t('Size wanted: {0}x{1} (the nearest size {2} accepts)', input.width, input.height, provider.label)]
        : []),
      ...(input.count !== undefined && input.count > 1 ? [l10n.t('Images: {0}', input.count)] : []),
      ...(input.export ? [l10n.t('Then exports: {0}', describeExportInput(input.export))] : []),
      ...(input.params && Object.keys(input.params).length > 0 ? [l10n.t('Parameters: {0}', JSON.stringify(input.params).slice(0, 300))] : []),
    ],
    progress: path
      ? l10n.t('Generating "{0}" with {1} into {2}', shortPrompt(input.prompt, 60), provider.label, path)
      : l10n.t('Generating "{0}" with {1}', shortPrompt(input.prompt, 60), provider.label),
  };
}
