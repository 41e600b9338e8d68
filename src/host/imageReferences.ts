/**
 * The image references of an open document as VS Code sees it: scanned once per
 * document version, root-relative addresses resolved through the project's `public/`
 * folder, and filtered to what is worth generating (a workspace file that does not
 * exist, or a placeholder service's URL). Shared by the quick fix, which must answer in
 * milliseconds, and the commands; it loads nothing heavy (no zod, no HTTP stack).
 */
import * as vscode from 'vscode';
import { exists } from './fsHelpers';
import { isRootRelative, publicDirCandidates } from '../core/references/resolve';
import { lineStarts } from '../core/lines';
import { familyOf, findReferences, describeReferences, skipReason, type Family } from '../core/references/scan';
import type { FoundReference, ImageReference } from '../core/references/types';

export interface ScannedDocument {
  readonly folder: vscode.WorkspaceFolder;
  /** The document, relative to the workspace folder, `/`-separated. */
  readonly documentPath: string;
  readonly publicDir?: string;
  readonly references: readonly ImageReference[];
}

/** The document's path inside its workspace folder, or undefined when it is in none. */
export function documentPathIn(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string | undefined {
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  return uri.scheme === folder.uri.scheme && uri.authority === folder.uri.authority && uri.path.startsWith(base) ? uri.path.slice(base.length) : undefined;
}

/** Answers about folders and files stay good this long: a quick fix asks on every cursor move. */
const STAT_TTL_MS = 2_000;

/** What a document version holds before anything is resolved: the references as written, and its lines. */
interface Found {
  readonly folder: vscode.WorkspaceFolder;
  readonly documentPath: string;
  readonly family: Family;
  readonly text: string;
  readonly found: readonly FoundReference[];
  readonly lineStarts: readonly number[];
  readonly publicDir?: string;
}

export class ReferenceScanner {
  private readonly founds = new Map<string, { version: number; found: Promise<Found | undefined> }>();
  private readonly stats = new Map<string, { at: number; answer: Promise<boolean> }>();

  /** The document's references, or undefined when it is not in a workspace folder or not worth scanning. */
  async scan(document: vscode.TextDocument): Promise<ScannedDocument | undefined> {
    const found = await this.find(document);
    if (!found) return undefined;
    return this.describe(found, found.found);
  }

  /**
   * The references on lines `first` to `last` only: what the quick fix asks for at every
   * cursor move. The finding is done once per document version; resolving and prompting
   * only for the lines asked about.
   */
  async scanLines(document: vscode.TextDocument, first: number, last: number): Promise<ScannedDocument | undefined> {
    const found = await this.find(document);
    if (!found) return undefined;
    const from = found.lineStarts[first] ?? Number.MAX_SAFE_INTEGER;
    const to = found.lineStarts[last + 1] ?? Number.MAX_SAFE_INTEGER;
    return this.describe(found, found.found.filter((reference) => reference.start >= from && reference.start < to));
  }

  private describe(found: Found, subset: readonly FoundReference[]): ScannedDocument {
    const options = { documentPath: found.documentPath, lineStarts: found.lineStarts, ...(found.publicDir ? { publicDir: found.publicDir } : {}) };
    const references = describeReferences(found.text, found.family, subset, options);
    return { folder: found.folder, documentPath: found.documentPath, ...(found.publicDir ? { publicDir: found.publicDir } : {}), references };
  }

  private find(document: vscode.TextDocument): Promise<Found | undefined> {
    const key = document.uri.toString();
    const cached = this.founds.get(key);
    if (cached && cached.version === document.version) return cached.found;
    const found = this.findNow(document);
    this.founds.set(key, { version: document.version, found });
    if (this.founds.size > 64) this.founds.delete(this.founds.keys().next().value as string);
    return found;
  }

  private async findNow(document: vscode.TextDocument): Promise<Found | undefined> {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder) return undefined;
    const documentPath = documentPathIn(folder, document.uri);
    if (documentPath === undefined) return undefined;
    const family = familyOf(documentPath, document.languageId);
    if (family === undefined) return undefined;
    const text = document.getText();
    if (skipReason(documentPath, text) !== undefined) return undefined;
    const found = findReferences(text, family);
    const rooted = found.some((reference) => isRootRelative(reference.url));
    const publicDir = rooted ? await this.publicDir(folder, documentPath) : undefined;
    return { folder, documentPath, family, text, found, lineStarts: lineStarts(text), ...(publicDir ? { publicDir } : {}) };
  }

  /** The nearest `public/` folder above the document, which serves root-relative addresses in Next.js, Vite or Astro projects. */
  async publicDir(folder: vscode.WorkspaceFolder, documentPath: string): Promise<string | undefined> {
    for (const candidate of publicDirCandidates(documentPath)) {
      if (await this.exists(vscode.Uri.joinPath(folder.uri, candidate), vscode.FileType.Directory)) return candidate;
    }
    return undefined;
  }

  private exists(uri: vscode.Uri, type?: vscode.FileType): Promise<boolean> {
    // A file is asked about afresh each time: it may have just been generated. Folders (public/) are remembered briefly.
    if (type !== vscode.FileType.Directory) return exists(uri, type);
    const key = `${type ?? ''}:${uri.toString()}`;
    const cached = this.stats.get(key);
    const now = Date.now();
    if (cached && now - cached.at < STAT_TTL_MS) return cached.answer;
    const answer = exists(uri, type);
    this.stats.set(key, { at: now, answer });
    if (this.stats.size > 2_000) this.stats.clear();
    return answer;
  }

  /** Forgets what it knows of files, after a generation wrote some. */
  forgetFiles(): void {
    this.stats.clear();
  }

  /** References worth generating: files that do not exist yet, and placeholder URLs. */
  async missing(scan: ScannedDocument, within?: (reference: ImageReference) => boolean): Promise<ImageReference[]> {
    const wanted = within ? scan.references.filter(within) : scan.references;
    const answers = await Promise.all(
      wanted.map(async (reference) => reference.target.kind === 'placeholder' || !(await this.exists(vscode.Uri.joinPath(scan.folder.uri, reference.target.path)))),
    );
    return wanted.filter((_, index) => answers[index]);
  }
}
