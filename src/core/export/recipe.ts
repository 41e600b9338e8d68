/**
 * Export recipes: what derived files to make from an image. The names are a contract
 * (`imagesmith.exportImage`, the `export` of `imagesmith.generateImage`, the panel):
 *
 * - `size`: exactly `width`×`height`, `fit` cover (cropped around `focus`), contain
 *   (padded with `background`, transparent by default) or stretch; optionally in another
 *   `format` with `quality`;
 * - `format`: the same pixels as png, jpeg, webp or avif, with `quality`;
 * - the sets `favicon`, `pwa`, `og` and `app-icon`.
 *
 * A recipe is an object with a `kind`, or (for a set) just its name. The panel and the
 * palette also take a short text form: `1200x630 cover webp q80`, `favicon`, `avif q50`.
 */
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { ImagesmithError } from '../errors';
import '../zodMessages';

export const OUTPUT_FORMATS = ['png', 'jpeg', 'webp', 'avif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const FITS = ['cover', 'contain', 'stretch'] as const;
export type Fit = (typeof FITS)[number];
export const SETS = ['favicon', 'pwa', 'og', 'app-icon'] as const;
export type SetName = (typeof SETS)[number];

/** Named focus points for a cover crop, as fractions of the width and height. */
export const FOCUS_POINTS = {
  center: { x: 0.5, y: 0.5 },
  top: { x: 0.5, y: 0 },
  bottom: { x: 0.5, y: 1 },
  left: { x: 0, y: 0.5 },
  right: { x: 1, y: 0.5 },
  'top-left': { x: 0, y: 0 },
  'top-right': { x: 1, y: 0 },
  'bottom-left': { x: 0, y: 1 },
  'bottom-right': { x: 1, y: 1 },
} as const;
export type FocusName = keyof typeof FOCUS_POINTS;

export const MAX_SIDE = 8192;

/**
 * The recipes' schemas, built on first use: a generation that exports nothing (the first
 * Generate above all) does not pay for making them.
 */
let built: ReturnType<typeof buildSchemas> | undefined;
const schemas = () => (built ??= buildSchemas());

function buildSchemas() {
  const side = z.int().check(z.gte(1), z.lte(MAX_SIDE));
  const quality = z.int().check(z.gte(1), z.lte(100));
  const fraction = z.number().check(z.gte(0), z.lte(1));
  const focus = z.union([z.enum(Object.keys(FOCUS_POINTS) as [FocusName, ...FocusName[]]), z.literal('centre'), z.strictObject({ x: fraction, y: fraction })]);
  /** `transparent`, or a colour as `#rgb`, `#rrggbb` or `#rrggbbaa`. */
  const background = z.union([z.literal('transparent'), z.string().check(z.regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/, 'a colour such as #ffffff, or transparent'))]);

  const sizeRecipe = z.strictObject({
    kind: z.literal('size'),
    width: side,
    height: side,
    fit: z._default(z.enum(FITS), 'cover'),
    focus: z.optional(focus),
    background: z.optional(background),
    format: z.optional(z.enum(OUTPUT_FORMATS)),
    quality: z.optional(quality),
  });
  const formatRecipe = z.strictObject({ kind: z.literal('format'), format: z.enum(OUTPUT_FORMATS), quality: z.optional(quality) });
  const faviconRecipe = z.strictObject({ kind: z.literal('favicon') });
  const pwaRecipe = z.strictObject({
    kind: z.literal('pwa'),
    /** The maskable icons' padding colour; the plain ones keep the image's own background. */
    background: z.optional(background),
  });
  const ogRecipe = z.strictObject({ kind: z.literal('og'), format: z._default(z.enum(['jpeg', 'webp']), 'jpeg'), focus: z.optional(focus), quality: z.optional(quality) });
  const appIconRecipe = z.strictObject({ kind: z.literal('app-icon'), background: z.optional(background) });

  const recipeObject = z.discriminatedUnion('kind', [sizeRecipe, formatRecipe, faviconRecipe, pwaRecipe, ogRecipe, appIconRecipe]);
  /** What callers may write: a recipe object, or a set's name. */
  const recipeInput = z.union([z.pipe(z.enum(SETS), z.transform((kind) => recipeObject.parse({ kind }))), recipeObject]);
  return { recipeObject, recipeInput, sizeRecipe, focus };
}

type Schemas = ReturnType<typeof buildSchemas>;
export type Recipe = z.output<Schemas['recipeObject']>;
export type RecipeInput = z.input<Schemas['recipeInput']>;
export type SizeRecipe = z.output<Schemas['sizeRecipe']>;
export type Focus = z.output<Schemas['focus']>;

export function focusPoint(value: Focus | undefined): { x: number; y: number } {
  if (value === undefined || value === 'centre') return FOCUS_POINTS.center;
  return typeof value === 'string' ? FOCUS_POINTS[value] : value;
}

/** A recipe from what a caller gave, or an ImagesmithError naming what is wrong. */
export function parseRecipe(value: unknown, where = 'recipe'): Recipe {
  if (typeof value === 'string' && !(SETS as readonly string[]).includes(value)) return parseRecipeText(value).recipe;
  const parsed = schemas().recipeInput.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const at = issue?.path.length ? `${where}.${issue.path.join('.')}` : where;
  throw new ImagesmithError('invalid-input', `The export recipe is not valid: "${at}" ${issue?.message ?? 'is not valid'}. Use one of size, format, favicon, pwa, og or app-icon.`, {
    parameter: 'export',
  });
}

