/**
 * The one entry point for exports: an image's bytes and a recipe in, the derived files
 * (with their infotext) and the recipe's snippet out. Where the files go is the caller's
 * business; `plannedPaths` says what they are called.
 */
import * as l10n from '@vscode/l10n';
import { concatBytes } from '../bytes';
import { ImagesmithError } from '../errors';
import { FILE_EXTENSION, sidecarName } from '../fileNames';
import { formatInfotext, parseInfotext } from '../infotext';
import { PARAMETERS_KEYWORD } from '../pngText';
import { insertTextChunk } from '../pngTextInserter';
import type { InfotextField } from '../types';
import type { PixelEngine, Rendered, RenderSpec } from './engine';
import { writeIco } from './ico';
import { EXPORT_FIELD, focusPoint, parseColour, recipeJson, SOURCE_FIELD, type OutputFormat, type Recipe } from './recipe';

export interface ExportSource {
  readonly bytes: Uint8Array;
  /** The source's file name, for the derived files' names and their infotext. */
  readonly name: string;
  /** The source's infotext, carried into every derived file. */
  readonly infotext?: string;
}

export interface DerivedFile {
  /** Relative to where the export goes: a file name, or a name inside a set's folder. */
  readonly name: string;
  /** The file's bytes, infotext included for PNG. */
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly format: OutputFormat | 'ico';
  readonly alpha: boolean;
  /** The `.txt` beside formats that cannot hold the infotext (name and text). */
  readonly sidecar?: { readonly name: string; readonly text: string };
}

export interface Snippet {
  readonly language: 'html' | 'json';
  readonly text: string;
}

export interface ExportResult {
  /** One file (size, format) or a set of them in a folder of their own. */
  readonly shape: 'file' | 'set';
  readonly files: DerivedFile[];
  readonly snippet?: Snippet;
  /** Said to the person: what was made and how (resized from, flattened onto…). */
  readonly summary: string;
}

export interface ExportOptions {
  /**
   * Where the result will be, for the snippet's URLs: the folder the set's files go in as
   * the site serves it (default `/`). Snippets are written for a site's root.
   */
  readonly publicPath?: string;
}

const WHITE: readonly [number, number, number] = [255, 255, 255];
/** A maskable icon keeps its content inside the central 80% circle: 10% padding a side. */
export const MASKABLE_INSET = 0.1;

export function stemOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

export function extensionFor(format: OutputFormat): string {
  return FILE_EXTENSION[format];
}

/**
 * The name an export gets when the caller gives no path: beside the source for one file
 * (`hero-1200x630.webp`, `hero.avif`), a folder named after the source for a set
 * (`hero-favicon/`).
 */
export function defaultTarget(sourceName: string, recipe: Recipe): string {
  const stem = stemOf(sourceName);
  switch (recipe.kind) {
    case 'size':
      return `${stem}-${recipe.width}x${recipe.height}.${FILE_EXTENSION[recipe.format ?? sourceFormat(sourceName)]}`;
    case 'format': {
      const name = `${stem}.${FILE_EXTENSION[recipe.format]}`;
      return name === sourceName ? `${stem}-${recipe.quality ? `q${recipe.quality}` : 'export'}.${FILE_EXTENSION[recipe.format]}` : name;
    }
    default:
      return `${stem}-${recipe.kind}`;
  }
}

function sourceFormat(name: string): OutputFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'jpg' || ext === 'jpeg') return 'jpeg';
  if (ext === 'webp' || ext === 'avif') return ext;
  return 'png';
}

/** The format a single-file recipe writes, given the file it writes to. */
export function formatForTarget(recipe: Recipe, target: string): OutputFormat {
  if (recipe.kind === 'format') return recipe.format;
  if (recipe.kind === 'size') return recipe.format ?? sourceFormat(target);
  return 'png';
}

interface Planned {
  readonly name: string;
  readonly spec: RenderSpec;
}

/**
 * Makes the derived files. `target` is the file name a single-file recipe writes (its
 * extension picks the format when the recipe names none).
 */
