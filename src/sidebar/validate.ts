/**
 * The panel's own check of a value, so that a bad value is marked before anything is
 * sent: each value goes through its parameter's own zod schema (src/providers/params/,
 * the very schema the host resolves with), and the issue is worded for the control; the
 * lists a server gave (PopCord's sizes, AUTOMATIC1111's samplers) are checked here too.
 * zod/mini only: this runs in the webview, and its words come from the page's bundle
 * (@vscode/l10n, set by app/pageL10n.ts).
 */
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import type { ProviderId } from '../core/types';
import { PARAMS } from '../providers/params';
import type { ControlSpec } from './protocol/controls';
import type { ParamValue, ParamValues } from './protocol/values';

export interface Problem {
  /** The parameter the message belongs to (width or height for a size pair). */
  readonly key: string;
  readonly message: string;
}

/** What the schema says of one value, in the panel's words; undefined when it takes the value. */
function schemaProblem(provider: ProviderId, key: string, value: ParamValue | undefined, options?: number): string | undefined {
  const schema = (PARAMS[provider].shape as Readonly<Record<string, z.core.$ZodType>>)[key];
  if (!schema) return undefined;
  // A value the panel lacks is empty, not "use the default": the default is already among the values.
  const result = z.safeParse(schema, value ?? null);
  const issue = result.success ? undefined : result.error.issues[0];
  if (!issue) return result.success ? undefined : l10n.t('Not valid.');
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int' && typeof value === 'number' && Number.isFinite(value)) return l10n.t('Must be a whole number.');
      if (issue.expected === 'int' || issue.expected === 'number') return l10n.t('Enter a number.');
      if (issue.expected === 'boolean') return l10n.t('Choose on or off.');
      return l10n.t('Enter a value.');
    case 'too_small':
      if (issue.origin === 'string') return issue.minimum === 1 ? l10n.t('Enter a value.') : l10n.t('At least {0} characters.', String(issue.minimum));
      return l10n.t('Must be at least {0}.', String(issue.minimum));
    case 'too_big':
      if (issue.origin === 'string') return l10n.t('At most {0} characters.', String(issue.maximum));
      return l10n.t('Must be at most {0}.', String(issue.maximum));
    case 'not_multiple_of':
      return l10n.t('Must be a multiple of {0}.', String(issue.divisor));
    case 'invalid_value':
      return l10n.t('Pick one of the {0} options.', options ?? issue.values.length);
    case 'invalid_format':
      return l10n.t('Not in the expected form.');
    default:
      return l10n.t('Not valid.');
  }
}

/** What is wrong with the values for one control of this provider; empty when nothing is. */
export function checkControl(control: ControlSpec, values: Readonly<ParamValues>, provider: ProviderId): Problem[] {
  const problem = (key: string, message: string | undefined): Problem[] => (message === undefined ? [] : [{ key, message }]);
  switch (control.kind) {
    case 'number':
    case 'seed':
    case 'boolean':
      return problem(control.key, schemaProblem(provider, control.key, values[control.key]));
    case 'select': {
      const value = values[control.key];
      const own = schemaProblem(provider, control.key, value, control.options.length);
      if (own !== undefined) return problem(control.key, own);
      // The server's list, which the schema cannot know.
      return typeof value === 'string' && control.options.includes(value) ? [] : problem(control.key, l10n.t('Pick one of the {0} options.', control.options.length));
    }
    case 'text': {
      const value = values[control.key];
      const own = schemaProblem(provider, control.key, value);
      if (own !== undefined) return problem(control.key, own);
      // What the protocol carries, which may be less than the schema allows.
      return typeof value === 'string' && control.maxLength !== undefined && value.length > control.maxLength
        ? problem(control.key, l10n.t('At most {0} characters.', control.maxLength))
        : [];
    }
    case 'sizePair': {
      const width = schemaProblem(provider, control.widthKey, values[control.widthKey]);
      const height = schemaProblem(provider, control.heightKey, values[control.heightKey]);
      return [...problem(control.widthKey, width && l10n.t('Width: {0}', width)), ...problem(control.heightKey, height && l10n.t('Height: {0}', height))];
    }
    case 'sizeList': {
      const value = values[control.key];
      if (typeof value !== 'string' || !control.options.includes(value)) {
        return problem(control.key, l10n.t('Pick one of the {0} sizes.', control.options.length));
      }
      const model = control.modelKey ? values[control.modelKey] : undefined;
      const only = typeof model === 'string' ? control.onlyFor[model] : undefined;
      if (only !== undefined && value !== only) return problem(control.key, l10n.t('The {0} model accepts only {1}.', String(model), only));
      return problem(control.key, schemaProblem(provider, control.key, value));
    }
    default: {
      const unreachable: never = control;
      return unreachable;
    }
  }
}

/** Every problem with the values, control by control. */
export function checkValues(controls: readonly ControlSpec[], values: Readonly<ParamValues>, provider: ProviderId): Problem[] {
  return controls.flatMap((control) => checkControl(control, values, provider));
}

/** The parameter keys a control sets. */
export function controlKeys(control: ControlSpec): string[] {
  return control.kind === 'sizePair' ? [control.widthKey, control.heightKey] : [control.key];
}

/** Sizes a restricted model allows, or all of them. */
export function allowedSizes(control: Extract<ControlSpec, { kind: 'sizeList' }>, values: Readonly<ParamValues>): readonly string[] {
  const model = control.modelKey ? values[control.modelKey] : undefined;
  const only = typeof model === 'string' ? control.onlyFor[model] : undefined;
  return only === undefined ? control.options : control.options.filter((size) => size === only);
}

/**
 * Values for a provider: the remembered ones over the defaults, for the keys its
 * controls know. A value of the wrong shape is kept so that the control shows it marked.
 */
export function mergeValues(controls: readonly ControlSpec[], ...layers: ReadonlyArray<Readonly<ParamValues> | undefined>): ParamValues {
  const known = new Set(controls.flatMap(controlKeys));
  const out: ParamValues = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) if (known.has(key)) out[key] = value;
  }
  return out;
}
