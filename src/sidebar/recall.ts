/**
 * "Use these settings": an image's infotext as the generator's provider, prompt and
 * values. Each value is checked against the provider's own schema field, so a value
 * the provider would refuse (an A1111 sampler name, a size out of bounds) is named
 * and left out instead of filling the panel with something that cannot be sent.
 */
import * as l10n from '@vscode/l10n';
import type * as z from 'zod/mini';
import { recallEdit } from '../core/edit';
import { formatRecipeText, recipeFromInfotext } from '../core/export/recipe';
import { parseInfotext } from '../core/infotext';
import { paramMeta } from '../core/paramMeta';
import { isProviderId, type ProviderId } from '../core/types';
import { PROVIDERS } from '../providers';
import { plainValues } from './controlSpecs';
import type { RecalledSource } from './protocol/sourceImages';
import { LIMITS, type ParamValues } from './protocol/values';

export interface RecalledSettings {
  readonly provider: ProviderId;
  readonly prompt: string;
  readonly negativePrompt: string;
  readonly values: ParamValues;
  /** The recipe a derived file was exported with, in its text form. */
  readonly export?: string;
  /** The image an edited image started from (and its references), with the strength. */
  readonly source?: RecalledSource;
  /** What could not be carried over, as "Title: value". */
  readonly ignored: string[];
}

export function recallSettings(infotext: string, fallbackProvider: ProviderId): RecalledSettings {
  const parsed = parseInfotext(infotext);
  const named = parsed.fields.get('Provider')?.trim();
  const provider = named && isProviderId(named) ? named : fallbackProvider;
  const { params } = PROVIDERS[provider];
  const recalled = PROVIDERS[provider].recall(parsed.fields);
  const values: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(recalled)) {
    const field = params.shape[key] as z.ZodMiniType | undefined;
    if (!field) continue;
    const checked = field.safeParse(value);
    if (checked.success) values[key] = checked.data;
    else ignored.push(`${paramMeta(field, key).title}: ${String(value)}`.slice(0, 200));
  }
  const takesNegative = PROVIDERS[provider].takesNegativePrompt;
  if (parsed.negativePrompt && !takesNegative) ignored.push(l10n.t('Negative prompt ({0} takes none)', PROVIDERS[provider].label));
  const recipe = recipeFromInfotext(parsed.fields);
  const edit = recallEdit(parsed.fields);
  const strength = edit?.strength !== undefined && edit.strength >= 0 && edit.strength <= 1 ? edit.strength : undefined;
  return {
    provider,
    ...(recipe ? { export: formatRecipeText(recipe) } : {}),
    ...(edit ? { source: { paths: [edit.source, ...edit.references].map((path) => path.slice(0, LIMITS.path)).slice(0, 16), ...(strength === undefined ? {} : { strength }) } } : {}),
    prompt: parsed.prompt.slice(0, LIMITS.prompt),
    negativePrompt: takesNegative ? parsed.negativePrompt.slice(0, LIMITS.negativePrompt) : '',
    values: plainValues(values),
    ignored: ignored.slice(0, LIMITS.paramKeys),
  };
}