const FORMAT_WORDS: Record<string, OutputFormat> = { png: 'png', jpeg: 'jpeg', jpg: 'jpeg', webp: 'webp', avif: 'avif' };

/**
 * The short text form: a set's name, or words in any order — `WIDTHxHEIGHT`, a fit, a
 * focus (`top`, `bottom-right`, `center`), a background (`#ffffff`, `transparent`), a
 * format, `q80` — and optionally a workspace-relative path to write (anything with a `/`
 * or an image extension). `og webp` picks the og set's WebP variant.
 */
export function parseRecipeText(text: string): { recipe: Recipe; path?: string } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const fail = (why: string): never => {
    throw new ImagesmithError('invalid-input', l10n.t('The export "{0}" is not valid: {1}. Write for example "1200x630 cover webp", "webp q80" or "favicon".', text.trim(), why), {
      parameter: 'export',
    });
  };
  if (words.length === 0) fail(l10n.t('it is empty'));
  const fields: Record<string, unknown> = {};
  let set: SetName | undefined;
  let path: string | undefined;
  for (const word of words) {
    const lower = word.toLowerCase();
    const size = /^(\d{1,5})x(\d{1,5})$/.exec(lower);
    const q = /^q(\d{1,3})$/.exec(lower);
    if ((SETS as readonly string[]).includes(lower)) set = lower as SetName;
    else if (size) [fields.width, fields.height] = [Number(size[1]), Number(size[2])];
    else if ((FITS as readonly string[]).includes(lower)) fields.fit = lower;
    else if (lower in FOCUS_POINTS || lower === 'centre') fields.focus = lower;
    else if (lower === 'transparent' || /^#[0-9a-f]{3,8}$/.test(lower)) fields.background = lower;
    else if (lower in FORMAT_WORDS) fields.format = FORMAT_WORDS[lower];
    else if (q) fields.quality = Number(q[1]);
    else if (word.includes('/') || /\.(png|jpe?g|webp|avif|ico)$/i.test(word)) path = word;
    else fail(l10n.t('"{0}" is not a size, fit, focus, background, format, quality or path', word));
  }
  if (path && fields.format === undefined && !set) {
    const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
    if (ext && ext in FORMAT_WORDS) fields.format = FORMAT_WORDS[ext];
  }
  let object: Record<string, unknown>;
  if (set) object = { kind: set, ...pick(fields, set === 'og' ? ['format', 'focus', 'quality'] : set === 'favicon' ? [] : ['background']) };
  else if (fields.width !== undefined) object = { kind: 'size', ...fields };
  else if (fields.format !== undefined) object = { kind: 'format', ...pick(fields, ['format', 'quality']) };
  else return fail(l10n.t('it names no size, format or set'));
  const leftOver = Object.keys(fields).filter((key) => !(key in object));
  if (leftOver.length > 0) fail(set ? l10n.t('{0} takes no {1}', set, leftOver.join(', ')) : l10n.t('a format change takes no {0}', leftOver.join(', ')));
  return { recipe: parseRecipe(object, 'export'), ...(path ? { path } : {}) };
}

function pick(fields: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => fields[key] !== undefined).map((key) => [key, fields[key]]));
}

/** The text form of a recipe: what the panel shows and parseRecipeText reads back. */
export function formatRecipeText(recipe: Recipe): string {
  const focusText = (value: Focus | undefined) => (value === undefined ? [] : typeof value === 'string' ? [value] : []);
  switch (recipe.kind) {
    case 'size':
      return [
        `${recipe.width}x${recipe.height}`,
        recipe.fit,
        ...focusText(recipe.focus),
        ...(recipe.background ? [recipe.background] : []),
        ...(recipe.format ? [recipe.format] : []),
        ...(recipe.quality ? [`q${recipe.quality}`] : []),
      ].join(' ');
    case 'format':
      return [recipe.format, ...(recipe.quality ? [`q${recipe.quality}`] : [])].join(' ');
    case 'og':
      return ['og', recipe.format, ...focusText(recipe.focus), ...(recipe.quality ? [`q${recipe.quality}`] : [])].join(' ');
    case 'pwa':
    case 'app-icon':
      return [recipe.kind, ...(recipe.background ? [recipe.background] : [])].join(' ');
    case 'favicon':
      return 'favicon';
    default: {
      const unreachable: never = recipe;
      return unreachable;
    }
  }
}

/** The recipe as infotext carries it: compact JSON, so that a focus point survives. */
export function recipeJson(recipe: Recipe): string {
  return JSON.stringify(recipe);
}

/** The recipe an infotext's `Export` field names, or undefined. */
export function recipeFromInfotext(fields: ReadonlyMap<string, string>): Recipe | undefined {
  const text = fields.get(EXPORT_FIELD);
  if (!text) return undefined;
  try {
    return schemas().recipeObject.parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** The infotext label derived files carry their recipe under. */
export const EXPORT_FIELD = 'Export';
/** The infotext label naming the file a derived file was made from. */
export const SOURCE_FIELD = 'Export source';

/** A colour as RGBA bytes; `transparent` is alpha 0. */
export function parseColour(value: string): [number, number, number, number] {
  if (value === 'transparent') return [0, 0, 0, 0];
  let hex = value.slice(1);
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join('');
  if (hex.length === 6) hex += 'ff';
  return [0, 2, 4, 6].map((at) => parseInt(hex.slice(at, at + 2), 16)) as [number, number, number, number];
}
