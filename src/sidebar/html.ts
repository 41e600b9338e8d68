import { L10N_ELEMENT_ID } from './protocol/pageL10n';

/**
 * The generator view's page. Nothing runs or styles it but files from the extension
 * (by the webview's own origin) and the one script carrying this load's nonce: no
 * inline script or style, no other origin.
 */
export interface PageAssets {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  readonly nonce: string;
  readonly script: string;
  readonly styles: readonly string[];
  /** `vscode.env.language`, for the page's `lang`. */
  readonly language?: string;
  /** The page's title, in that language. */
  readonly title?: string;
  /** `vscode.l10n.bundle`: the page's words in that language (none for English). */
  readonly l10n?: Readonly<Record<string, string>>;
}

/**
 * JSON inside a <script> data block: `<` escaped, so that no text of the bundle can close
 * the element; a data block is never run, so the CSP's script rule does not apply to it.
 */
const jsonForScript = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

const escapeAttribute = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource}`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function renderPage(assets: PageAssets): string {
  const links = assets.styles.map((href) => `<link rel="stylesheet" href="${escapeAttribute(href)}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(assets.language ?? 'en')}">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(assets.cspSource, assets.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${links}
    <title>${escapeAttribute(assets.title ?? 'Image Generator')}</title>
  </head>
  <body>
    <main id="app" aria-busy="true"></main>
    <script type="application/json" id="${L10N_ELEMENT_ID}">${jsonForScript(assets.l10n ?? {})}</script>
    <script nonce="${escapeAttribute(assets.nonce)}" src="${escapeAttribute(assets.script)}"></script>
  </body>
</html>`;
}
