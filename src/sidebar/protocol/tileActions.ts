/**
 * What a gallery tile offers, in the order the hover bar and the right-click menu show it.
 * Plain data without zod, so that the activation entry can register the menu's commands
 * (`imagesmith.gallery.<action>`) without loading anything else.
 */
export const TILE_ACTIONS = ['open', 'preview', 'useSettings', 'insertLink', 'copyPath', 'copyRelativePath', 'reveal', 'delete'] as const;
export type TileAction = (typeof TILE_ACTIONS)[number];

/** The command the right-click menu runs for an action. */
export const tileCommandId = (action: TileAction): string => `imagesmith.gallery.${action}`;
