/**
 * The providers as the panel shows them: key state, controls made from the schema,
 * the settings' defaults, what was last used. PopCord's server lists arrive later than
 * the first paint; the views are rebuilt when they do.
 */
import type * as vscode from 'vscode';
import { PROVIDER_IDS, type ProviderId } from '../core/types';
import type { GenerationService } from '../host/generationService';
import type { KeyStore } from '../host/keyStore';
import type { Settings } from '../host/settings';
import { PROVIDERS } from '../providers';
import { defaultValues } from '../core/params';
import { buildControls, plainValues } from './controlSpecs';
import { localizeControls } from './paramTexts';
import type { PanelMemory } from '../host/memory';
import { type ControlSpec } from './protocol/controls';
import { LIMITS, type ParamValues } from './protocol/values';
import { editViewOf } from './editViews';
import { type PanelState, type ProviderView } from './protocol/views';

type Choices = Readonly<Record<string, readonly string[]>>;

export class ProviderViews {
  private readonly choices = new Map<ProviderId, Choices>();

  constructor(
    private readonly generator: GenerationService,
    private readonly settings: Settings,
    private readonly keys: KeyStore,
    private readonly memory: PanelMemory,
  ) {}

  async state(folder: vscode.WorkspaceFolder | undefined): Promise<PanelState> {
    const providers = await Promise.all(PROVIDER_IDS.map((id) => this.view(id, folder)));
    return { providers, defaultProvider: this.settings.general().defaultProvider, hasFolder: folder !== undefined };
  }

  /** The values a generation starts from when the panel sends none: the settings over the schema's defaults. */
  defaults(id: ProviderId, folder: vscode.WorkspaceFolder | undefined): ParamValues {
    const provider = PROVIDERS[id];
    return plainValues(defaultValues(provider.params, this.settings.provider(provider, folder).defaults));
  }

  /** The panel's controls for a provider, with the server's lists where it has some. */
  controls(id: ProviderId): ControlSpec[] {
    const provider = PROVIDERS[id];
    return buildControls(provider.params, { choices: this.choices.get(id), onlySize: provider.onlySize });
  }

  private async view(id: ProviderId, folder: vscode.WorkspaceFolder | undefined): Promise<ProviderView> {
    const provider = PROVIDERS[id];
    const lastUsed = this.memory.lastUsed(id);
    const lastSeed = this.memory.lastSeed(id);
    const negativePrompt = provider.takesNegativePrompt ? this.settings.provider(provider, folder).negativePrompt?.trim() : undefined;
    const edit = editViewOf(provider, this.settings.provider(provider, folder).defaults);
    return {
      id,
      label: provider.label,
      needsKey: provider.needsKey,
      ...(provider.optionalKey ? { optionalKey: provider.optionalKey } : {}),
      hasKey: provider.needsKey || provider.optionalKey ? await this.keys.has(id) : false,
      takesNegativePrompt: provider.takesNegativePrompt,
      ...(negativePrompt ? { defaultNegativePrompt: negativePrompt.slice(0, LIMITS.negativePrompt) } : {}),
      // Worded for the person here; the host's own checks keep the English controls.
      controls: localizeControls(this.controls(id)),
      defaults: this.defaults(id, folder),
      ...(lastUsed ? { lastUsed } : {}),
      ...(lastSeed === undefined ? {} : { lastSeed }),
      ...(edit ? { edit } : {}),
    };
  }

  /** Reads the server lists; resolves true when any changed what the panel offers. */
  async loadChoices(folder: vscode.WorkspaceFolder | undefined): Promise<boolean> {
    let changed = false;
    await Promise.all(
      PROVIDER_IDS.map(async (id) => {
        const lists = await this.generator.choices(id, folder).catch(() => undefined);
        if (!lists) return;
        if (JSON.stringify(lists) !== JSON.stringify(this.choices.get(id))) {
          this.choices.set(id, lists);
          changed = true;
        }
      }),
    );
    return changed;
  }
}
