import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ImageStore } from '../../src/core/store';

/**
 * An ImageStore on node:fs for tests and benchmarks. A hard link from a temporary
 * file claims the name atomically: it fails when the name exists.
 */
export class NodeImageStore implements ImageStore {
  constructor(readonly folder: string) {}

  async create(name: string, bytes: Uint8Array): Promise<boolean> {
    const temp = path.join(this.folder, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    // The folder is made when a write finds it missing, not checked before every write.
    await fs.writeFile(temp, bytes).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      await fs.mkdir(this.folder, { recursive: true });
      await fs.writeFile(temp, bytes);
    });
    try {
      await fs.link(temp, path.join(this.folder, name));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      await fs.rm(temp, { force: true });
    }
  }

  async delete(name: string): Promise<void> {
    await fs.rm(path.join(this.folder, name), { force: true });
  }

  locate(name: string): string {
    return path.join(this.folder, name);
  }
}
