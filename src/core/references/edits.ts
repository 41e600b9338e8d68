/**
 * The text changes that follow a generation: the address of a placeholder (or of a file
 * whose extension had to follow the image's format) rewritten to the saved file, and an
 * empty alt filled with the prompt. Written as each syntax needs it, so that the page
 * still parses: `%20` for spaces in an address, entities in HTML attributes, escapes in
 * Markdown alt text and JSON strings.
 */
import { encodeSegment, isRootRelative, relativeAddress } from './resolve';
import type { ImageReference, Span } from './types';

export interface TextChange extends Span {
  readonly text: string;
}

/** The address to write for a saved workspace file: root-relative when the reference was and the file is served from there. */
export function addressFor(reference: ImageReference, savedPath: string, documentPath: string, publicDir: string | undefined): string {
  const rooted = isRootRelative(reference.url);
  const root = publicDir ?? '';
  if (rooted || (publicDir !== undefined && reference.target.kind === 'placeholder' && savedPath.startsWith(`${root}/`))) {
    const inside = root === '' ? savedPath : savedPath.startsWith(`${root}/`) ? savedPath.slice(root.length + 1) : undefined;
    if (inside !== undefined) return `/${inside.split('/').map(encodeSegment).join('/')}`;
  }
  return relativeAddress(documentPath, savedPath);
}

function escapeFor(reference: ImageReference, text: string): string {
  switch (reference.syntax) {
    case 'markdown':
      return text.replace(/[\\[\]]/g, '\\$&').replace(/\s+/g, ' ');
    case 'html':
      return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/\s+/g, ' ');
    case 'jsx':
      return text.replace(/"/g, "'").replace(/[{}<>]/g, '').replace(/\s+/g, ' ');
    case 'manifest':
      return JSON.stringify(text).slice(1, -1);
    case 'css':
      return text;
    default: {
      const unknown: never = reference.syntax;
      return String(unknown);
    }
  }
}

/** Alt text from a prompt: one line, not too long to read aloud. */
export function altFromPrompt(prompt: string): string {
  const flat = prompt.replace(/\s+/g, ' ').trim();
  return flat.length <= 150 ? flat : `${flat.slice(0, 149).replace(/\s+\S*$/, '')}…`;
}

/** Fills an empty or missing alt with the prompt; nothing when the reference has alt text. */
export function altChange(reference: ImageReference, prompt: string): TextChange | undefined {
  const alt = escapeFor(reference, altFromPrompt(prompt));
  if (alt === '') return undefined;
  if (reference.alt) return reference.alt.text === '' ? { start: reference.alt.start, end: reference.alt.end, text: alt } : undefined;
  if (reference.altInsertAt !== undefined) return { start: reference.altInsertAt, end: reference.altInsertAt, text: ` alt="${alt}"` };
  return undefined;
}

/** The address rewritten to the saved file, when it does not already name it. */
export function addressChange(reference: ImageReference, savedPath: string, documentPath: string, publicDir: string | undefined): TextChange | undefined {
  if (reference.target.kind === 'file' && reference.target.path === savedPath) return undefined;
  const address = addressFor(reference, savedPath, documentPath, publicDir);
  const text = reference.syntax === 'manifest' ? JSON.stringify(address).slice(1, -1) : address;
  return { start: reference.start, end: reference.end, text };
}
