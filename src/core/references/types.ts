/**
 * An image a document names, as the finders see it: where its address is written, what
 * the markup says about it (alt text, size, title), and where an empty alt can be filled.
 * Nothing here knows VS Code: offsets are into the document's text.
 */

export type ReferenceSyntax = 'markdown' | 'html' | 'jsx' | 'css' | 'manifest';

/** A span of the document's text: [start, end). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface FoundReference extends Span {
  readonly syntax: ReferenceSyntax;
  /** The address as the syntax means it: entities decoded, backslash escapes and `<…>` removed. */
  readonly url: string;
  readonly width?: number;
  readonly height?: number;
  /** The alt text and where its value is written (an empty span for `alt=""` or `![](…)`). */
  readonly alt?: Span & { readonly text: string };
  /** Where ` alt="…"` goes when the element has no alt at all (img-like elements only). */
  readonly altInsertAt?: number;
  /** A title attribute, a Markdown link title, or a figure's caption: what the image is about. */
  readonly title?: string;
  /** What the surrounding file says the image is (a manifest's app name, say). */
  readonly about?: string;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** Where a reference points once resolved: a workspace file, or a placeholder service's URL. */
export type ReferenceTarget =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'placeholder'; readonly service: string; readonly text?: string };

export type PromptSource = 'alt' | 'caption' | 'title' | 'heading' | 'placeholder text' | 'file name' | 'manifest';

export interface ImageReference extends FoundReference {
  readonly target: ReferenceTarget;
  /** 0-based line of the address. */
  readonly line: number;
  readonly size?: Size;
  readonly prompt: string;
  readonly promptSource: PromptSource;
}
