/**
 * The generator's Source image slot (page side), shown for the providers that can edit:
 * the image to start from (chosen through the host's picker, dropped from the Explorer
 * with Shift held, or taken from a gallery tile), its thumbnail with the mask painter over
 * it, the strength, and reference images for the providers that take several. The page
 * only shows what the host hands it; a generation names the paths and the host reads them.
 */
import type { ImageRef } from '../protocol/values';
import type { ChooseSourceResult, EditView, KeptSource, PanelEdit, RecalledSource, SourceOrigin, SourceRole, SourceView } from '../protocol/sourceImages';
import type { ProviderView } from '../protocol/views';
import { button, h, icon, uid } from './dom';
import { nextId, post } from './hostChannel';
import { MaskPainter } from './maskPainter';
import { SOURCE_STRINGS as S } from './sourceStrings';

/** What VS Code puts on a drop from its Explorer into a webview (Shift held): URIs, one a line. */
const URI_LIST_TYPES = ['application/vnd.code.uri-list', 'text/uri-list'];
/** The older form some builds send: a JSON array of URIs. */
const RESOURCE_URLS = 'resourceurls';

export class SourceSlot {
  readonly element: HTMLFieldSetElement;
  private provider: ProviderView | undefined;
  private source: SourceView | undefined;
  private references: SourceView[] = [];
  /** The strength the person chose; until then the provider's default is shown and none is sent. */
  private strength: number | undefined;
  private readonly asked = new Map<string, SourceRole>();
  private readonly painter: MaskPainter;
  private readonly empty: HTMLElement;
  private readonly filled: HTMLElement;
  private readonly picture: HTMLImageElement;
  private readonly caption: HTMLElement;
  /** Why the last image asked for was refused (outside the workspace, not an image), until the next one comes. */
  private readonly problem: HTMLElement;
  private readonly problemText: HTMLElement;
  private readonly strengthField: HTMLElement;
  private readonly strengthInput: HTMLInputElement;
  private readonly strengthValue: HTMLOutputElement;
  private readonly strengthNote: HTMLElement;
  private readonly maskField: HTMLElement;
  private readonly maskToggle: HTMLInputElement;
  private readonly referencesField: HTMLElement;
  private readonly referencesLabel: HTMLElement;
  private readonly referenceList: HTMLUListElement;

  constructor(
    private readonly announce: (text: string) => void,
    /** The slot changed: the page keeps it for when the view is shown again. */
    private readonly kept: (state: KeptSource | undefined) => void,
  ) {
    this.painter = new MaskPainter(announce);
    const hint = h('p', { class: 'field-hint', id: uid('hint') }, S.hint);
    const choose = button(S.choose, { icon: 'file-media', title: S.chooseTitle });
    this.empty = h('div', { class: 'source-empty' }, choose, h('span', { class: 'source-drop-hint' }, S.dropHere));
    this.problemText = h('span');
    this.problem = h('p', { class: 'source-problem', hidden: true }, icon('warning'), this.problemText);
    this.picture = h('img', { class: 'source-picture', alt: '' });
    const stage = h('div', { class: 'mask-stage' }, this.picture, ...this.painter.layers);
    this.caption = h('p', { class: 'source-caption' });
    const change = button(S.change, { icon: 'replace', title: S.chooseTitle });
    const clear = button(S.clear, { icon: 'close', iconOnly: true });
    this.filled = h('div', { class: 'source-filled', hidden: true }, stage, h('div', { class: 'row source-bar' }, this.caption, change, clear));

    const strengthId = uid('strength');
    const strengthHint = h('p', { class: 'field-hint', id: uid('hint') }, S.strengthHint);
    this.strengthInput = h('input', { id: strengthId, class: 'input strength', type: 'range', min: 0, max: 1, step: 0.05, 'aria-describedby': strengthHint.id });
    this.strengthValue = h('output', { for: strengthId, class: 'strength-value' });
    this.strengthField = h('div', { class: 'field' }, h('label', { for: strengthId }, S.strength), h('div', { class: 'row' }, this.strengthInput, this.strengthValue), strengthHint);
    this.strengthNote = h('p', { class: 'field-hint', hidden: true });

    const maskId = uid('mask');
    this.maskToggle = h('input', { id: maskId, type: 'checkbox', class: 'checkbox' });
    this.maskField = h('div', { class: 'checkbox-field' }, this.maskToggle, h('label', { for: maskId }, S.maskToggle));

    this.referencesLabel = h('span', { id: uid('references') });
    this.referenceList = h('ul', { class: 'reference-list', 'aria-labelledby': this.referencesLabel.id });
    const addReferences = button(S.addReferences, { icon: 'add' });
    this.referencesField = h(
      'div',
      { class: 'field references' },
      this.referencesLabel,
      h('p', { class: 'field-hint' }, S.referencesHint),
      this.referenceList,
      addReferences,
    );

    this.element = h(
      'fieldset',
      { class: 'source-slot', 'aria-describedby': hint.id, hidden: true },
      h('legend', {}, S.legend),
      hint,
      this.empty,
      this.filled,
      this.problem,
      this.maskField,
      this.painter.tools,
      this.strengthField,
      this.strengthNote,
      this.referencesField,
    );

    choose.addEventListener('click', () => this.ask('source', { from: 'pick' }));
    change.addEventListener('click', () => this.ask('source', { from: 'pick' }));
    clear.addEventListener('click', () => {
      this.setSource(undefined);
      choose.focus();
      this.announce(S.cleared);
    });
    addReferences.addEventListener('click', () => this.ask('references', { from: 'pick' }));
    this.strengthInput.addEventListener('input', () => {
      this.strength = Number(this.strengthInput.value);
      this.strengthValue.textContent = this.strengthInput.value;
      this.changed();
    });
    this.maskToggle.addEventListener('change', () => this.render());
    this.acceptDrops(this.element, 'source');
    this.acceptDrops(this.referencesField, 'references');
  }

