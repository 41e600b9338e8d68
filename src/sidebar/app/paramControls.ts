/**
 * A provider's parameters as form controls, drawn from the host's control specs. Each
 * control reads and writes the panel's values and shows its own problems; the checks
 * are the shared ones of ../validate.ts.
 */
import * as l10n from '@vscode/l10n';
import type { ControlSpec, NumberControl, SeedControl, SizeListControl, SizePairControl } from '../protocol/controls';
import type { ParamValue, ParamValues } from '../protocol/values';
import { allowedSizes, type Problem } from '../validate';
import { button, h, uid } from './dom';

export interface ControlHost {
  values(): Readonly<ParamValues>;
  set(patch: ParamValues): void;
  /** The seed of the provider's last image, as the host last said. */
  lastSeed(): number | undefined;
  /** Why the other values rule out this choice ("not for dall-e-3"), if they do. */
  note(key: string, option: string): string | undefined;
}

export interface RenderedControl {
  readonly element: HTMLElement;
  readonly keys: readonly string[];
  /** Shows the values (after Reset or Use these settings) without rebuilding the control. */
  sync(values: Readonly<ParamValues>): void;
  mark(problems: readonly Problem[]): void;
  focus(): void;
}

/** The error line under a control, wired to the inputs that describe themselves by it. */
function errorSlot(): { element: HTMLParagraphElement; show(inputs: readonly HTMLElement[], message: string | undefined): void } {
  const element = h('p', { class: 'field-error', id: uid('error'), hidden: true });
  return {
    element,
    show(inputs, message) {
      element.hidden = message === undefined;
      element.textContent = message ?? '';
      for (const input of inputs) {
        if (message === undefined) input.removeAttribute('aria-invalid');
        else input.setAttribute('aria-invalid', 'true');
      }
    },
  };
}

function describedBy(input: HTMLElement, ...ids: Array<string | undefined>): void {
  const list = ids.filter((id): id is string => Boolean(id));
  if (list.length > 0) input.setAttribute('aria-describedby', list.join(' '));
}

function hint(text: string | undefined): HTMLParagraphElement | undefined {
  return text ? h('p', { class: 'field-hint', id: uid('hint') }, text) : undefined;
}

