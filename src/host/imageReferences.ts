/**
 * The image references of an open document as VS Code sees it: scanned once per
 * document version, root-relative addresses resolved through the project's `public/`
 * folder, and filtered to what is worth generating (a workspace file that does not
 * exist, or a placeholder service's URL). Shared by the quick fix, which must answer in
 * milliseconds, and the commands; it loads nothing heavy (no zod, no HTTP stack).
 */
import * as vscode from 'vscode';
import { publicDirCandidates } from '../core/references/resolve';
import { familyOf, findReferences, describeReferences, skipReason } from '../core/references/scan';
import type { ImageReference } from '../core/references/types';

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

async function exists(uri: vscode.Uri, type?: vscode.FileType): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return type === undefined || (stat.type & type) !== 0;
  } catch {
    return false;
  }
}

/** Answers about folders and files stay good this long: a quick fix asks on every cursor move. */
const STAT_TTL_MS = 2_000;

export class ReferenceScanner {
  private readonly scans = new Map<string, { version: number; scan: ScannedDocument | undefined }>();
  private readonly stats = new Map<string, { at: number; answer: Promise<boolean> }>();

  /** The document's references, or undefined when it is not in a workspace folder or not worth scanning. */
  async scan(document: vscode.TextDocument): Promise<ScannedDocument | undefined> {
    const key = document.uri.toString();
    const cached = this.scans.get(key);
    if (cached && cached.version === document.version) return cached.scan;
    const scan = await this.scanNow(document);
    this.scans.set(key, { version: document.version, scan });
    if (this.scans.size > 64) this.scans.delete(this.scans.keys().next().value as string);
    return scan;
  }

  private async scanNow(document: vscode.TextDocument): Promise<ScannedDocument | undefined> {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder) return undefined;
    const documentPath = documentPathIn(folder, document.uri);
    if (documentPath === undefined) return undefined;
    const family = familyOf(documentPath, document.languageId);
    if (family === undefined) return undefined;
    const text = document.getText();
    if (skipReason(documentPath, text) !== undefined) return undefined;
    const found = findReferences(text, family);
    const rooted = found.some((reference) => reference.url.startsWith('/') && !reference.url.startsWith('//'));
    const publicDir = rooted ? await this.publicDir(folder, documentPath) : undefined;
    const references = describeReferences(text, family, found, { documentPath, ...(publicDir ? { publicDir } : {}) });
    return { folder, documentPath, ...(publicDir ? { publicDir } : {}), references };
  }

  /** The nearest `public/` folder above the document, which serves root-relative addresses in Next.js, Vite or Astro projects. */
  async publicDir(folder: vscode.WorkspaceFolder, documentPath: string): Promise<string | undefined> {
    for (const candidate of publicDirCandidates(documentPath)) {
      if (await this.exists(vscode.Uri.joinPath(folder.uri, candidate), vscode.FileType.Directory)) return candidate;
    }
    return undefined;
  }

  private exists(uri: vscode.Uri, type?: vscode.FileType): Promise<boolean> {
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
