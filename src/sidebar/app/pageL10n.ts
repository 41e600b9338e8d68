/**
 * The page's words come from the extension's own l10n bundle (l10n/bundle.l10n.<lang>.json),
 * which the host writes into the page as a JSON data block: the first paint is already in
 * the display language, with no round trip. Imported first by main.ts, so that the bundle
 * is set before any module asks for a word.
 */
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { L10N_ELEMENT_ID } from '../protocol/pageL10n';

const bundle = z.record(z.string(), z.string());

function loadBundle(): void {
  const text = document.getElementById(L10N_ELEMENT_ID)?.textContent ?? '';
  if (!text.trim()) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    console.warn('Imagesmith: the page’s translations are not JSON; showing English');
    return;
  }
  const checked = bundle.safeParse(parsed);
  // English is the bundle's keys: no bundle (an English VS Code) means the strings as written.
  if (checked.success) l10n.config({ contents: checked.data });
  else console.warn('Imagesmith: the page’s translations are not a bundle; showing English');
}

loadBundle();
