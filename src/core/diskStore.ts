import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ImageStore } from './store';

type FileHandle = fs.FileHandle;

/** Codes of file systems without hard links (FAT, some network shares). */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * An ImageStore on a folder of the local disk (or the remote machine's, in a remote
 * window), through node:fs. The pieces go into a hidden temporary file in one write,
 * and a hard link puts it in place: link fails when the name exists, so no file is ever
 * replaced, and no reader (the gallery's watcher among them) sees a half-written image.
 */
export class DiskImageStore implements ImageStore {
  constructor(
    readonly folder: string,
    /** How callers address a file; a path unless the host says otherwise (a URI string in VS Code). */
    private readonly address: (name: string) => string = (name) => path.join(folder, name),
  ) {}

  async create(name: string, pieces: readonly Uint8Array[]): Promise<boolean> {
    const target = path.join(this.folder, name);
    const temp = path.join(this.folder, `.${name}.${randomUUID()}.tmp`);
    const handle = await this.openNew(temp);
    try {
      await writeAll(handle, pieces);
    } catch (error) {
      await handle.close().catch(() => undefined);
      await fs.unlink(temp).catch(() => undefined);
      throw error;
    }
    // The bytes are the file's once the write returns, so closing it and linking it into
    // place need not wait for each other.
    const [closed, claimed] = await Promise.allSettled([handle.close(), claim(temp, target)]);
    await fs.unlink(temp).catch(() => undefined);
    if (closed.status === 'rejected') {
      // A file system that reports a failed write only on close (a network share) may
      // have left the linked file short.
      if (claimed.status === 'fulfilled' && claimed.value) await fs.unlink(target).catch(() => undefined);
      throw closed.reason;
    }
    if (claimed.status === 'rejected') throw claimed.reason;
    return claimed.value;
  }

  async delete(name: string): Promise<void> {
    await fs.unlink(path.join(this.folder, name)).catch((error: unknown) => {
      if (code(error) !== 'ENOENT') throw error;
    });
  }

  locate(name: string): string {
    return this.address(name);
  }

  /** Opens a new file for writing, making the folder when the first write finds it missing. */
  private async openNew(file: string): Promise<FileHandle> {
    try {
      return await fs.open(file, 'wx');
    } catch (error) {
      if (code(error) !== 'ENOENT') throw error;
      await fs.mkdir(this.folder, { recursive: true });
      return fs.open(file, 'wx');
    }
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
  let rest = pieces.filter((piece) => piece.byteLength > 0);
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
