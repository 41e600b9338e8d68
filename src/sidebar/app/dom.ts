/**
 * A few DOM helpers. Attributes and text only, never HTML strings: nothing from the
 * host or a file is parsed as markup, and no inline style attribute is written (the
 * CSP refuses them).
 */
type Child = Node | string | number | false | null | undefined;
type Attributes = Record<string, string | number | boolean | undefined | null>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'style') throw new Error('inline styles are refused by the CSP; use a class');
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(typeof child === 'number' ? String(child) : child);
  }
}

/** A codicon; decorative, so hidden from screen readers (the control around it carries the name). */
export function icon(name: string, extra = ''): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}${extra ? ` ${extra}` : ''}`, 'aria-hidden': 'true' });
}

/** A button with an icon and, unless `iconOnly`, its label as text; an icon-only button gets the label as its name and tooltip. */
export function button(label: string, options: { icon?: string; iconOnly?: boolean; kind?: 'primary' | 'secondary' | 'icon'; title?: string } = {}): HTMLButtonElement {
  const kind = options.kind ?? (options.iconOnly ? 'icon' : 'secondary');
  const element = h('button', { type: 'button', class: `button ${kind}`, title: options.title ?? (options.iconOnly ? label : undefined) });
  if (options.icon) element.append(icon(options.icon));
  if (options.iconOnly) element.setAttribute('aria-label', label);
  else element.append(h('span', { class: 'label' }, label));
  return element;
}

export function clear(element: Element): void {
  element.replaceChildren();
}

let unique = 0;
/** An id for label/aria wiring. */
export function uid(prefix: string): string {
  unique += 1;
  return `${prefix}-${unique}`;
}

/**
 * Gives a select these options (value and label) unless it has them already: replacing
 * the options of the select a keyboard user is on would be churn for nothing.
 */
export function setOptions(select: HTMLSelectElement, options: readonly (readonly [value: string, label: string])[]): void {
  const current = Array.from(select.options, (option) => [option.value, option.textContent ?? ''] as const);
  if (current.length === options.length && current.every(([value, label], index) => options[index]?.[0] === value && options[index]?.[1] === label)) return;
  select.replaceChildren(...options.map(([value, label]) => h('option', { value }, label)));
}
