/**
 * The quick fix "Generate image with Imagesmith…" on an image reference whose file does
 * not exist yet, or that points at a placeholder service. Built into its own small bundle
 * (dist/references.js), loaded on the first code-action request: answering costs a scan
 * of the document (cached per version) and a stat of the files on the lines asked about.
 */
import * as vscode from 'vscode';
import { ReferenceScanner } from './imageReferences';
import { clipStart } from '../core/clip';

export const GENERATE_REFERENCED_IMAGE = 'imagesmith.generateReferencedImage';
export const QUICK_FIX_KIND = vscode.CodeActionKind.QuickFix.append('imagesmith');

/** What the code action hands the command: the document and which reference, by where its address starts. */
export interface ReferencedImageArgs {
  readonly uri: string;
  readonly start: number;
  readonly version: number;
}

export class ReferenceActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [QUICK_FIX_KIND] };

  constructor(private readonly scanner = new ReferenceScanner()) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    if (context.only && !context.only.intersects(QUICK_FIX_KIND)) return [];
    // The lines the cursor or selection is on: on the alt text or the size as much as on the address.
    const scan = await this.scanner.scanLines(document, range.start.line, range.end.line);
    if (!scan || token.isCancellationRequested) return [];
    const missing = await this.scanner.missing(scan);
    if (token.isCancellationRequested) return [];
    const seen = new Set<string>();
    const actions: vscode.CodeAction[] = [];
    for (const reference of missing) {
      const what = reference.target.kind === 'file' ? reference.target.path : reference.url;
      if (seen.has(what)) continue;
      seen.add(what);
      const title = missing.length > 1 ? vscode.l10n.t('Generate image with Imagesmith… ({0})', clipStart(what, 60)) : vscode.l10n.t('Generate image with Imagesmith…');
      const action = new vscode.CodeAction(title, QUICK_FIX_KIND);
      const args: ReferencedImageArgs = { uri: document.uri.toString(), start: reference.start, version: document.version };
      action.command = { command: GENERATE_REFERENCED_IMAGE, title, arguments: [args] };
      actions.push(action);
    }
    return actions;
  }
}


export function createReferenceActions(): ReferenceActions {
  return new ReferenceActions();
}
