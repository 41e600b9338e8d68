/**
 * What the panel remembers for the person: the draft being written (per workspace, so
 * that it survives a window reload) and the values last used with each provider, with
 * the last seed (across workspaces). Stored values are parsed on the way back in: an
 * older or damaged entry is dropped rather than trusted.
 */
import type * as vscode from 'vscode';
import * as z from 'zod/mini';
import type { ProviderId } from '../core/types';
import { draft as draftSchema, LIMITS, paramValues, providerId, type Draft, type ParamValues } from '../sidebar/protocol/values';

const DRAFT_KEY = 'imagesmith.panel.draft';
const LAST_USED_KEY = 'imagesmith.panel.lastUsed';
/** What the Generate Image command remembers; a panel without a draft starts from it. */
const LAST_PROMPT_KEY = 'imagesmith.lastPrompt';

const lastUsedSchema = z.partialRecord(providerId, z.object({ values: paramValues, seed: z.optional(z.number()) }));
type LastUsed = z.infer<typeof lastUsedSchema>;

export class PanelMemory {
  constructor(
    private readonly workspace: vscode.Memento,
    private readonly global: vscode.Memento,
  ) {}

  /** The kept draft; without one, the last prompt the command generated from, for the default provider. */
  draft(defaultProvider: ProviderId): Draft | undefined {
    const stored = draftSchema.safeParse(this.workspace.get(DRAFT_KEY));
    if (stored.success) return stored.data;
    const prompt = this.lastPrompt();
    return prompt === undefined ? undefined : { provider: defaultProvider, prompt, negativePrompt: '', values: {} };
  }

  /** The prompt last generated from, anywhere: the palette offers it again. */
  lastPrompt(): string | undefined {
    const prompt = this.global.get<unknown>(LAST_PROMPT_KEY);
    return typeof prompt === 'string' && prompt.length <= LIMITS.prompt ? prompt : undefined;
  }

  /** Kept before the generation starts, so that a failure does not lose it. */
  async rememberPrompt(prompt: string): Promise<void> {
    await this.global.update(LAST_PROMPT_KEY, prompt);
  }

  async saveDraft(draft: Draft): Promise<void> {
    await this.workspace.update(DRAFT_KEY, draft);
  }

  private lastUsedAll(): LastUsed {
    const stored = lastUsedSchema.safeParse(this.global.get(LAST_USED_KEY));
    return stored.success ? stored.data : {};
  }

  lastUsed(provider: ProviderId): ParamValues | undefined {
    return this.lastUsedAll()[provider]?.values;
  }

  /**
   * The values the panel holds for a provider now: what the person set in it over what
   * was last used. The palette and the selection command generate with them too.
   */
  panelValues(provider: ProviderId): ParamValues | undefined {
    const stored = draftSchema.safeParse(this.workspace.get(DRAFT_KEY));
    const set = stored.success ? stored.data.values[provider] : undefined;
    const last = this.lastUsed(provider);
    return set || last ? { ...last, ...set } : undefined;
  }

  lastSeed(provider: ProviderId): number | undefined {
    return this.lastUsedAll()[provider]?.seed;
  }

  /** After a generation: the values it used and, when the provider told, the seed it made with. */
  async remember(provider: ProviderId, values: ParamValues, seed: number | undefined, prompt: string): Promise<void> {
    const all = this.lastUsedAll();
    const previous = all[provider];
    const keptSeed = seed ?? previous?.seed;
    all[provider] = { values, ...(keptSeed === undefined ? {} : { seed: keptSeed }) };
    await this.global.update(LAST_USED_KEY, all);
    await this.rememberPrompt(prompt);
  }
}
