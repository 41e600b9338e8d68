/**
 * The generator form: provider, prompt, negative prompt, parameters and Generate. The draft
 * is kept in the webview's state at every change and sent to the host shortly after.
 */
import * as l10n from '@vscode/l10n';
import { LIMITS, type Draft, type Failure, type ParamValues } from '../protocol/values';
import { type OptionNote, type PanelState, type ProviderView } from '../protocol/views';
import { checkControl, checkValues, mergeValues, type Problem } from '../validate';
import { drawControls, renderControl, type ControlHost, type RenderedControl } from './paramControls';
import { button, h, setOptions, uid } from './dom';
import { nextId, post } from './hostChannel';
import { LiveCheck, notesByKey } from './liveCheck';
import { exportRecipeField } from './exportField';
import { FormError, showFieldError } from './formError';
import { drawKeyStatus, keyText } from './keyStatus';
import type { SourceSlot } from './sourceSlot';

export interface GeneratorEvents {
  /** The draft changed; keep it. */
  saved(draft: Draft, parametersOpen: boolean): void;
  announce(text: string): void;
}

const isMac = /Mac|iPhone|iPad/.test(navigator.userAgent);
const SEND_DRAFT_DELAY_MS = 400;

export class Generator {
  readonly element: HTMLElement;
  private state: PanelState | undefined;
  private draft: Draft;
  private controls: RenderedControl[] = [];
  /** What the controls were drawn from, so that an update that changes nothing keeps them (and the focus in them). */
  private drawn = '';
  /** Problems the host found in the values last sent, until the value changes. */
  private hostProblems: Problem[] = [];
  /** What the host's live check of the rules between values found, for the values as they stand. */
  private liveProblems: Problem[] = [];
  /** Choices the other values rule out, by parameter and option. */
  private notes = new Map<string, Map<string, string>>();
  private readonly liveCheck = new LiveCheck();
  private isReconciled = false;
  private tried = false;
  private generateWhenReady = false;
  private sendTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly providerSelect: HTMLSelectElement;
  private readonly keyStatus: HTMLElement;
  private readonly prompt: HTMLTextAreaElement;
  private readonly promptError: HTMLElement;
  private readonly negativeField: HTMLElement;
  private readonly negative: HTMLTextAreaElement;
  private readonly negativeError: HTMLElement;
  private readonly exportInput: HTMLInputElement;
  private readonly parameters: HTMLDetailsElement;
  private readonly controlsBox: HTMLElement;
  private readonly formError: FormError;
  private readonly generateButton: HTMLButtonElement;

