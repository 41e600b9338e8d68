/**
 * What a gallery tile offers, in the order the hover bar and the right-click menu show it.
 * Plain data without zod, so that the activation entry can register the menu's commands
 * (`imagesmith.gallery.<action>`) without loading anything else.
 */
export const TILE_ACTIONS = ['open', 'preview', 'useSettings', 'insertLink', 'export', 'useAsSource', 'copyPath', 'copyRelativePath', 'reveal', 'delete'] as const;
export type TileAction = (typeof TILE_ACTIONS)[number];

/** The command the right-click menu runs for an action. */
export const tileCommandId = (action: TileAction): string => `imagesmith.gallery.${action}`;

/**
 * The tile menu's commands that start from the tile's image (Edit Image…, Make Variations,
 * Remove Background): they run on the host with the tile's file, not as a panel action.
 */
export const TILE_EDIT_COMMANDS = ['imagesmith.gallery.editImage', 'imagesmith.gallery.makeVariations', 'imagesmith.gallery.removeBackground'] as const;
export type TileEditCommand = (typeof TILE_EDIT_COMMANDS)[number];
