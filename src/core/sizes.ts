/**
 * From a wanted size in pixels to what a provider accepts: one of a list of sizes
 * (PopCord's, OpenAI's), an aspect ratio (Stability), or any size on a grid within bounds
 * (multiples of 64 for AIThriving, of 8 for the local servers). Always the nearest allowed
 * size of the same orientation, and always saying what was asked and what will be made.
 */

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** What a provider accepts as its size, and in which parameters it goes. */
export type SizeRule =
  /** One parameter holding `WIDTHxHEIGHT`, from a fixed list. */
  | { readonly kind: 'list'; readonly param: string; readonly sizes: readonly string[] }
  /** One parameter holding `W:H`; the provider picks the pixels. */
  | { readonly kind: 'ratio'; readonly param: string; readonly ratios: readonly string[] }
  /** Width and height parameters, each from `min` to `max` in steps of `step`. */
  | { readonly kind: 'grid'; readonly width: string; readonly height: string; readonly min: number; readonly max: number; readonly step: number };

export interface SizeMapping {
  readonly asked: Size;
  /** The parameters that make the chosen size. */
  readonly params: Readonly<Record<string, string | number>>;
  /** What will be asked of the provider: `1536x1024`, or `aspect ratio 16:9`. */
  readonly made: string;
  /** Whether the provider was asked for exactly the wanted size. */
  readonly exact: boolean;
}

export const MAX_WANTED_SIDE = 16_384;

/** `1024x768` as a Size, or undefined when it is not written that way. */
export function parseSize(text: string): Size | undefined {
  // \u00d7 is ×, written as an escape so that the bundle stays ASCII.
  const match = /^\s*(\d{1,5})\s*[x\u00d7]\s*(\d{1,5})\s*$/i.exec(text);
  if (!match) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/** `16:9` as a ratio of numbers, or undefined. */
function parseRatio(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!match) return undefined;
  const w = Number(match[1]);
  const h = Number(match[2]);
  return w > 0 && h > 0 ? w / h : undefined;
}

type Orientation = 'landscape' | 'portrait' | 'square';

function orientation(ratio: number): Orientation {
  if (Math.abs(Math.log(ratio)) < 1e-9) return 'square';
  return ratio > 1 ? 'landscape' : 'portrait';
}

/**
 * How far a candidate is from the wanted size: its shape first (the log of the aspect
 * ratios' quotient, weighted), then its area. 1200x630 is nearer 1024x576 than 1024x768.
 */
function distance(wantedRatio: number, wantedArea: number, ratio: number, area: number | undefined): number {
  const shape = Math.abs(Math.log(ratio / wantedRatio));
  const scale = area === undefined ? 0 : Math.abs(Math.log(area / wantedArea));
  return shape * 3 + scale;
}

/** The candidates of the wanted orientation, or all of them when none has it. */
function sameOrientation<T extends { ratio: number }>(wanted: number, candidates: readonly T[]): readonly T[] {
  const want = orientation(wanted);
  const same = candidates.filter((candidate) => orientation(candidate.ratio) === want);
  return same.length > 0 ? same : candidates;
}

function nearest<T extends { ratio: number; area?: number }>(wanted: Size, candidates: readonly T[]): T | undefined {
  const ratio = wanted.width / wanted.height;
  const area = wanted.width * wanted.height;
  let best: { item: T; score: number } | undefined;
  for (const item of sameOrientation(ratio, candidates)) {
    const score = distance(ratio, area, item.ratio, item.area);
    if (!best || score < best.score - 1e-12) best = { item, score };
  }
  return best?.item;
}

function checkWanted(wanted: Size): void {
  for (const [name, value] of [
    ['width', wanted.width],
    ['height', wanted.height],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > MAX_WANTED_SIDE) {
      throw new RangeError(`${name} must be a whole number of pixels from 1 to ${MAX_WANTED_SIDE}, got ${value}`);
    }
  }
}

/** The nearest size the rule allows to `wanted`, with the parameters that ask for it. */
export function mapSize(wanted: Size, rule: SizeRule): SizeMapping {
  checkWanted(wanted);
  const asked = `${wanted.width}x${wanted.height}`;
  switch (rule.kind) {
    case 'list': {
      const candidates = rule.sizes.flatMap((text) => {
        const size = parseSize(text);
        return size ? [{ text, ratio: size.width / size.height, area: size.width * size.height }] : [];
      });
      const best = nearest(wanted, candidates);
      if (!best) throw new RangeError(`the size list for ${rule.param} has no WIDTHxHEIGHT entry`);
      return { asked: wanted, params: { [rule.param]: best.text }, made: best.text, exact: best.text === asked };
    }
    case 'ratio': {
      const candidates = rule.ratios.flatMap((text) => {
        const ratio = parseRatio(text);
        return ratio === undefined ? [] : [{ text, ratio }];
      });
      const best = nearest(wanted, candidates);
      if (!best) throw new RangeError(`the aspect ratio list for ${rule.param} has no W:H entry`);
      return { asked: wanted, params: { [rule.param]: best.text }, made: `aspect ratio ${best.text}`, exact: false };
    }
    case 'grid': {
      const size = onGrid(wanted, rule);
      return {
        asked: wanted,
        params: { [rule.width]: size.width, [rule.height]: size.height },
        made: `${size.width}x${size.height}`,
        exact: size.width === wanted.width && size.height === wanted.height,
      };
    }
    default: {
      const unknown: never = rule;
      throw new Error(`unknown size rule ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Scaled to fit the bounds with its shape kept, then each side rounded to the step: the
 * nearest grid size, never turned from landscape to portrait.
 */
function onGrid(wanted: Size, rule: Extract<SizeRule, { kind: 'grid' }>): Size {
  const low = Math.ceil(rule.min / rule.step) * rule.step;
  const high = Math.floor(rule.max / rule.step) * rule.step;
  if (low > high) throw new RangeError(`no multiple of ${rule.step} lies between ${rule.min} and ${rule.max}`);
  const shrink = Math.min(1, high / wanted.width, high / wanted.height);
  let width = wanted.width * shrink;
  let height = wanted.height * shrink;
  const grow = Math.max(1, low / width, low / height);
  width *= grow;
  height *= grow;
  const snap = (value: number) => Math.min(high, Math.max(low, Math.round(value / rule.step) * rule.step));
  let w = snap(width);
  let h = snap(height);
  // Rounding may square a shape that was only just landscape or portrait.
  const want = orientation(wanted.width / wanted.height);
  if (want === 'landscape' && w <= h) [w, h] = widen(h, rule.step, low, high);
  if (want === 'portrait' && h <= w) [h, w] = widen(w, rule.step, low, high);
  return { width: w, height: h };
}

/** A long side and a short side one step apart, around `side`, within the bounds. */
function widen(side: number, step: number, low: number, high: number): [long: number, short: number] {
  if (side + step <= high) return [side + step, side];
  return [side, Math.max(low, side - step)];
}

/** What the rule allows, in words, for messages: `1024x1024, 1536x1024 or 1024x1536`. */
export function describeSizeRule(rule: SizeRule): string {
  switch (rule.kind) {
    case 'list':
      return `the sizes ${orList(rule.sizes)}`;
    case 'ratio':
      return `the aspect ratios ${orList(rule.ratios)}`;
    case 'grid':
      return `${rule.min} to ${rule.max} pixels per side${rule.step > 1 ? `, in multiples of ${rule.step}` : ''}`;
    default: {
      const unknown: never = rule;
      throw new Error(`unknown size rule ${JSON.stringify(unknown)}`);
    }
  }
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}
