/**
 * A provider's zod parameters as a plain, serialisable list of controls for the panel.
 * The schema is read through `z.toJSONSchema`, which carries the bounds, enums, defaults
 * and each parameter's registered ParamMeta (src/core/paramMeta.ts): the control a
 * parameter gets is what its meta declares, or what its type gives. The JSON Schema is
 * itself parsed with zod so the walk is typed.
 */
import * as z from 'zod/mini';
import type { ParamMeta } from '../core/paramMeta';
import type { ParamsSchema } from '../core/types';
import type { ControlSpec, SizePairControl } from './protocol/controls';
import type { ParamValue, ParamValues } from './protocol/values';
import { LIMITS } from './protocol/values';

interface JsonProperty extends Partial<Omit<ParamMeta, 'title'>> {
  type?: string | string[];
  anyOf?: JsonProperty[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  default?: unknown;
  title?: string;
}

const jsonProperty: z.ZodMiniType<JsonProperty> = z.lazy(() =>
  z.looseObject({
    type: z.optional(z.union([z.string(), z.array(z.string())])),
    anyOf: z.optional(z.array(jsonProperty)),
    enum: z.optional(z.array(z.unknown())),
    minimum: z.optional(z.number()),
    maximum: z.optional(z.number()),
    multipleOf: z.optional(z.number()),
    minLength: z.optional(z.number()),
    maxLength: z.optional(z.number()),
    pattern: z.optional(z.string()),
    default: z.optional(z.unknown()),
    title: z.optional(z.string()),
    description: z.optional(z.string()),
    control: z.optional(z.enum(['seed', 'width', 'height', 'sizeList'])),
    choices: z.optional(z.literal('server')),
    emptyLabel: z.optional(z.string()),
    restrictedBy: z.optional(z.string()),
  }),
);
const jsonObject = z.looseObject({ properties: z.record(z.string(), jsonProperty) });

export interface ControlOptions {
  /** Server lists for free-text parameters (PopCord's models and sizes), from `choices()`. */
  readonly choices?: Readonly<Record<string, readonly string[]>>;
  /** Models that accept only one size: PopCord's `poli`. */
  readonly onlySize?: Readonly<Record<string, string>>;
}

/** Sizes people ask for most, kept when the provider's bounds and step allow them. */
const COMMON_SIZES: ReadonlyArray<readonly [number, number]> = [
  [512, 512],
  [768, 768],
  [1024, 1024],
  [768, 512],
  [1024, 768],
  [1152, 896],
  [1216, 832],
  [1344, 768],
  [1024, 576],
  [1536, 640],
  [512, 768],
  [768, 1024],
  [896, 1152],
  [832, 1216],
  [768, 1344],
  [576, 1024],
  [640, 1536],
];

/** The controls for a provider's parameters, in the schema's order. */
export function buildControls(schema: ParamsSchema, options: ControlOptions = {}): ControlSpec[] {
  const { properties } = jsonObject.parse(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
  const controls: ControlSpec[] = [];
  const used = new Set<string>();
  for (const [key, prop] of Object.entries(properties)) {
    if (used.has(key)) continue;
    const control = controlFor(key, prop, properties, options, used);
    if (control) controls.push(control);
    used.add(key);
  }
  return controls.slice(0, LIMITS.controls);
}

function controlFor(
  key: string,
  prop: JsonProperty,
  all: Record<string, JsonProperty>,
  options: ControlOptions,
  used: Set<string>,
): ControlSpec | undefined {
  const base = { title: (prop.title ?? key).slice(0, 80), ...(prop.description ? { description: prop.description.slice(0, 400) } : {}) };
  const { type, nullable, inner } = typeOf(prop);

  if (prop.control === 'width') {
    const heightKey = Object.keys(all).find((other) => all[other]?.control === 'height');
    const height = heightKey === undefined ? undefined : all[heightKey];
    if (heightKey !== undefined && height) {
      used.add(heightKey);
      return sizePair(key, heightKey, inner, typeOf(height).inner, base.description);
    }
  }
  if (prop.control === 'sizeList' && type === 'string') {
    const listed = prop.choices === 'server' ? options.choices?.[key] : undefined;
    const fallback = typeof inner.default === 'string' ? [inner.default] : [];
    return {
      kind: 'sizeList',
      key,
      ...base,
      options: clip(listed && listed.length > 0 ? listed : fallback, 20),
      fromServer: listed !== undefined && listed.length > 0,
      ...(prop.restrictedBy ? { modelKey: prop.restrictedBy } : {}),
      onlyFor: { ...options.onlySize },
    };
  }
  if (prop.control === 'seed' && type === 'integer' && typeof inner.default === 'number') {
    return { kind: 'seed', key, ...base, min: inner.minimum ?? 0, max: inner.maximum ?? Number.MAX_SAFE_INTEGER, random: inner.default };
  }
  if (type === 'string' && inner.enum) {
    return { kind: 'select', key, ...base, options: clip(inner.enum.map(String), LIMITS.paramText), fromServer: false };
  }
  if (type === 'string') {
    const listed = prop.choices === 'server' ? options.choices?.[key] : undefined;
    if (listed && listed.length > 0) {
      return { kind: 'select', key, ...base, options: clip(listed, LIMITS.paramText), fromServer: true, ...(prop.emptyLabel ? { emptyLabel: prop.emptyLabel.slice(0, 80) } : {}) };
    }
    return {
      kind: 'text',
      key,
      ...base,
      ...(inner.minLength === undefined ? {} : { minLength: inner.minLength }),
      maxLength: Math.min(inner.maxLength ?? LIMITS.paramText, LIMITS.paramText),
      ...(inner.pattern ? { pattern: inner.pattern } : {}),
    };
  }
  if (type === 'integer' || type === 'number') {
    return {
      kind: 'number',
      key,
      ...base,
      integer: type === 'integer',
      ...(inner.minimum === undefined ? {} : { min: inner.minimum }),
      ...(inner.maximum === undefined ? {} : { max: inner.maximum }),
      ...(inner.multipleOf === undefined ? {} : { multipleOf: inner.multipleOf }),
      nullable,
    };
  }
  if (type === 'boolean') return { kind: 'boolean', key, ...base };
  return undefined;
}

/** The one non-null type of a property, whether written as `type` or as `anyOf [T, null]`. */
function typeOf(prop: JsonProperty): { type: string | undefined; nullable: boolean; inner: JsonProperty } {
  if (prop.anyOf) {
    const nonNull = prop.anyOf.filter((option) => option.type !== 'null');
    const nullable = nonNull.length < prop.anyOf.length;
    const only = nonNull.length === 1 ? nonNull[0] : undefined;
    if (!only) return { type: undefined, nullable, inner: prop };
    return { type: typeof only.type === 'string' ? only.type : undefined, nullable, inner: { ...only, default: prop.default } };
  }
  if (Array.isArray(prop.type)) {
    const nonNull = prop.type.filter((t) => t !== 'null');
    return { type: nonNull.length === 1 ? nonNull[0] : undefined, nullable: nonNull.length < prop.type.length, inner: prop };
  }
  return { type: prop.type, nullable: false, inner: prop };
}

function sizePair(widthKey: string, heightKey: string, width: JsonProperty, height: JsonProperty, description: string | undefined): SizePairControl {
  const min = Math.max(width.minimum ?? 64, height.minimum ?? 64);
  const max = Math.min(width.maximum ?? 4096, height.maximum ?? 4096);
  const step = width.multipleOf ?? height.multipleOf;
  const fits = (side: number) => side >= min && side <= max && (step === undefined || side % step === 0);
  const presets: Array<[number, number]> = COMMON_SIZES.filter(([w, h]) => fits(w) && fits(h)).map(([w, h]) => [w, h]);
  const dw = width.default;
  const dh = height.default;
  if (typeof dw === 'number' && typeof dh === 'number' && !presets.some(([w, h]) => w === dw && h === dh)) presets.unshift([dw, dh]);
  return {
    kind: 'sizePair',
    widthKey,
    heightKey,
    title: 'Size',
    ...(description ? { description: description.slice(0, 400) } : {}),
    min,
    max,
    ...(step === undefined ? {} : { multipleOf: step }),
    presets,
  };
}

function clip(values: readonly string[], maxLength: number): string[] {
  return values.filter((value) => value.length <= maxLength).slice(0, LIMITS.options);
}

/** Only the values the protocol can carry: numbers, short strings, booleans, null. */
export function plainValues(values: Readonly<Record<string, unknown>>): ParamValues {
  const out: ParamValues = {};
  for (const [key, value] of Object.entries(values)) {
    if (!/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(key)) continue;
    const plain = asParamValue(value);
    if (plain !== undefined) out[key] = plain;
  }
  return out;
}

function asParamValue(value: unknown): ParamValue | undefined {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return value.length <= LIMITS.paramText ? value : undefined;
  return undefined;
}
