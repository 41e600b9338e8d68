/**
 * Keeps the thumbnail cache from growing without end: a thumbnail goes when its image is
 * deleted or changed (the JSON beside it names the image, its size and its time), and the
 * oldest ones go while the cache is over its size cap. The cache is shared by every
 * window; an image this window cannot reach (another window's remote folder) is kept.
 */
import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { isPartialPath } from '../../core/export/engine';

export interface PruneOptions {
  /** The most bytes of thumbnails kept; the oldest go first. */
  readonly maxBytes?: number;
  /** A thumbnail without its JSON (another window writing it, or an older build's) is left this long. */
  readonly orphanGraceMs?: number;
}

export interface PruneReport {
  readonly removedKeys: string[];
  /** How many of those were of deleted or changed images. */
  readonly stale: number;
  readonly kept: number;
  /** Bytes of thumbnails kept. */
  readonly bytes: number;
}

/** About 5,000–10,000 thumbnails of 10–20 KB. */
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
const DEFAULT_ORPHAN_GRACE_MS = 24 * 60 * 60 * 1000;
/** Files statted at once: pruning runs beside the gallery's own work. */
const CONCURRENCY = 8;

const entrySchema = z.object({ uri: z.string(), size: z.number(), mtime: z.number() });

interface Found {
  readonly key: string;
  readonly files: vscode.Uri[];
  webp?: vscode.Uri;
  json?: vscode.Uri;
}

export async function pruneThumbnails(folder: vscode.Uri, options: PruneOptions = {}): Promise<PruneReport> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const grace = options.orphanGraceMs ?? DEFAULT_ORPHAN_GRACE_MS;
  let names: Array<[string, vscode.FileType]>;
  try {
    names = await vscode.workspace.fs.readDirectory(folder);
  } catch {
    return { removedKeys: [], stale: 0, kept: 0, bytes: 0 };
  }
  const found = new Map<string, Found>();
  const partials: vscode.Uri[] = [];
  for (const [name] of names) {
    if (isPartialPath(name)) partials.push(vscode.Uri.joinPath(folder, name));
    const match = /^([0-9a-f]{32})(?:-[ao]\.webp|\.json)$/.exec(name);
    if (!match?.[1]) continue;
    const entry = found.get(match[1]) ?? { key: match[1], files: [] };
    const uri = vscode.Uri.joinPath(folder, name);
    entry.files.push(uri);
    if (name.endsWith('.json')) entry.json = uri;
    else entry.webp = uri;
    found.set(match[1], entry);
  }

  const removed: string[] = [];
  const remove = async (entry: Found) => {
    for (const file of entry.files) await Promise.resolve(vscode.workspace.fs.delete(file)).catch(() => undefined);
    removed.push(entry.key);
  };
  const now = Date.now();
  // A thumbnail cut short while being written (the editor closed) was never renamed into place.
  await forEachLimited(partials, CONCURRENCY, async (uri) => {
    const stat = await statOf(uri);
    if (stat && now - stat.mtime > grace) await Promise.resolve(vscode.workspace.fs.delete(uri)).catch(() => undefined);
  });
  const live: Array<{ entry: Found; bytes: number; mtime: number }> = [];
  await forEachLimited([...found.values()], CONCURRENCY, async (entry) => {
    const stat = entry.webp ? await statOf(entry.webp) : undefined;
    if (!stat) {
      // A JSON without its picture is the trace of a thumbnail that failed to write, or half of a deleted one.
      if (!entry.webp && entry.json && now - ((await statOf(entry.json))?.mtime ?? 0) > grace) await remove(entry);
      return;
    }
    if (!entry.json) {
      if (now - stat.mtime > grace) await remove(entry);
      else live.push({ entry, bytes: stat.size, mtime: stat.mtime });
      return;
    }
    if ((await sourceState(entry.json)) === 'stale') await remove(entry);
    else live.push({ entry, bytes: stat.size, mtime: stat.mtime });
  });
  const stale = removed.length;

  let bytes = live.reduce((sum, item) => sum + item.bytes, 0);
  if (bytes > maxBytes) {
    // Down to 80% of the cap, so that the next few thumbnails do not start it again.
    const target = maxBytes * 0.8;
    for (const item of [...live].sort((a, b) => a.mtime - b.mtime)) {
      if (bytes <= target) break;
      await remove(item.entry);
      bytes -= item.bytes;
      live.splice(live.indexOf(item), 1);
    }
  }
  return { removedKeys: removed, stale, kept: live.length, bytes };
}

async function statOf(uri: vscode.Uri): Promise<vscode.FileStat | undefined> {
  return Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
}

/** Whether the image a thumbnail was made from is still the same file; 'unknown' when this window cannot tell. */
async function sourceState(json: vscode.Uri): Promise<'current' | 'stale' | 'unknown'> {
  let entry: z.infer<typeof entrySchema>;
  try {
    const parsed = entrySchema.safeParse(JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(json))));
    if (!parsed.success) return 'stale';
    entry = parsed.data;
  } catch {
    return 'stale';
  }
  let source: vscode.Uri;
  try {
    source = vscode.Uri.parse(entry.uri, true);
  } catch {
    return 'stale';
  }
  try {
    const stat = await vscode.workspace.fs.stat(source);
    // VS Code's stat gives whole milliseconds; the gallery's listing, node's fractional ones.
    return stat.size === entry.size && Math.abs(stat.mtime - entry.mtime) <= 1 ? 'current' : 'stale';
  } catch (error) {
    return error instanceof vscode.FileSystemError && error.code === 'FileNotFound' ? 'stale' : 'unknown';
  }
}

async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