  constructor(
    draft: Draft,
    parametersOpen: boolean,
    jobs: HTMLElement,
    private readonly events: GeneratorEvents,
    private readonly source?: Pick<SourceSlot, 'element' | 'setProvider' | 'request'>,
  ) {
    this.draft = draft;
    const providerId = uid('provider');
    const promptId = uid('prompt');
    const negativeId = uid('negative');
    this.providerSelect = h('select', { id: providerId, class: 'select' });
    this.keyStatus = h('div', { class: 'key-status', 'aria-live': 'polite' });
    this.promptError = h('p', { class: 'field-error', id: uid('error'), hidden: true });
    const shortcut = isMac ? '⌘+Enter' : 'Ctrl+Enter';
    const promptHint = h('p', { class: 'field-hint', id: uid('hint') }, l10n.t('{0} generates.', shortcut));
    this.prompt = h('textarea', {
      id: promptId,
      class: 'textarea',
      rows: 4,
      maxlength: LIMITS.prompt,
      placeholder: l10n.t('Describe the image…'),
      'aria-describedby': `${promptHint.id} ${this.promptError.id}`,
      'aria-keyshortcuts': isMac ? 'Meta+Enter' : 'Control+Enter',
    });
    this.negativeError = h('p', { class: 'field-error', id: uid('error'), hidden: true });
    this.negative = h('textarea', { id: negativeId, class: 'textarea', rows: 2, maxlength: LIMITS.negativePrompt, 'aria-describedby': this.negativeError.id });
    this.negativeField = h('div', { class: 'field' }, h('label', { for: negativeId }, l10n.t('Negative prompt')), this.negative, this.negativeError);
    const { field: exportField, input: exportInput } = exportRecipeField();
    this.exportInput = exportInput;
    this.controlsBox = h('div', { class: 'controls' });
    const reset = button(l10n.t('Reset to the settings’ defaults'), { icon: 'discard', iconOnly: true });
    const settings = button(l10n.t('Open the provider’s settings'), { icon: 'settings-gear', iconOnly: true });
    this.parameters = h(
      'details',
      { class: 'parameters', open: parametersOpen },
      h('summary', {}, h('span', { class: 'summary-title' }, l10n.t('Parameters'))),
      h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': l10n.t('Parameters') }, reset, settings),
      this.controlsBox,
    );
    this.formError = new FormError(() => post({ type: 'openSettings', provider: this.draft.provider }));
    this.generateButton = button(l10n.t('Generate'), { icon: 'sparkle', kind: 'primary', title: l10n.t('Generate ({0})', shortcut) });
    this.generateButton.classList.add('generate');

    this.element = h(
      'section',
      { class: 'generator', 'aria-label': l10n.t('Generate an image') },
      h('div', { class: 'field' }, h('label', { for: providerId }, l10n.t('Provider')), this.providerSelect, this.keyStatus),
      this.source?.element,
      h('div', { class: 'field' }, h('label', { for: promptId }, l10n.t('Prompt')), this.prompt, promptHint, this.promptError),
      this.negativeField,
      exportField,
      this.formError.element,
      this.generateButton,
      // Progress and errors right under Generate, where the eye is; the long parameter list comes after.
      jobs,
      this.parameters,
    );

    this.providerSelect.addEventListener('change', () => {
      this.draft = { ...this.draft, provider: this.providerSelect.value as Draft['provider'] };
      this.hostProblems = [];
      this.tried = false;
      this.renderProvider();
      this.changed();
    });
    this.prompt.addEventListener('input', () => {
      this.draft = { ...this.draft, prompt: this.prompt.value };
      this.hostProblems = this.hostProblems.filter((problem) => problem.key !== 'prompt');
      this.showPromptProblem();
      this.changed();
    });
    this.negative.addEventListener('input', () => {
      this.draft = { ...this.draft, negativePrompt: this.negative.value };
      this.changed();
      this.requestCheck();
    });
    this.exportInput.addEventListener('input', () => {
      this.draft = { ...this.draft, export: this.exportInput.value };
      this.changed();
    });
    this.parameters.addEventListener('toggle', () => this.changed(false));
    reset.addEventListener('click', () => {
      const provider = this.provider();
      if (!provider) return;
      this.setValues({ ...provider.defaults }, true);
      this.events.announce(l10n.t('{0} parameters reset to the settings’ defaults.', provider.label));
    });
    settings.addEventListener('click', () => post({ type: 'openSettings', provider: this.draft.provider }));
    this.generateButton.addEventListener('click', () => this.generate());
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.generate();
      }
    });
    this.prompt.value = draft.prompt;
    this.negative.value = draft.negativePrompt;
    this.exportInput.value = draft.export ?? '';
  }

  /** New provider views from the host: key state, server lists, defaults. */
  setState(state: PanelState): void {
    this.state = state;
    // What the host refused was refused in another state (a key since set, a file since made): the live check says what holds now.
    this.hostProblems = [];
    if (!state.providers.some((provider) => provider.id === this.draft.provider)) this.draft = { ...this.draft, provider: state.defaultProvider };
    setOptions(this.providerSelect, state.providers.map((provider) => [provider.id, l10n.t('{0} — {1}', provider.label, keyText(provider))] as const));
    this.providerSelect.value = this.draft.provider;
    this.renderProvider();
    if (this.generateWhenReady) this.generate();
  }

  /** Puts the caret in the prompt; only when the view itself is focused, never on load (that would take the focus from an editor). */
  focusPrompt(): void {
    this.prompt.focus();
  }

  /** The host's kept draft, for a page with none of its own; what was typed before it came stays (true then). */
  restore(draft: Draft, loaded: Draft): boolean {
    const typed = (['prompt', 'negativePrompt', 'export'] as const).filter((key) => this.draft[key] !== loaded[key]);
    this.draft = { ...draft, ...Object.fromEntries(typed.map((key) => [key, this.draft[key]])) };
    this.prompt.value = this.draft.prompt;
    this.negative.value = this.draft.negativePrompt;
    this.exportInput.value = this.draft.export ?? '';
    if (this.state) this.setState(this.state);
    return typed.length > 0;
  }

  /** "Use these settings" from a gallery image. */
  apply(settings: { provider: Draft['provider']; prompt: string; negativePrompt: string; values: ParamValues; export?: string }): void {
    // A derived file's recipe comes back with it, so that generating re-exports the set; a source's clears it.
    this.exportInput.value = settings.export ?? '';
    this.draft = {
      ...this.draft,
      export: this.exportInput.value,
      provider: settings.provider,
      prompt: settings.prompt,
      negativePrompt: settings.negativePrompt,
      values: { ...this.draft.values, [settings.provider]: { ...this.draft.values[settings.provider], ...settings.values } },
    };
    this.prompt.value = settings.prompt;
    this.negative.value = settings.negativePrompt;
    this.hostProblems = [];
    if (this.state) this.setState(this.state);
    this.changed();
    this.prompt.focus();
  }

  /** A job failed on a value: marks its control, leaving the focus where it is; the control's title when marked. */
  markRefused(failure: Failure): string | undefined {
    const key = failure.parameter;
    const index = key === undefined ? -1 : this.controls.findIndex((rendered) => rendered.keys.includes(key));
    const spec = this.provider()?.controls[index];
    if (key === undefined || !spec) return undefined;
    this.hostProblems = [...this.hostProblems.filter((problem) => problem.key !== key), { key, message: failure.message }];
    this.parameters.open = true;
    this.revalidate();
    return spec.title;
  }

  /** The host refused the values before a job started. */
  refused(failure: Failure): void {
    const key = failure.parameter;
    const control = key ? this.controls.find((rendered) => rendered.keys.includes(key)) : undefined;
    if (key === 'prompt' || control) {
      this.hostProblems = [{ key: key ?? 'prompt', message: failure.message }];
      this.revalidate();
      if (key === 'prompt') this.prompt.focus();
      else control?.focus();
    }
    this.exportInput.toggleAttribute('aria-invalid', key === 'export');
    if (key === 'export') this.exportInput.focus();
    this.formError.show(failure.message, failure.actions.includes('openSettings'));
    this.events.announce(failure.message);
  }

  currentProvider(): Draft['provider'] {
    return this.draft.provider;
  }

  private provider(): ProviderView | undefined {
    return this.state?.providers.find((provider) => provider.id === this.draft.provider);
  }

  private values(): ParamValues {
    const provider = this.provider();
    if (!provider) return {};
    return mergeValues(provider.controls, provider.defaults, provider.lastUsed, this.draft.values[provider.id]);
  }

  private setValues(patch: ParamValues, replace = false): void {
    const id = this.draft.provider;
    const previous = replace ? {} : (this.draft.values[id] ?? {});
    this.draft = { ...this.draft, values: { ...this.draft.values, [id]: { ...previous, ...patch } } };
    const changedKeys = new Set(Object.keys(patch));
    this.hostProblems = this.hostProblems.filter((problem) => !changedKeys.has(problem.key));
    const values = this.values();
    for (const control of this.controls) control.sync(values);
    this.revalidate();
    this.changed();
    this.requestCheck();
  }

  /** The host's answer to the last check of the values; an answer to an older one is dropped. */
  checked(id: string, problems: readonly Problem[], unavailable: readonly OptionNote[]): void {
    if (!this.liveCheck.isLatest(id)) return;
    this.liveProblems = [...problems];
    this.notes = notesByKey(unavailable);
    const values = this.values();
    for (const control of this.controls) control.sync(values);
    this.revalidate();
  }

  /** Asks the host to check the rules between the values as they stand now. */
  private requestCheck(): void {
    this.liveCheck.request(() => {
      const provider = this.provider();
      return provider && { provider: provider.id, params: this.values(), negativePrompt: provider.takesNegativePrompt ? this.negative.value.trim() : '' };
    });
  }

  private renderProvider(): void {
    const provider = this.provider();
    if (!provider) return;
    drawKeyStatus(this.keyStatus, provider);
    this.source?.setProvider(provider);
    this.negativeField.hidden = !provider.takesNegativePrompt;
    this.negative.placeholder = provider.defaultNegativePrompt ? l10n.t('From the settings: {0}', provider.defaultNegativePrompt) : l10n.t('What the image should not show');
    const drawn = JSON.stringify([provider.id, provider.controls]);
    if (drawn !== this.drawn) {
      const host: ControlHost = {
        values: () => this.values(),
        set: (patch) => this.setValues(patch),
        lastSeed: () => this.provider()?.lastSeed,
        note: (key, option) => this.notes.get(key)?.get(option),
      };
      this.controls = drawControls(this.controlsBox, this.controls, provider.controls.map((spec) => renderControl(spec, host)));
      this.drawn = drawn;
    }
    const values = this.values();
    for (const control of this.controls) control.sync(values);
    this.revalidate();
    this.requestCheck();
  }

  /** Marks every control with its problems: its own checks, and what the host said. */
  private revalidate(): Problem[] {
    const provider = this.provider();
    if (!provider) return [];
    const values = this.values();
    const all: Problem[] = [];
    for (const control of this.controls) {
      const spec = provider.controls[this.controls.indexOf(control)];
      if (!spec) continue;
      const problems = [...checkControl(spec, values, provider.id), ...[...this.liveProblems, ...this.hostProblems].filter((problem) => control.keys.includes(problem.key))];
      control.mark(problems);
      all.push(...problems);
    }
    const negative = this.liveProblems.filter((problem) => problem.key === 'negativePrompt');
    showFieldError(this.negative, this.negativeError, negative.length > 0 ? negative.map((problem) => problem.message).join(' ') : undefined);
    all.push(...negative);
    if (all.length === 0 && this.formError.kind === 'values') this.formError.hide();
    return all;
  }

  private promptProblem(): string | undefined {
    const host = this.hostProblems.find((problem) => problem.key === 'prompt');
    if (host) return host.message;
    if (this.tried && !this.prompt.value.trim()) return l10n.t('Write what the image should show.');
    return undefined;
  }

  private showPromptProblem(): void {
    showFieldError(this.prompt, this.promptError, this.promptProblem());
  }

  generate(): void {
    const provider = this.provider();
    // Asked before the host's first answer came: done once it has.
    this.generateWhenReady = !provider;
    if (!provider) return;
    this.tried = true;
    this.showPromptProblem();
    const values = this.values();
    const problems = [...checkValues(provider.controls, values, provider.id), ...this.liveProblems];
    const prompt = this.prompt.value.trim();
    if (!prompt) {
      this.prompt.focus();
      this.events.announce(l10n.t('Write a prompt first.'));
      return;
    }
    if (problems.length > 0) {
      this.parameters.open = true;
      this.revalidate();
      const first = this.controls.find((control) => problems.some((problem) => control.keys.includes(problem.key)));
      if (first) first.focus();
      else if (problems.some((problem) => problem.key === 'negativePrompt')) this.negative.focus();
      const message = problems.length === 1 ? l10n.t('Fix the marked value first.') : l10n.t('Fix the {0} marked values first.', problems.length);
      this.formError.show(message, false, 'values');
      this.events.announce(message);
      return;
    }
    this.formError.hide();
    this.tried = false;
    const negativePrompt = provider.takesNegativePrompt ? this.negative.value.trim() : '';
    const exportText = this.exportInput.value.trim();
    const edit = this.source?.request();
    post({
      type: 'generate',
      id: nextId('job'),
      provider: provider.id,
      prompt,
      ...(negativePrompt ? { negativePrompt } : {}),
      params: values,
      ...(exportText ? { export: exportText } : {}),
      ...(edit ? { edit } : {}),
    });
    this.events.announce(l10n.t('Generating with {0}.', provider.label));
  }

  /**
   * The page has weighed its own draft against the host's (after a reload the host's may be
   * newer). Until then nothing is sent, so that an early change (the Parameters section
   * opening) cannot overwrite the host's newer draft with this page's older one.
   */
  reconciled(keptOwn: boolean): void {
    this.isReconciled = true;
    if (keptOwn) this.changed(true);
  }

  private changed(sendNow = false): void {
    this.draft = { ...this.draft, updatedAt: Date.now() };
    this.events.saved(this.draft, this.parameters.open);
    if (!this.isReconciled) return;
    if (this.sendTimer) clearTimeout(this.sendTimer);
    const send = () => post({ type: 'saveDraft', draft: this.draft });
    if (sendNow) send();
    else this.sendTimer = setTimeout(send, SEND_DRAFT_DELAY_MS);
  }
}
