import * as l10n from '@vscode/l10n';
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
      return l10n.t('permission was denied');
    case 'EROFS':
      return l10n.t('the file system is read-only');
    case 'ENOSPC':
      return l10n.t('the disk is full');
    case 'EEXIST':
    case 'ENOTDIR':
    case 'FileNotADirectory':
    case 'FileIsADirectory':
      return l10n.t('a file stands where the folder should be');
    case 'Unavailable':
      return l10n.t('the file system is unavailable');
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

export function saveFailed(error: unknown, provider: string | undefined, folder?: string): ImagesmithError {
  const message = folder
    ? l10n.t('The image could not be saved in {0}: {1}. Check that the output folder (imagesmith.outputFolder) can be written.', folder, describeFsError(error))
    : l10n.t('The image could not be saved: {0}. Check that the output folder (imagesmith.outputFolder) can be written.', describeFsError(error));
  return new ImagesmithError(
    'file-system',
    message,
    { provider, setting: 'imagesmith.outputFolder', cause: error },
  );
}
