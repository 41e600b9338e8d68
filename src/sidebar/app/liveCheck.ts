/**
 * The host's check of the rules between the values as they stand (checkValues): asked a
 * moment after the last change, and only the answer to the latest question counts.
 */
import type { ProviderId } from '../../core/types';
import type { ParamValues } from '../protocol/values';
import type { OptionNote } from '../protocol/views';
import { nextId, post } from './hostChannel';

/** Long enough to let a burst of typing settle, short enough to feel live. */
const CHECK_DELAY_MS = 120;

export class LiveCheck {
  private id = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `current` is read when the question is sent, so that it carries the latest values. */
  request(current: () => { provider: ProviderId; params: ParamValues; negativePrompt: string } | undefined): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const values = current();
      if (!values) return;
      this.id = nextId('check');
      const { provider, params, negativePrompt } = values;
      post({ type: 'checkValues', id: this.id, provider, params, ...(negativePrompt ? { negativePrompt } : {}) });
    }, CHECK_DELAY_MS);
  }

  isLatest(id: string): boolean {
    return id === this.id;
  }
}

/** The choices the other values rule out, by parameter and option. */
export function notesByKey(unavailable: readonly OptionNote[]): Map<string, Map<string, string>> {
  const notes = new Map<string, Map<string, string>>();
  for (const { key, option, note } of unavailable) notes.set(key, (notes.get(key) ?? new Map<string, string>()).set(option, note));
  return notes;
}
