import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { concatBytes } from '../core/bytes';
import type { DraftFile, ImageStore } from '../core/store';
import { exists } from './fsHelpers';

/** One queue per folder, so that "is the name free?" and "take it" happen as one step. */
const queues = new Map<string, Promise<unknown>>();

function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(task, task);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}

/**
 * Saves through workspace.fs, for output folders on file systems other than the disk
 * (virtual workspaces); folders on disk use DiskImageStore. Bytes go to a hidden
 * temporary file first and are renamed into place without overwriting: a failure leaves
 * no partial image, and an existing file is never replaced.
 */
export class WorkspaceImageStore implements ImageStore {
  private ready: Thenable<void> | undefined;

  constructor(readonly folder: vscode.Uri) {}

  /** workspace.fs writes whole files only, so a draft gathers its pieces until it is committed. */
  draft(): DraftFile {
    let pieces: Uint8Array[] = [];
    let finished = false;
    return {
      write: (more) => {
        if (!finished) pieces.push(...more);
      },
      commit: async (name) => {
        if (finished) throw new Error('this draft was committed or discarded already');
        const created = await this.create(name, pieces);
        if (created) {
          finished = true;
          pieces = [];
        }
        return created;
      },
      discard: () => {
        finished = true;
        pieces = [];
        return Promise.resolve();
      },
    };
  }

  async create(name: string, pieces: readonly Uint8Array[]): Promise<boolean> {
    this.ready ??= vscode.workspace.fs.createDirectory(this.folder);
    await this.ready;
    const target = vscode.Uri.joinPath(this.folder, name);
    const temp = vscode.Uri.joinPath(this.folder, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    await vscode.workspace.fs.writeFile(temp, concatBytes(pieces));
    try {
      const created = await serialized(this.folder.toString(), async () => {
        if (await exists(target)) return false;
        await vscode.workspace.fs.rename(temp, target, { overwrite: false });
        return true;
      });
      if (!created) await deleteQuietly(temp);
      return created;
    } catch (error) {
      await deleteQuietly(temp);
      if (error instanceof vscode.FileSystemError && error.code === 'FileExists') return false;
      throw error;
    }
  }

  async delete(name: string): Promise<void> {
    await deleteQuietly(vscode.Uri.joinPath(this.folder, name));
  }

  locate(name: string): string {
    return vscode.Uri.joinPath(this.folder, name).toString();
  }
}

async function deleteQuietly(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.workspace.fs.delete(uri, { useTrash: false });
  } catch {
    // Already gone is what we wanted.
  }
}
