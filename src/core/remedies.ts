/**
 * What a person can do about a failure: one decision for the notification of the palette
 * and the job card of the panel, which only draw it. Decided from the error's kind and the
 * setting it names, never from its wording.
 */
import type { ImagesmithError } from './errors';

export const REMEDIES = ['setApiKey', 'retry', 'openSettings', 'openFolder', 'showLog'] as const;
export type Remedy = (typeof REMEDIES)[number];

/** The button each remedy is drawn as. */
export const REMEDY_LABELS: Readonly<Record<Remedy, string>> = {
  setApiKey: 'Set API Key…',
  retry: 'Retry',
  openSettings: 'Open Settings',
  openFolder: 'Open Folder…',
  showLog: 'Show Log',
};

export function remediesFor(failure: Pick<ImagesmithError, 'kind' | 'setting'>): Remedy[] {
  const settings: Remedy[] = failure.setting ? ['openSettings'] : [];
  switch (failure.kind) {
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
      return ['retry', ...settings, 'showLog'];
    case 'invalid-input':
      return [...settings, 'showLog'];
    case 'untrusted-address':
      return ['openSettings', 'showLog'];
    case 'no-workspace':
      return ['openFolder'];
    case 'cancelled':
      return [];
    default: {
      const unreachable: never = failure.kind;
      return unreachable;
    }
  }
}

/** The settings to show for a failure: the one at fault, else the provider's. */
export function settingsQuery(failure: Pick<ImagesmithError, 'setting'> | undefined, provider: string | undefined): string {
  return failure?.setting ?? (provider ? `imagesmith.providers.${provider}` : 'imagesmith');
}
