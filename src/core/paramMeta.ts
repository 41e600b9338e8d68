/**
 * What the panel and the messages know about a provider parameter, declared once beside
 * its schema (in src/providers/params/) and read from zod's global registry, so that the
 * form control a parameter gets never depends on its name or the shape of its regex.
 * zod/mini and nothing else: the webview bundles the parameter schemas too.
 */
import * as z from 'zod/mini';

export interface ParamMeta {
  /** Human name, as the provider's document or A1111 writes it ("CFG scale"). */
  readonly title: string;
  readonly description?: string;
  /**
   * A control other than the one the value's type gives (a number box, a dropdown of the
   * enum, a text box, a checkbox): `seed` is random-or-fixed, its default asking for a random
   * seed; `width` and `height` are one size control, presets plus a custom pair; `sizeList`
   * is a list of `WIDTHxHEIGHT` sizes.
   */
  readonly control?: 'seed' | 'width' | 'height' | 'sizeList';
  /** `server`: the provider's `choices()` lists the values, and the panel offers them as a list once it has them. */
  readonly choices?: 'server';
  /** How the empty choice reads in that list ("(the loaded model)"). */
  readonly emptyLabel?: string;
  /** For a sizeList: the parameter whose value may allow only one size (PopCord's model). */
  readonly restrictedBy?: string;
}

/** Registers `meta` for a parameter's schema and hands the schema back, for use inside `z.strictObject({...})`. */
export function param<T extends z.core.$ZodType>(schema: T, meta: ParamMeta): T {
  z.globalRegistry.add(schema, { ...meta });
  return schema;
}

export function paramMeta(schema: z.core.$ZodType, key: string): ParamMeta {
  const meta = z.globalRegistry.get(schema) as Partial<ParamMeta> | undefined;
  return { ...meta, title: meta?.title ?? key };
}

/** A bounded whole number with a default: most parameters are one. */
export function wholeNumber(min: number, max: number, byDefault: number, multipleOf?: number) {
  return z._default(z.int().check(z.minimum(min), z.maximum(max), ...(multipleOf === undefined ? [] : [z.multipleOf(multipleOf)])), byDefault);
}

export function decimal(min: number, max: number, byDefault: number) {
  return z._default(z.number().check(z.minimum(min), z.maximum(max)), byDefault);
}

/** A number that may be left empty (null): the provider then uses its own default. */
export function optionalDecimal(min: number, max: number) {
  return z._default(z.nullable(z.number().check(z.minimum(min), z.maximum(max))), null);
}

/** Text, trimmed, within its lengths. */
export function trimmedText(byDefault: string, lengths: { min?: number; max?: number }) {
  const checks = [z.trim(), ...(lengths.min === undefined ? [] : [z.minLength(lengths.min)]), ...(lengths.max === undefined ? [] : [z.maxLength(lengths.max)])];
  return z._default(z.string().check(...checks), byDefault);
}

export function choice<const T extends readonly [string, ...string[]]>(values: T, byDefault: T[number]) {
  return z._default(z.enum(values), byDefault);
}
