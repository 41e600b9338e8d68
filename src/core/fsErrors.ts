import * as l10n from '@vscode/l10n';
import { ImagesmithError } from './errors';

/**
 * A file-system failure in words: node:fs reports codes like EACCES, VS Code's
 * FileSystemError codes like NoPermissions; a person needs neither. Each is worded when
 * shown, since the translations load after this module.
 */
const PERMISSION = () => l10n.t('permission was denied');
const NOT_A_FOLDER = () => l10n.t('a file stands where the folder should be');
const FS_CODES: Readonly<Record<string, () => string>> = {
  EACCES: PERMISSION,
  EPERM: PERMISSION,
  NoPermissions: PERMISSION,
  EROFS: () => l10n.t('the file system is read-only'),
  ENOSPC: () => l10n.t('the disk is full'),
  EEXIST: NOT_A_FOLDER,
  ENOTDIR: NOT_A_FOLDER,
  FileNotADirectory: NOT_A_FOLDER,
  FileIsADirectory: NOT_A_FOLDER,
  Unavailable: () => l10n.t('the file system is unavailable'),
};

/** The failure's words, or the error's own message for a code not listed. */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  const words = typeof code === 'string' && Object.hasOwn(FS_CODES, code) ? FS_CODES[code] : undefined;
  return words ? words() : error instanceof Error ? error.message : String(error);
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