  /** The provider chosen: the slot shows when it can edit, with what it takes. */
  setProvider(provider: ProviderView): void {
    this.provider = provider;
    this.render();
  }

  /** A gallery tile's "Use as source image". */
  useGalleryImage(image: ImageRef): void {
    this.ask('source', { from: 'gallery', image });
  }

  /** "Use these settings": the edited image's source, references and strength, or none for an image made from nothing. */
  restore(recalled: RecalledSource | undefined): void {
    this.strength = recalled?.strength;
    this.references = [];
    if (recalled) this.ask('source', { from: 'paths', paths: recalled.paths });
    else this.setSource(undefined);
  }

  /** The slot as the page kept it before the view was hidden or the window reloaded. */
  keep(state: KeptSource): void {
    this.strength = state.strength;
    this.references = [...state.references];
    this.setSource(state.source);
  }

  /** What a generation starts from; undefined to start from nothing. */
  request(): PanelEdit | undefined {
    const view = this.edit();
    if (!view || !this.source) return undefined;
    const mask = view.takesMask ? this.painter.png() : undefined;
    const strength = this.strengthShown(view, mask !== undefined) ? this.strength : undefined;
    return {
      source: this.source.path,
      references: this.references.slice(0, view.maxImages - 1).map((image) => image.path),
      ...(strength === undefined ? {} : { strength }),
      ...(mask ? { mask } : {}),
    };
  }

  /** The host's answer to a choice; an answer to a request this page did not make is dropped. */
  chosen(result: ChooseSourceResult): void {
    const role = this.asked.get(result.id);
    if (!role) return;
    this.asked.delete(result.id);
    this.problem.hidden = !result.message;
    this.problemText.textContent = result.message ?? '';
    if (result.message) this.announce(result.message);
    const [first, ...rest] = result.images;
    if (!first) return;
    if (role === 'source') {
      this.setSource(first);
      if (rest.length > 0) this.addReferences(rest);
      this.announce(this.edit() ? S.chosen(first.path) : S.needsEditor(first.path));
    } else {
      this.addReferences(result.images);
    }
  }

  private ask(role: SourceRole, origin: SourceOrigin): void {
    const id = nextId('source');
    this.asked.set(id, role);
    post({ type: 'chooseSource', id, role, origin });
  }

  private edit(): EditView | undefined {
    return this.provider?.edit;
  }