export async function exportImage(source: ExportSource, recipe: Recipe, engine: PixelEngine, target = defaultTarget(source.name, recipe), options: ExportOptions = {}): Promise<ExportResult> {
  const facts = await engine.inspect(source.bytes).catch((error: unknown) => {
    throw new ImagesmithError('not-an-image', l10n.t('{0} cannot be read as an image: {1}.', source.name, error instanceof Error ? error.message : String(error)), { cause: error });
  });
  const infotext = derivedInfotext(source, recipe);
  const base = (options.publicPath ?? '/').replace(/\/?$/, '/');
  const from = `${facts.width}×${facts.height}`;

  if (recipe.kind === 'size' || recipe.kind === 'format') {
    const format = formatForTarget(recipe, target);
    const spec: RenderSpec =
      recipe.kind === 'size'
        ? {
            width: recipe.width,
            height: recipe.height,
            fit: recipe.fit,
            focus: focusPoint(recipe.focus),
            ...(recipe.background ? { padding: parseColour(recipe.background) } : {}),
            ...(recipe.background && recipe.background !== 'transparent' && recipe.fit !== 'contain' ? { flatten: rgb(recipe.background) } : {}),
            format,
            ...(recipe.quality ? { quality: recipe.quality } : {}),
          }
        : { format, ...(recipe.quality ? { quality: recipe.quality } : {}) };
    if (format === 'jpeg' && recipe.kind === 'size' && recipe.background === 'transparent') {
      throw new ImagesmithError('invalid-input', l10n.t('JPEG cannot be transparent: pick png, webp or avif for a transparent background, or give a colour.'), { parameter: 'export' });
    }
    const [rendered] = await engine.render(source.bytes, [spec]);
    if (!rendered) throw new ImagesmithError('file-system', l10n.t('The image library made no image.'));
    const file = finish(target, rendered, infotext);
    const flattened = facts.alpha && !rendered.alpha ? ' (transparency flattened: the format has none)' : '';
    const how = recipe.kind === 'size' ? ` (${recipe.fit}${recipe.fit === 'cover' && recipe.focus ? `, focus ${describeFocus(recipe.focus)}` : ''})` : '';
    const alt = escapeHtml(parseInfotext(source.infotext ?? '').prompt.split('\n')[0] ?? '');
    const img = `<img src="${base}${file.name}" width="${file.width}" height="${file.height}" alt="${alt}">`;
    return { shape: 'file', files: [file], snippet: { language: 'html', text: img }, summary: `${from} ${sourceFormat(source.name).toUpperCase()} → ${rendered.width}×${rendered.height} ${format.toUpperCase()}${how}${flattened}` };
  }

  const planned = planSet(recipe);
  const rendered = await engine.render(source.bytes, planned.map((item) => item.spec));
  const files = planned.map((item, index) => finish(item.name, rendered[index] as Rendered, infotext));
  if (recipe.kind === 'favicon') {
    const icoSizes = [16, 32, 48];
    const ico = writeIco(rendered.filter((_, index) => planned[index]?.name.startsWith('ico-')).map((item) => item.bytes));
    const kept = files.filter((file) => !file.name.startsWith('ico-'));
    const icoFile: DerivedFile = { name: 'favicon.ico', bytes: ico, width: 48, height: 48, format: 'ico', alpha: facts.alpha, sidecar: { name: 'favicon.txt', text: infotext } };
    return {
      shape: 'set',
      files: [icoFile, ...kept],
      snippet: { language: 'html', text: faviconTags(base) },
      summary: `${from} → favicon.ico (${icoSizes.map((s) => `${s}×${s}`).join(', ')}), favicon-32x32.png, apple-touch-icon.png (180×180)`,
    };
  }
  if (recipe.kind === 'pwa') {
    return { shape: 'set', files, snippet: { language: 'json', text: manifestIcons(base) }, summary: `${from} → icons 192×192 and 512×512, maskable variants with a 10% safe-zone padding` };
  }
  if (recipe.kind === 'og') {
    const [file] = files;
    return {
      shape: 'set',
      files,
      snippet: { language: 'html', text: ogTags(base, file as DerivedFile) },
      summary: `${from} → ${file?.name} 1200×630 ${recipe.format.toUpperCase()} (cover${recipe.focus ? `, focus ${describeFocus(recipe.focus)}` : ''})`,
    };
  }
  return { shape: 'set', files, summary: `${from} → icon-1024.png 1024×1024, no alpha (flattened onto ${recipe.background ?? '#ffffff'})` };
}

