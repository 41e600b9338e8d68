import { nameFor, sidecarName } from './fileNames';

/**
 * Where finished images go: a folder on disk through node:fs (DiskImageStore), or, for
 * workspaces on other file systems, through VS Code's workspace.fs.
 */
export interface ImageStore {
  /** A new file, written while its bytes arrive and given a name only once they all have. */
  draft(): DraftFile;
  /**
   * Creates `name` holding `pieces` one after another, only if no file has that name,
   * and never leaves a partial file behind. Resolves false when the name is taken.
   */
  create(name: string, pieces: readonly Uint8Array[]): Promise<boolean>;
  delete(name: string): Promise<void>;
  /** How callers address the file: a URI string in VS Code, a path elsewhere. */
  locate(name: string): string;
}

/**
 * A file being written that no one can see yet. Whatever happens, it ends in one
 * `commit` that resolves true, or in `discard`: it never leaves a partial file behind.
 */
export interface DraftFile {
  /**
   * Appends `pieces` in the background, in order; they must stay unchanged until then. A
   * failed write does not throw here: `commit` reports it.
   */
  write(pieces: readonly Uint8Array[]): void;
  /**
   * Once every write is done, gives the file `name` unless a file has it already (false;
   * the draft stays, for another name). Rejects with what went wrong in writing.
   */
  commit(name: string): Promise<boolean>;
  /** Throws the file away; safe after a commit, and more than once. */
  discard(): Promise<void>;
}

/**
 * `create` for stores whose drafts do the work: the pieces as a draft, committed under
 * `name` or discarded.
 */
export async function createFromDraft(store: ImageStore, name: string, pieces: readonly Uint8Array[]): Promise<boolean> {
  const draft = store.draft();
  try {
    draft.write(pieces);
    return await draft.commit(name);
  } finally {
    await draft.discard();
  }
}

const MAX_ATTEMPTS = 10_000;

/**
 * Commits `draft` under the first free `<stem>[-n].<ext>`, with its sidecar text beside
 * it when it has one, so that nothing is ever overwritten. The sidecar is claimed first:
 * it is small, and the draft can then take the name beside it or move on.
 */
export async function saveUnique(store: ImageStore, stem: string, ext: string, draft: DraftFile, sidecar?: string): Promise<string> {
  const sidecarBytes = sidecar === undefined ? undefined : [new TextEncoder().encode(sidecar)];
  for (let n = 1; n <= MAX_ATTEMPTS; n += 1) {
    const name = nameFor(stem, n, ext);
    if (sidecarBytes && !(await store.create(sidecarName(name), sidecarBytes))) continue;
    let committed = false;
    try {
      committed = await draft.commit(name);
    } finally {
      // The sidecar goes again unless its image now stands beside it.
      if (!committed && sidecarBytes) await store.delete(sidecarName(name));
    }
    if (committed) return name;
  }
  throw new Error(`no free file name for ${stem}.${ext} after ${MAX_ATTEMPTS} attempts`);
}