  private setSource(source: SourceView | undefined): void {
    this.source = source;
    if (!source) {
      this.references = [];
      this.strength = undefined;
      this.maskToggle.checked = false;
    } else {
      this.painter.reset(source.width, source.height);
      this.picture.alt = S.previewAlt(source.path);
      if (source.src) this.picture.src = source.src;
      else this.picture.removeAttribute('src');
      this.picture.width = source.width;
      this.picture.height = source.height;
      this.caption.textContent = `${source.path} · ${S.size(source.width, source.height)}`;
    }
    this.render();
    this.changed();
  }

  private changed(): void {
    this.kept(this.source ? { source: this.source, references: this.references, ...(this.strength === undefined ? {} : { strength: this.strength }) } : undefined);
  }

  private addReferences(images: readonly SourceView[]): void {
    const most = Math.max(0, (this.edit()?.maxImages ?? 1) - 1);
    const known = new Set(this.references.map((image) => image.path));
    const added = images.filter((image) => !known.has(image.path) && image.path !== this.source?.path);
    this.references = [...this.references, ...added].slice(0, most);
    if (this.references.length < [...known, ...added].length) this.announce(S.tooManyReferences(most));
    else if (added.length > 0) this.announce(S.referencesAdded(added.length));
    this.render();
    this.changed();
  }

  /** Whether the strength means something for this provider as the edit stands (not for OpenAI, nor Stability's inpaint). */
  private strengthShown(view: EditView, masked: boolean): boolean {
    return (masked ? view.maskedStrength : view.strength) !== undefined;
  }

  private render(): void {
    const view = this.edit();
    this.element.hidden = !view;
    if (!view) return;
    const has = this.source !== undefined;
    this.empty.hidden = has;
    this.filled.hidden = !has;
    this.maskField.hidden = !has || !view.takesMask;
    const masking = has && view.takesMask && this.maskToggle.checked;
    this.painter.setEnabled(masking);
    const fallback = masking ? view.maskedStrength : view.strength;
    this.strengthField.hidden = !has || fallback === undefined;
    this.strengthNote.hidden = !has || fallback !== undefined || !masking;
    this.strengthNote.textContent = S.noStrength(this.provider?.label ?? '');
    const strength = this.strength ?? fallback ?? 0;
    this.strengthInput.value = String(strength);
    this.strengthValue.textContent = String(strength);
    const most = view.maxImages - 1;
    this.referencesField.hidden = !has || most < 1;
    this.referencesLabel.textContent = S.references(most);
    this.referenceList.replaceChildren(
      ...this.references.map((image) => {
        const remove = button(S.removeReference(image.path), { icon: 'close', iconOnly: true });
        remove.addEventListener('click', () => {
          this.references = this.references.filter((other) => other !== image);
          this.render();
          this.changed();
        });
        return h('li', { class: 'reference' }, h('span', { class: 'reference-path' }, image.path), remove);
      }),
    );
  }

  /** Files dragged from VS Code's Explorer arrive as URI lists; anything else is left to the page. */
  private acceptDrops(target: HTMLElement, role: SourceRole): void {
    const carriesUris = (event: DragEvent) => [...URI_LIST_TYPES, RESOURCE_URLS].some((type) => event.dataTransfer?.types.includes(type));
    target.addEventListener('dragover', (event) => {
      if (!this.edit() || !carriesUris(event)) return;
      event.preventDefault();
      event.stopPropagation();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
      target.classList.add('drop-target');
    });
    target.addEventListener('dragleave', () => target.classList.remove('drop-target'));
    target.addEventListener('drop', (event) => {
      target.classList.remove('drop-target');
      if (!this.edit() || !carriesUris(event)) return;
      event.preventDefault();
      event.stopPropagation();
      const uris = droppedUris(event.dataTransfer);
      if (uris.length > 0) this.ask(role, { from: 'drop', uris: uris.slice(0, 16) });
    });
  }
}

function droppedUris(data: DataTransfer | null): string[] {
  if (!data) return [];
  for (const type of URI_LIST_TYPES) {
    const lines = data.getData(type).split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
    if (lines.length > 0) return lines;
  }
  try {
    const parsed: unknown = JSON.parse(data.getData(RESOURCE_URLS) || '[]');
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