function planSet(recipe: Exclude<Recipe, { kind: 'size' | 'format' }>): Planned[] {
  const square = (size: number, extra: Partial<RenderSpec> = {}): RenderSpec => ({ width: size, height: size, fit: 'cover', format: 'png', ...extra });
  switch (recipe.kind) {
    case 'favicon':
      return [
        ...[16, 32, 48].map((size) => ({ name: `ico-${size}.png`, spec: square(size) })),
        { name: 'favicon-32x32.png', spec: square(32) },
        // iOS shows transparency as black: the touch icon gets a white ground.
        { name: 'apple-touch-icon.png', spec: square(180, { flatten: WHITE }) },
      ];
    case 'pwa': {
      const ground = recipe.background ? parseColour(recipe.background) : ([255, 255, 255, 255] as const);
      const maskable = (size: number): RenderSpec => ({ width: size, height: size, fit: 'contain', inset: MASKABLE_INSET, padding: ground, flatten: [ground[0], ground[1], ground[2]], format: 'png' });
      return [
        { name: 'icon-192.png', spec: square(192) },
        { name: 'icon-512.png', spec: square(512) },
        { name: 'icon-maskable-192.png', spec: maskable(192) },
        { name: 'icon-maskable-512.png', spec: maskable(512) },
      ];
    }
    case 'og':
      return [
        {
          name: `og-image.${FILE_EXTENSION[recipe.format]}`,
          spec: { width: 1200, height: 630, fit: 'cover', focus: focusPoint(recipe.focus), format: recipe.format, ...(recipe.quality ? { quality: recipe.quality } : {}) },
        },
      ];
    case 'app-icon':
      // App stores refuse an icon with an alpha channel.
      return [{ name: 'icon-1024.png', spec: square(1024, { flatten: rgb(recipe.background ?? '#ffffff') }) }];
    default: {
      const unreachable: never = recipe;
      return unreachable;
    }
  }
}

function rgb(colour: string): [number, number, number] {
  const [r, g, b] = parseColour(colour);
  return [r, g, b];
}

function describeFocus(focus: NonNullable<Extract<Recipe, { kind: 'size' }>['focus']>): string {
  return typeof focus === 'string' ? focus : `${Math.round(focus.x * 100)}% ${Math.round(focus.y * 100)}%`;
}

/** The source's infotext with the recipe added: "Use these settings" on a derived file regenerates the source and re-exports. */
export function derivedInfotext(source: ExportSource, recipe: Recipe): string {
  const parsed = parseInfotext(source.infotext ?? '');
  const fields: InfotextField[] = [...parsed.fields].filter(([label]) => label !== EXPORT_FIELD && label !== SOURCE_FIELD);
  fields.push([EXPORT_FIELD, recipeJson(recipe)], [SOURCE_FIELD, source.name]);
  return formatInfotext({ prompt: parsed.prompt, negativePrompt: parsed.negativePrompt, fields });
}

function finish(name: string, rendered: Rendered, infotext: string): DerivedFile {
  const common = { name, width: rendered.width, height: rendered.height, format: rendered.format, alpha: rendered.alpha };
  if (rendered.format === 'png') return { ...common, bytes: concatBytes(insertTextChunk(rendered.bytes, PARAMETERS_KEYWORD, infotext)) };
  return { ...common, bytes: rendered.bytes, sidecar: { name: sidecarName(name), text: infotext } };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

function faviconTags(base: string): string {
  return [
    `<link rel="icon" href="${base}favicon.ico" sizes="16x16 32x32 48x48">`,
    `<link rel="icon" type="image/png" sizes="32x32" href="${base}favicon-32x32.png">`,
    `<link rel="apple-touch-icon" sizes="180x180" href="${base}apple-touch-icon.png">`,
  ].join('\n');
}

function manifestIcons(base: string): string {
  const icons = [
    { src: `${base}icon-192.png`, sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: `${base}icon-512.png`, sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: `${base}icon-maskable-192.png`, sizes: '192x192', type: 'image/png', purpose: 'maskable' },
    { src: `${base}icon-maskable-512.png`, sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ];
  return JSON.stringify({ icons }, null, 2);
}

function ogTags(base: string, file: DerivedFile): string {
  const type = file.format === 'webp' ? 'image/webp' : 'image/jpeg';
  return [
    `<meta property="og:image" content="${base}${file.name}">`,
    `<meta property="og:image:type" content="${type}">`,
    `<meta property="og:image:width" content="${file.width}">`,
    `<meta property="og:image:height" content="${file.height}">`,
    `<meta name="twitter:card" content="summary_large_image">`,
    `<meta name="twitter:image" content="${base}${file.name}">`,
  ].join('\n');
}
