import { nameFor, sidecarName } from './fileNames';

/**
 * Where finished images go: a folder on disk through node:fs (DiskImageStore), or, for
 * workspaces on other file systems, through VS Code's workspace.fs.
 */
export interface ImageStore {
  /**
   * Creates `name` holding `pieces` one after another, only if no file has that name,
   * and never leaves a partial file behind. Resolves false when the name is taken.
   */
  create(name: string, pieces: readonly Uint8Array[]): Promise<boolean>;
  delete(name: string): Promise<void>;
  /** How callers address the file: a URI string in VS Code, a path elsewhere. */
  locate(name: string): string;
}

const MAX_ATTEMPTS = 10_000;

/**
 * Saves an image under the first free `<stem>[-n].<ext>`, with its sidecar text
 * beside it when it has one, so that nothing is ever overwritten.
 */
export async function saveUnique(store: ImageStore, stem: string, ext: string, pieces: readonly Uint8Array[], sidecar?: string): Promise<string> {
  const sidecarBytes = sidecar === undefined ? undefined : [new TextEncoder().encode(sidecar)];
  for (let n = 1; n <= MAX_ATTEMPTS; n += 1) {
    const name = nameFor(stem, n, ext);
    if (!(await store.create(name, pieces))) continue;
    if (sidecarBytes && !(await store.create(sidecarName(name), sidecarBytes))) {
      // A stray text file already holds the sidecar's name: give the pair another name.
      await store.delete(name);
      continue;
    }
    return name;
  }
  throw new Error(`no free file name for ${stem}.${ext} after ${MAX_ATTEMPTS} attempts`);
}
