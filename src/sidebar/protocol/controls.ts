/**
 * A provider's parameters as the panel draws them: the host makes these from the
 * provider's schema, the page draws a control for each.
 */
import * as z from 'zod/mini';
import { count, LIMITS, paramKey, text } from './values';

const controlBase = {
  /** Short human name ("CFG scale"). */
  title: text(80),
  description: z.optional(text(400)),
};
const bound = z.optional(z.number());

export const numberControl = z.strictObject({
  kind: z.literal('number'),
  key: paramKey,
  ...controlBase,
  integer: z.boolean(),
  min: bound,
  max: bound,
  multipleOf: z.optional(z.number().check(z.positive())),
  /** Empty means null ("leave it to the provider"). */
  nullable: z.boolean(),
});
export type NumberControl = z.infer<typeof numberControl>;

export const selectControl = z.strictObject({
  kind: z.literal('select'),
  key: paramKey,
  ...controlBase,
  options: z.array(text(LIMITS.paramText)).check(z.minLength(1), z.maxLength(LIMITS.options)),
  /** True when the options are the server's own list rather than the schema's. */
  fromServer: z.boolean(),
  /** How the empty option reads, where there is one ("(the loaded model)"). */
  emptyLabel: z.optional(text(80)),
});

export const textControl = z.strictObject({
  kind: z.literal('text'),
  key: paramKey,
  ...controlBase,
  minLength: z.optional(count(LIMITS.paramText)),
  maxLength: z.optional(count(LIMITS.paramText)),
  pattern: z.optional(text(200)),
});

export const booleanControl = z.strictObject({
  kind: z.literal('boolean'),
  key: paramKey,
  ...controlBase,
});

export const seedControl = z.strictObject({
  kind: z.literal('seed'),
  key: paramKey,
  ...controlBase,
  min: z.number(),
  max: z.number(),
  /** The value that asks the provider for a random seed. */
  random: z.number(),
});
export type SeedControl = z.infer<typeof seedControl>;

const sizePreset = z.tuple([z.int(), z.int()]);

/** Width and height as two integer parameters, offered as presets plus a custom pair. */
export const sizePairControl = z.strictObject({
  kind: z.literal('sizePair'),
  widthKey: paramKey,
  heightKey: paramKey,
  ...controlBase,
  min: z.int(),
  max: z.int(),
  multipleOf: z.optional(z.int().check(z.positive())),
  presets: z.array(sizePreset).check(z.maxLength(LIMITS.options)),
});
export type SizePairControl = z.infer<typeof sizePairControl>;

/** A `WIDTHxHEIGHT` string from a list, where a model may allow only some sizes. */
export const sizeListControl = z.strictObject({
  kind: z.literal('sizeList'),
  key: paramKey,
  ...controlBase,
  options: z.array(text(20)).check(z.minLength(1), z.maxLength(LIMITS.options)),
  fromServer: z.boolean(),
  /** The parameter naming the model, and the only size each restricted model accepts. */
  modelKey: z.optional(paramKey),
  onlyFor: z.record(text(LIMITS.paramText), text(20)),
});
export type SizeListControl = z.infer<typeof sizeListControl>;

export const controlSpec = z.discriminatedUnion('kind', [
  numberControl,
  selectControl,
  textControl,
  booleanControl,
  seedControl,
  sizePairControl,
  sizeListControl,
]);
export type ControlSpec = z.infer<typeof controlSpec>;
