import type * as z from 'zod/mini';
import { paramMeta } from './paramMeta';
import { ImagesmithError } from './errors';
import type { ParamsSchema } from './types';

export interface ParamSources {
  /** Values given explicitly (command arguments, the panel). */
  readonly given: Readonly<Record<string, unknown>>;
  /** Values from the settings, used where nothing is given. */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** The settings prefix, to tell people where a bad default lives. */
  readonly settingsPrefix: string;
}

/** The settings' values for the schema's parameters; other keys and unset values are left out. */
function settingsFor(schema: ParamsSchema, defaults: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(defaults).filter(([key, value]) => key in schema.shape && value !== undefined));
}

/**
 * What a generation starts from when nothing is given: the settings over the schema's own
 * defaults, as `resolveParams` merges them (the panel shows these before anything is sent).
 * Unlike `resolveParams`, a bad setting is not refused here: it shows, and is named when
 * a generation is checked.
 */
export function defaultValues(schema: ParamsSchema, defaults: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const own = schema.safeParse({});
  return { ...(own.success ? own.data : {}), ...settingsFor(schema, defaults) };
}

/**
 * Validates a provider's parameters before anything is sent. An error names the
 * parameter, what it allows, what it got and where that value came from.
 */
export function resolveParams<S extends ParamsSchema>(provider: string, schema: S, sources: ParamSources): z.output<S> {
  const known = new Set(Object.keys(schema.shape));
  const unknown = Object.keys(sources.given).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new ImagesmithError(
      'invalid-input',
      `${provider} has no parameter ${unknown.map((k) => `"${k}"`).join(', ')}. Its parameters are: ${[...known].join(', ')}.`,
      { provider, parameter: unknown[0] },
    );
  }
  const merged = { ...settingsFor(schema, sources.defaults), ...withoutUndefined(sources.given) };
  const result = schema.safeParse(merged);
  if (result.success) return result.data;

  const issue = result.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  const field = schema.shape[key];
  const meta = field ? paramMeta(field, key) : { title: key };
  const name = meta.title === key ? key : `${meta.title} (${key})`;
  const value = (merged as Record<string, unknown>)[key];
  const fromSetting = !(key in sources.given);
  const fix = fromSetting ? ` Fix the setting ${sources.settingsPrefix}.${key}.` : '';
  throw new ImagesmithError('invalid-input', `${provider}: ${name} ${describeIssue(issue)}; got ${JSON.stringify(value) ?? 'nothing'}.${fix}`, {
    provider,
    parameter: key,
  });
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'is not valid';
  switch (issue.code) {
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${issue.inclusive === false ? ' (exclusive)' : ''}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}${issue.inclusive === false ? ' (exclusive)' : ''}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_type':
      return `must be ${article(issue.expected)}`;
    case 'invalid_format':
      return issue.message;
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  if (expected === 'int') return 'a whole number';
  if (expected === 'number') return 'a number';
  if (expected === 'boolean') return 'true or false';
  if (expected === 'string') return 'text';
  return expected;
}

function withoutUndefined(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/** Roughly CLIP's token count: words and punctuation marks, which is what the 75-token limit counts. */
export function approximateTokens(text: string): number {
  return text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)?.length ?? 0;
}
