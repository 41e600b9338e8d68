/**
 * The panel's own check of a value against its control, so that a bad value is marked
 * before anything is sent. It follows the same bounds as the provider's zod schema
 * (the controls are made from it, and a unit test holds the two together); the host
 * still validates with the real schema. No zod here: this runs in the webview.
 */
import type { ControlSpec } from './protocol/controls';
import type { ParamValue, ParamValues } from './protocol/values';

export interface Problem {
  /** The parameter the message belongs to (width or height for a size pair). */
  readonly key: string;
  readonly message: string;
}

function numberProblem(
  value: ParamValue | undefined,
  rules: { integer: boolean; min?: number; max?: number; multipleOf?: number; nullable: boolean },
): string | undefined {
  if (value === null || value === undefined) return rules.nullable ? undefined : 'Enter a number.';
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'Enter a number.';
  if (rules.integer && !Number.isInteger(value)) return 'Must be a whole number.';
  if (rules.min !== undefined && value < rules.min) return `Must be at least ${rules.min}.`;
  if (rules.max !== undefined && value > rules.max) return `Must be at most ${rules.max}.`;
  if (rules.multipleOf !== undefined && !isMultiple(value, rules.multipleOf)) return `Must be a multiple of ${rules.multipleOf}.`;
  return undefined;
}

/** zod's check, float-tolerant so that 0.3 is a multiple of 0.1. */
function isMultiple(value: number, step: number): boolean {
  const quotient = value / step;
  return Math.abs(quotient - Math.round(quotient)) < 1e-9;
}

/** What is wrong with the values for one control; empty when nothing is. */
export function checkControl(control: ControlSpec, values: Readonly<ParamValues>): Problem[] {
  switch (control.kind) {
    case 'number': {
      const message = numberProblem(values[control.key], control);
      return message ? [{ key: control.key, message }] : [];
    }
    case 'seed': {
      const message = numberProblem(values[control.key], { integer: true, min: control.min, max: control.max, nullable: false });
      return message ? [{ key: control.key, message }] : [];
    }
    case 'select': {
      const value = values[control.key];
      if (typeof value === 'string' && control.options.includes(value)) return [];
      return [{ key: control.key, message: `Pick one of the ${control.options.length} options.` }];
    }
    case 'text': {
      const value = values[control.key];
      if (typeof value !== 'string') return [{ key: control.key, message: 'Enter a value.' }];
      const trimmed = value.trim();
      if (control.minLength !== undefined && trimmed.length < control.minLength) {
        return [{ key: control.key, message: control.minLength === 1 ? 'Enter a value.' : `At least ${control.minLength} characters.` }];
      }
      if (control.maxLength !== undefined && value.length > control.maxLength) {
        return [{ key: control.key, message: `At most ${control.maxLength} characters.` }];
      }
      if (control.pattern && !safeRegExp(control.pattern)?.test(value)) return [{ key: control.key, message: 'Not in the expected form.' }];
      return [];
    }
    case 'boolean':
      return typeof values[control.key] === 'boolean' ? [] : [{ key: control.key, message: 'Choose on or off.' }];
    case 'sizePair': {
      const rules = { integer: true, min: control.min, max: control.max, multipleOf: control.multipleOf, nullable: false };
      const problems: Problem[] = [];
      const width = numberProblem(values[control.widthKey], rules);
      const height = numberProblem(values[control.heightKey], rules);
      if (width) problems.push({ key: control.widthKey, message: `Width: ${width}` });
      if (height) problems.push({ key: control.heightKey, message: `Height: ${height}` });
      return problems;
    }
    case 'sizeList': {
      const value = values[control.key];
      if (typeof value !== 'string' || !control.options.includes(value)) {
        return [{ key: control.key, message: `Pick one of the ${control.options.length} sizes.` }];
      }
      const model = control.modelKey ? values[control.modelKey] : undefined;
      const only = typeof model === 'string' ? control.onlyFor[model] : undefined;
      if (only !== undefined && value !== only) return [{ key: control.key, message: `The ${String(model)} model accepts only ${only}.` }];
      return [];
    }
    default: {
      const unreachable: never = control;
      return unreachable;
    }
  }
}

/** Every problem with the values, control by control. */
export function checkValues(controls: readonly ControlSpec[], values: Readonly<ParamValues>): Problem[] {
  return controls.flatMap((control) => checkControl(control, values));
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

const regexCache = new Map<string, RegExp | undefined>();

function safeRegExp(pattern: string): RegExp | undefined {
  if (!regexCache.has(pattern)) {
    let compiled: RegExp | undefined;
    try {
      compiled = new RegExp(pattern);
    } catch {
      compiled = undefined;
    }
    regexCache.set(pattern, compiled);
  }
  return regexCache.get(pattern);
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
