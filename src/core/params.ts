import * as l10n from '@vscode/l10n';
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
      l10n.t('{0} has no parameter {1}. Its parameters are: {2}.', provider, unknown.map((k) => `"${k}"`).join(', '), [...known].join(', ')),
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
  const got = JSON.stringify(value) ?? l10n.t('nothing');
  const message = fromSetting
    ? l10n.t('{0}: {1} {2}; got {3}. Fix the setting {4}.', provider, name, describeIssue(issue), got, `${sources.settingsPrefix}.${key}`)
    : l10n.t('{0}: {1} {2}; got {3}.', provider, name, describeIssue(issue), got);
  throw new ImagesmithError('invalid-input', message, {
    provider,
    parameter: key,
  });
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return l10n.t('is not valid');
  switch (issue.code) {
    case 'too_big':
      return issue.inclusive === false ? l10n.t('must be less than {0}', String(issue.maximum)) : l10n.t('must be at most {0}', String(issue.maximum));
    case 'too_small':
      return issue.inclusive === false ? l10n.t('must be more than {0}', String(issue.minimum)) : l10n.t('must be at least {0}', String(issue.minimum));
    case 'invalid_value':
      return l10n.t('must be one of {0}', issue.values.map((v) => String(v)).join(', '));
    case 'not_multiple_of':
      return l10n.t('must be a multiple of {0}', String(issue.divisor));
    case 'invalid_type':
      return expectedType(issue.expected);
    case 'invalid_format':
      return issue.message;
    default:
      return issue.message;
  }
}

function expectedType(expected: string): string {
  if (expected === 'int') return l10n.t('must be a whole number');
  if (expected === 'number') return l10n.t('must be a number');
  if (expected === 'boolean') return l10n.t('must be true or false');
  if (expected === 'string') return l10n.t('must be text');
  return l10n.t('must be {0}', expected);
}

function withoutUndefined(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/** Roughly CLIP's token count: words and punctuation marks, which is what the 75-token limit counts. */
export function approximateTokens(text: string): number {
  return text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)?.length ?? 0;
}
