import { ImagesmithError } from './errors';

/**
 * A file-system failure in words: node:fs reports codes like EACCES, VS Code's
 * FileSystemError codes like NoPermissions; a person needs neither.
 */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'NoPermissions':
      return 'permission was denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EEXIST':
    case 'ENOTDIR':
    case 'FileNotADirectory':
    case 'FileIsADirectory':
      return 'a file stands where the folder should be';
    case 'Unavailable':
      return 'the file system is unavailable';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

export function saveFailed(error: unknown, provider: string | undefined, folder?: string): ImagesmithError {
  const where = folder ? ` in ${folder}` : '';
  return new ImagesmithError(
    'file-system',
    `The image could not be saved${where}: ${describeFsError(error)}. Check that the output folder (imagesmith.outputFolder) can be written.`,
    { provider, setting: 'imagesmith.outputFolder', cause: error },
  );
}