function numberText(value: ParamValue | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

/** A number input's value: null when empty or unreadable, so that the check can say so. */
function readNumber(input: HTMLInputElement): number | null {
  if (input.value.trim() === '' || input.validity.badInput) return null;
  const value = Number(input.value);
  return Number.isFinite(value) ? value : null;
}

function numberInput(id: string, rules: { min?: number; max?: number; step?: number; integer: boolean }): HTMLInputElement {
  return h('input', {
    id,
    type: 'number',
    class: 'input',
    min: rules.min,
    max: rules.max,
    step: rules.step ?? (rules.integer ? 1 : 'any'),
    inputmode: rules.integer ? 'numeric' : 'decimal',
  });
}

function messageFor(problems: readonly Problem[]): string | undefined {
  return problems.length > 0 ? problems.map((problem) => problem.message).join(' ') : undefined;
}

export function renderControl(spec: ControlSpec, host: ControlHost): RenderedControl {
  switch (spec.kind) {
    case 'number':
      return numberControl(spec, host);
    case 'select':
    case 'text': {
      const id = uid(spec.key);
      const about = hint(spec.description);
      const error = errorSlot();
      const input =
        spec.kind === 'select'
          ? h('select', { id, class: 'select' }, ...spec.options.map((option) => h('option', { value: option }, optionLabel(spec, option))))
          : h('input', { id, type: 'text', class: 'input', maxlength: spec.maxLength, spellcheck: 'false' });
      describedBy(input, about?.id, error.element.id);
      input.addEventListener(spec.kind === 'select' ? 'change' : 'input', () => host.set({ [spec.key]: input.value }));
      const element = h('div', { class: 'field' }, h('label', { for: id }, spec.title), input, about, error.element);
      return {
        element,
        keys: [spec.key],
        sync(values) {
          const value = values[spec.key];
          const text = typeof value === 'string' ? value : '';
          if (spec.kind === 'select' && input instanceof HTMLSelectElement && text && !spec.options.includes(text)) {
            // A remembered value the server no longer lists stays visible, and marked.
            input.querySelector('option[data-stray]')?.remove();
            input.prepend(h('option', { value: text, 'data-stray': true }, l10n.t('{0} (not offered)', text)));
          }
          if (spec.kind === 'select' && input instanceof HTMLSelectElement) {
            for (const option of Array.from(input.querySelectorAll<HTMLOptionElement>('option:not([data-stray])'))) {
              const note = host.note(spec.key, option.value);
              option.textContent = note ? l10n.t('{0} ({1})', optionLabel(spec, option.value), note) : optionLabel(spec, option.value);
              option.disabled = note !== undefined && option.value !== text;
            }
          }
          if (input.value !== text) input.value = text;
        },
        mark: (problems) => error.show([input], messageFor(problems)),
        focus: () => input.focus(),
      };
    }
    case 'boolean': {
      const id = uid(spec.key);
      const input = h('input', { id, type: 'checkbox', class: 'checkbox' });
      const about = hint(spec.description);
      const error = errorSlot();
      describedBy(input, about?.id, error.element.id);
      input.addEventListener('change', () => host.set({ [spec.key]: input.checked }));
      const element = h('div', { class: 'field checkbox-field' }, input, h('label', { for: id }, spec.title), about, error.element);
      return {
        element,
        keys: [spec.key],
        sync: (values) => {
          input.checked = values[spec.key] === true;
        },
        mark: (problems) => error.show([input], messageFor(problems)),
        focus: () => input.focus(),
      };
    }
    case 'seed':
      return seedControl(spec, host);
    case 'sizePair':
      return sizePairControl(spec, host);
    case 'sizeList':
      return sizeListControl(spec, host);
    default: {
      const unreachable: never = spec;
      return unreachable;
    }
  }
}

function optionLabel(spec: ControlSpec, option: string): string {
  return option === '' && spec.kind === 'select' && spec.emptyLabel ? spec.emptyLabel : option;
}

function numberControl(spec: NumberControl, host: ControlHost): RenderedControl {
  const id = uid(spec.key);
  const input = numberInput(id, { min: spec.min, max: spec.max, step: spec.multipleOf, integer: spec.integer });
  if (spec.nullable) input.placeholder = l10n.t('auto');
  // The word joiners keep a range on one line.
  const range = [spec.min, spec.max].every((bound) => bound !== undefined) ? `${spec.min}\u2060–\u2060${spec.max}` : undefined;
  const about = hint([spec.description, range && !spec.description?.includes(String(spec.max)) ? `(${range})` : undefined].filter(Boolean).join(' '));
  const error = errorSlot();
  describedBy(input, about?.id, error.element.id);
  input.addEventListener('input', () => host.set({ [spec.key]: readNumber(input) }));
  return {
    element: h('div', { class: 'field' }, h('label', { for: id }, spec.title), input, about, error.element),
    keys: [spec.key],
    sync(values) {
      const text = numberText(values[spec.key]);
      if (readNumber(input) !== values[spec.key] || input.value === '') input.value = text;
    },
    mark: (problems) => error.show([input], messageFor(problems)),
    focus: () => input.focus(),
  };
}

function seedControl(spec: SeedControl, host: ControlHost): RenderedControl {
  const randomId = uid('seed-random');
  const valueId = uid('seed');
  const random = h('input', { id: randomId, type: 'checkbox', class: 'checkbox' });
  const input = numberInput(valueId, { min: spec.min, max: spec.max, integer: true });
  input.setAttribute('aria-label', l10n.t('Seed value'));
  const reuse = button(l10n.t('Use the last seed'), { icon: 'history', iconOnly: true });
  const about = hint(spec.description);
  const error = errorSlot();
  describedBy(input, about?.id, error.element.id);
  let fixed: number | undefined;

  const pickFixed = (): number => {
    if (fixed !== undefined) return fixed;
    const last = host.lastSeed();
    if (last !== undefined) return last;
    const low = Math.max(spec.min, spec.random + 1, 1);
    const high = Math.min(spec.max, 2 ** 31 - 1);
    return low + Math.floor(Math.random() * (high - low));
  };
  random.addEventListener('change', () => host.set({ [spec.key]: random.checked ? spec.random : pickFixed() }));
  input.addEventListener('input', () => {
    const value = readNumber(input);
    if (value !== null) fixed = value;
    host.set({ [spec.key]: value });
  });
  reuse.addEventListener('click', () => {
    const last = host.lastSeed();
    if (last === undefined) return;
    fixed = last;
    host.set({ [spec.key]: last });
    input.focus();
  });

  const element = h(
    'fieldset',
    { class: 'field seed-field' },
    h('legend', {}, spec.title),
    h('div', { class: 'row' }, h('span', { class: 'checkbox-field' }, random, h('label', { for: randomId }, l10n.t('Random'))), input, reuse),
    about,
    error.element,
  );
  return {
    element,
    keys: [spec.key],
    sync(values) {
      const value = values[spec.key];
      const isRandom = value === spec.random;
      random.checked = isRandom;
      input.disabled = isRandom;
      input.placeholder = isRandom ? l10n.t('random') : '';
      if (isRandom) input.value = '';
      else if (readNumber(input) !== value) input.value = numberText(value);
      if (typeof value === 'number' && !isRandom) fixed = value;
      const last = host.lastSeed();
      reuse.disabled = last === undefined;
      const label = last === undefined ? l10n.t('No seed used yet') : l10n.t('Use the last seed ({0})', last);
      reuse.title = label;
      reuse.setAttribute('aria-label', label);
    },
    mark: (problems) => error.show([input], messageFor(problems)),
    focus: () => (input.disabled ? random : input).focus(),
  };
}

const CUSTOM = 'custom';

/** A preset's name: its size and which way it lies. */
function presetLabel(width: number, height: number): string {
  if (width === height) return l10n.t('{0} × {1} (square)', width, height);
  return width > height ? l10n.t('{0} × {1} (landscape)', width, height) : l10n.t('{0} × {1} (portrait)', width, height);
}

function sizePairControl(spec: SizePairControl, host: ControlHost): RenderedControl {
  const id = uid('size');
  const select = h(
    'select',
    { id, class: 'select' },
    ...spec.presets.map(([w, hgt]) => h('option', { value: `${w}x${hgt}` }, presetLabel(w, hgt))),
    h('option', { value: CUSTOM }, l10n.t('Custom…')),
  );
  const rules = { min: spec.min, max: spec.max, step: spec.multipleOf, integer: true };
  const width = numberInput(uid('width'), rules);
  const height = numberInput(uid('height'), rules);
  width.setAttribute('aria-label', l10n.t('Width in pixels'));
  height.setAttribute('aria-label', l10n.t('Height in pixels'));
  const custom = h('div', { class: 'row size-custom' }, width, h('span', { 'aria-hidden': 'true' }, '×'), height);
  const rule = spec.multipleOf ? l10n.t('{0}–{1} px, multiples of {2}', spec.min, spec.max, spec.multipleOf) : l10n.t('{0}–{1} px', spec.min, spec.max);
  const about = hint(rule);
  const error = errorSlot();
  for (const input of [select, width, height]) describedBy(input, about?.id, error.element.id);
  let forcedCustom = false;

  select.addEventListener('change', () => {
    if (select.value === CUSTOM) {
      forcedCustom = true;
      custom.hidden = false;
      width.focus();
      return;
    }
    forcedCustom = false;
    const [w, hgt] = select.value.split('x').map(Number);
    host.set({ [spec.widthKey]: w ?? null, [spec.heightKey]: hgt ?? null });
  });
  width.addEventListener('input', () => host.set({ [spec.widthKey]: readNumber(width) }));
  height.addEventListener('input', () => host.set({ [spec.heightKey]: readNumber(height) }));

  return {
    element: h('div', { class: 'field' }, h('label', { for: id }, spec.title), select, custom, about, error.element),
    keys: [spec.widthKey, spec.heightKey],
    sync(values) {
      const w = values[spec.widthKey];
      const hgt = values[spec.heightKey];
      const preset = spec.presets.find(([pw, ph]) => pw === w && ph === hgt);
      const isCustom = forcedCustom || !preset;
      select.value = isCustom ? CUSTOM : `${w}x${hgt}`;
      custom.hidden = !isCustom;
      if (readNumber(width) !== w) width.value = numberText(w);
      if (readNumber(height) !== hgt) height.value = numberText(hgt);
    },
    mark(problems) {
      const message = messageFor(problems);
      error.show([], message);
      for (const [input, key] of [
        [width, spec.widthKey],
        [height, spec.heightKey],
      ] as const) {
        if (problems.some((problem) => problem.key === key)) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
      }
      if (message) custom.hidden = false;
    },
    focus: () => (custom.hidden ? select : width).focus(),
  };
}

function sizeListControl(spec: SizeListControl, host: ControlHost): RenderedControl {
  const id = uid('size');
  const select = h('select', { id, class: 'select' });
  const about = hint(spec.description);
  const error = errorSlot();
  describedBy(select, about?.id, error.element.id);
  select.addEventListener('change', () => host.set({ [spec.key]: select.value }));
  const model = spec.modelKey;
  return {
    element: h('div', { class: 'field' }, h('label', { for: id }, spec.title), select, about, error.element),
    keys: [spec.key],
    sync(values) {
      const value = values[spec.key];
      const allowed = new Set(allowedSizes(spec, values));
      const modelName = model ? values[model] : undefined;
      const options = [...spec.options];
      if (typeof value === 'string' && !options.includes(value)) options.unshift(value);
      select.replaceChildren(
        ...options.map((size) => {
          const offered = spec.options.includes(size);
          const usable = offered && allowed.has(size);
          const ruledOut = host.note(spec.key, size);
          const shown = size.replace('x', ' × ');
          const text = !offered ? l10n.t('{0} (not offered)', shown) : !usable ? l10n.t('{0} (not for {1})', shown, String(modelName)) : ruledOut ? l10n.t('{0} ({1})', shown, ruledOut) : shown;
          return h('option', { value: size, disabled: (!usable || ruledOut !== undefined) && size !== value }, text);
        }),
      );
      select.value = typeof value === 'string' ? value : '';
    },
    mark: (problems) => error.show([select], messageFor(problems)),
    focus: () => select.focus(),
  };
}

/**
 * Draws `controls` into `box`. When the focus was in a control, it moves to the new control
 * of the same parameter: a redraw (a server's lists arriving, say) must not drop a keyboard
 * user's place onto the page's body.
 */
export function drawControls(box: HTMLElement, before: readonly RenderedControl[], controls: readonly RenderedControl[]): RenderedControl[] {
  const active = document.activeElement;
  const key = active ? before.find((control) => control.element.contains(active))?.keys[0] : undefined;
  box.replaceChildren(...controls.map((control) => control.element));
  if (key !== undefined) controls.find((control) => control.keys.includes(key))?.element.querySelector<HTMLElement>('input, select, textarea, button')?.focus({ preventScroll: true });
  return [...controls];
}
