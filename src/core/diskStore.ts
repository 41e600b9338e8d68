import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createFromDraft, type DraftFile, type ImageStore } from './store';

type FileHandle = fs.FileHandle;

/** Codes of file systems without hard links (FAT, some network shares). */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * An ImageStore on a folder of the local disk (or the remote machine's, in a remote
 * window), through node:fs. A draft is a hidden temporary file, written while the image
 * downloads; a hard link then gives it its name. Link fails when the name exists, so no
 * file is ever replaced, and no reader (the gallery's watcher among them) sees a
 * half-written image.
 */
export class DiskImageStore implements ImageStore {
  constructor(
    readonly folder: string,
    /** How callers address a file; a path unless the host says otherwise (a URI string in VS Code). */
    private readonly address: (name: string) => string = (name) => path.join(folder, name),
  ) {}

  draft(): DraftFile {
    return new DiskDraft(this.folder);
  }

  create(name: string, pieces: readonly Uint8Array[]): Promise<boolean> {
    return createFromDraft(this, name, pieces);
  }

  async delete(name: string): Promise<void> {
    await fs.unlink(path.join(this.folder, name)).catch((error: unknown) => {
      if (code(error) !== 'ENOENT') throw error;
    });
  }

  locate(name: string): string {
    return this.address(name);
  }
}

class DiskDraft implements DraftFile {
  private readonly temp: string;
  /** Opened at once, so that the file is ready by the time the first bytes arrive. */
  private readonly handle: Promise<FileHandle>;
  private pending: Uint8Array[] = [];
  private writing: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;
  private closed: Promise<void> | undefined;
  private finished = false;

  constructor(private readonly folder: string) {
    this.temp = path.join(folder, `.imagesmith-${randomUUID()}.tmp`);
    this.handle = openNew(folder, this.temp);
    // A draft discarded before it is used must not report a failed open as unhandled.
    this.handle.catch(() => undefined);
  }

  write(pieces: readonly Uint8Array[]): void {
    if (this.finished || this.failure) return;
    for (const piece of pieces) if (piece.byteLength > 0) this.pending.push(piece);
    this.writing ??= this.drain();
  }

  async commit(name: string): Promise<boolean> {
    if (this.finished) throw new Error('this draft was committed or discarded already');
    while (this.writing) await this.writing;
    if (this.failure) throw this.failure.error;
    const handle = await this.handle;
    const target = path.join(this.folder, name);
    // The bytes are the file's once the writes return, so closing it and linking it into
    // place need not wait for each other.
    this.closed ??= handle.close();
    const [closed, claimed] = await Promise.allSettled([this.closed, claim(this.temp, target)]);
    if (closed.status === 'rejected') {
      // A file system that reports a failed write only on close (a network share) may
      // have left the linked file short.
      if (claimed.status === 'fulfilled' && claimed.value) await fs.unlink(target).catch(() => undefined);
      throw closed.reason;
    }
    if (claimed.status === 'rejected') throw claimed.reason;
    if (!claimed.value) return false;
    this.finished = true;
    await fs.unlink(this.temp).catch(() => undefined);
    return true;
  }

  async discard(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.pending = [];
    while (this.writing) await this.writing;
    const handle = await this.handle.catch(() => undefined);
    if (!handle) return;
    this.closed ??= handle.close();
    await this.closed.catch(() => undefined);
    await fs.unlink(this.temp).catch(() => undefined);
  }

  /** Writes what is pending, in batches: whatever arrives during one write goes in the next. */
  private async drain(): Promise<void> {
    try {
      const handle = await this.handle;
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        await writeAll(handle, batch);
      }
    } catch (error) {
      this.failure ??= { error };
      this.pending = [];
    } finally {
      this.writing = undefined;
    }
  }
}

/** Opens a new file for writing, making the folder when the first write finds it missing. */
async function openNew(folder: string, file: string): Promise<FileHandle> {
  try {
    return await fs.open(file, 'wx');
  } catch (error) {
    if (code(error) !== 'ENOENT') throw error;
    await fs.mkdir(folder, { recursive: true });
    return fs.open(file, 'wx');
  }
}

/** Puts `temp` at `target` unless `target` exists; false when it does. */
async function claim(temp: string, target: string): Promise<boolean> {
  try {
    await fs.link(temp, target);
    return true;
  } catch (error) {
    if (code(error) === 'EEXIST') return false;
    if (!NO_LINKS.has(code(error) ?? '')) throw error;
  }
  // Without hard links there is no "rename unless it exists"; checking first leaves only
  // a window of microseconds for another program to take the name.
  const taken = await fs.lstat(target).then(
    () => true,
    (error: unknown) => {
      if (code(error) === 'ENOENT') return false;
      throw error;
    },
  );
  if (taken) return false;
  await fs.rename(temp, target);
  return true;
}

/** One writev for all the pieces, continuing where a short write stopped. */
async function writeAll(handle: FileHandle, pieces: readonly Uint8Array[]): Promise<void> {
  let rest = pieces;
  while (rest.length > 0) {
    const { bytesWritten } = await handle.writev(rest);
    if (bytesWritten === 0) throw Object.assign(new Error('the file system accepted no bytes'), { code: 'EIO' });
    let skip = bytesWritten;
    const next: Uint8Array[] = [];
    for (const piece of rest) {
      if (skip >= piece.byteLength) {
        skip -= piece.byteLength;
        continue;
      }
      next.push(skip > 0 ? piece.subarray(skip) : piece);
      skip = 0;
    }
    rest = next;
  }
}
