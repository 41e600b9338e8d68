/**
 * A failure as the panel's job card shows it: the pipeline's message, the parameter to
 * mark, and the remedies decided in core/remedies.ts.
 */
import { ImagesmithError } from '../core/errors';
import { remediesFor } from '../core/remedies';
import { LIMITS } from './protocol/values';
import type { Failure } from './protocol/values';
import { clipText } from './gallery/metadata';

export function toFailure(error: unknown): Failure {
  const known =
    error instanceof ImagesmithError ? error : new ImagesmithError('provider', error instanceof Error ? error.message : String(error));
  return {
    kind: known.kind,
    message: clipText(known.message, LIMITS.message),
    ...(known.parameter ? { parameter: known.parameter.slice(0, 64) } : {}),
    ...(known.setting ? { setting: known.setting.slice(0, 120) } : {}),
    actions: remediesFor(known),
  };
}
