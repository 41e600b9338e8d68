/**
 * Where the page finds its words: the host writes the l10n bundle of the display language
 * into the page (src/sidebar/html.ts) as a JSON data block with this id, and the page
 * reads it before anything is drawn (src/sidebar/app/pageL10n.ts).
 */
export const L10N_ELEMENT_ID = 'imagesmith-l10n';
