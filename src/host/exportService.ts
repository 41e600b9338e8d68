/**
 * Exports as VS Code sees them: the source read and the derived files written through
 * workspace.fs (local, remote and virtual folders alike), a `path` checked to stay in
 * the workspace, and the pixel work in the image worker.
 */
import * as vscode from 'vscode';
import { ImagesmithError } from '../core/errors';
import { basename, isSafeRelativeFolder, relativeSegments, sidecarName } from '../core/fileNames';
import type { PixelEngine } from '../core/export/engine';
import { defaultTarget, exportImage, type ExportResult } from '../core/export/exportImage';
import type { Recipe } from '../core/export/recipe';
import { isPng } from '../core/pngChunks';
import { PARAMETERS_KEYWORD, readPngText } from '../core/pngText';
import { exists } from './fsHelpers';
import type { LogChannel } from './log';

export interface ExportOutcome {
  readonly result: ExportResult;
  /** The derived images, in the recipe's order (sidecars are not listed). */
  readonly files: vscode.Uri[];
  /** Where a set went, or the single file. */
  readonly target: vscode.Uri;
}

/** Folders a site serves from: a snippet's URLs start below them. */
const SERVED_ROOTS = new Set(['public', 'static', 'www', 'wwwroot', 'dist', 'build', 'out', 'site', '_site']);

export class ExportService {
  constructor(
    private readonly engine: PixelEngine,
    private readonly log: LogChannel,
  ) {}

  /**
   * Makes and writes the recipe's files from `source`. `path` (relative to the source's
   * workspace folder) is the exact file for a single-file recipe, the folder for a set;
   * without it they go beside the source. Existing files of the same names are replaced:
   * an export is made again from its source.
   */
  async export(source: vscode.Uri, recipe: Recipe, path?: string): Promise<ExportOutcome> {
    const bytes = await Promise.resolve(vscode.workspace.fs.readFile(source)).catch((error: unknown) => {
      throw new ImagesmithError('file-system', `Cannot read ${vscode.workspace.asRelativePath(source, false)}: ${error instanceof Error ? error.message : String(error)}`);
    });
    const name = basename(source.path);
    const infotext = await this.infotextOf(source, bytes);
    const target = path === undefined ? vscode.Uri.joinPath(source, '..', defaultTarget(name, recipe)) : this.resolvePath(source, path);
    const single = recipe.kind === 'size' || recipe.kind === 'format';
    const folder = single ? vscode.Uri.joinPath(target, '..') : target;
    const result = await exportImage({ bytes, name, ...(infotext ? { infotext } : {}) }, recipe, this.engine, basename(target.path), {
      publicPath: publicPath(vscode.workspace.asRelativePath(folder, false)),
    });
    const files: vscode.Uri[] = [];
    for (const file of result.files) {
      const uri = vscode.Uri.joinPath(folder, file.name);
      await vscode.workspace.fs.writeFile(uri, file.bytes);
      if (file.sidecar) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, file.sidecar.name), new TextEncoder().encode(file.sidecar.text));
      files.push(uri);
    }
    this.log.info(`export: ${name} → ${files.map((uri) => vscode.workspace.asRelativePath(uri, false)).join(', ')} (${result.summary})`);
    return { result, files, target };
  }

  /** The source's infotext: in the PNG, else in its `.txt` sidecar. */
  private async infotextOf(source: vscode.Uri, bytes: Uint8Array): Promise<string | undefined> {
    if (isPng(bytes)) return (await readPngText(bytes).catch(() => new Map<string, string>())).get(PARAMETERS_KEYWORD);
    const sidecar = vscode.Uri.joinPath(source, '..', sidecarName(basename(source.path)));
    if (!(await exists(sidecar))) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(sidecar));
  }

  private resolvePath(source: vscode.Uri, path: string): vscode.Uri {
    const folder = vscode.workspace.getWorkspaceFolder(source) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new ImagesmithError('no-workspace', 'An export path is relative to the workspace folder, and no folder is open.');
    checkExportPath(path);
    return vscode.Uri.joinPath(folder.uri, ...relativeSegments(path));
  }
}

/** Refuses a path that leaves the workspace folder; checked again before a generation, so nothing is generated for it. */
export function checkExportPath(path: string): void {
  if (!isSafeRelativeFolder(path)) {
    throw new ImagesmithError('invalid-input', `The export path "${path}" is not inside the workspace. Give a path relative to the workspace folder, without "..".`, { parameter: 'path' });
  }
}

/** The URL path a folder is served at: below a served root (`public/icons` → `/icons/`), else the site's root. */
export function publicPath(relativeFolder: string): string {
  const segments = relativeFolder.split('/').filter(Boolean);
  const root = segments.findIndex((segment) => SERVED_ROOTS.has(segment.toLowerCase()));
  return root < 0 ? '/' : `/${segments.slice(root + 1).map((s) => `${s}/`).join('')}`;
}

/** Images an export reads: what the image library decodes. */
export function isExportableImage(uri: vscode.Uri): boolean {
  return /\.(png|jpe?g|webp|avif|gif|tiff?)$/i.test(uri.path);
}
