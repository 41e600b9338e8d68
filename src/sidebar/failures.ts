/**
 * A failure as the panel shows it: the pipeline's message, and the buttons that fix
 * it (Set API Key for a key problem, Retry for what may pass, Open Settings for a bad
 * setting, Open Folder when none is open).
 */
import { ImagesmithError, type ErrorKind } from '../core/errors';
import { LIMITS, type Failure, type FixAction } from './protocol/values';
import { clipText } from './gallery/metadata';

/** Parameters that live only in the settings, never in the panel's controls. */
const SETTING_ONLY = new Set(['baseUrl', 'outputFolder']);

function fixesFor(kind: ErrorKind, parameter: string | undefined, message: string): FixAction[] {
  switch (kind) {
    case 'missing-key':
    case 'rejected-key':
      // Retry too: once the key is set, the same generation is what the person wants.
      return ['setApiKey', 'retry', 'showLog'];
    case 'rate-limited':
    case 'provider':
    case 'timeout':
    case 'network':
    case 'not-an-image':
      return ['retry', 'showLog'];
    case 'file-system':
      return ['retry', 'openSettings', 'showLog'];
    case 'invalid-input':
      return (parameter !== undefined && SETTING_ONLY.has(parameter)) || /\bsetting\b/.test(message) ? ['openSettings', 'showLog'] : ['showLog'];
    case 'no-workspace':
      return ['openFolder'];
    case 'untrusted-address':
      return ['openSettings', 'showLog'];
    case 'cancelled':
      return [];
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

export function toFailure(error: unknown): Failure {
  const known =
    error instanceof ImagesmithError ? error : new ImagesmithError('provider', error instanceof Error ? error.message : String(error));
  return {
    kind: known.kind,
    message: clipText(known.message, LIMITS.message),
    ...(known.parameter ? { parameter: known.parameter.slice(0, 64) } : {}),
    actions: fixesFor(known.kind, known.parameter, known.message),
  };
}
