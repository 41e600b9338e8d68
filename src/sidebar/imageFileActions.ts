/**
 * The commands on an image file (the Explorer's right-click menu, the image preview's
 * title bar), `imagesmith.image.<action>`. Plain data, so that the activation entry can
 * register them without loading anything else.
 */
export const IMAGE_FILE_ACTIONS = ['useSettings', 'copyMarkdownLink', 'showInGallery'] as const;
export type ImageFileAction = (typeof IMAGE_FILE_ACTIONS)[number];

export const imageFileCommandId = (action: ImageFileAction): string => `imagesmith.image.${action}`;
