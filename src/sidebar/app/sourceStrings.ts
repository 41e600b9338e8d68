/**
 * What the Source image slot and the mask painter say, from the host's translated bundle
 * (configured by pageL10n.ts before this module is evaluated).
 */
import * as l10n from '@vscode/l10n';

export const SOURCE_STRINGS = {
  legend: l10n.t('Source image'),
  hint: l10n.t('Optional: start from an image in the workspace. Choose one, drop one from the Explorer (hold Shift while dropping), or use a gallery image.'),
  choose: l10n.t('Choose Image…'),
  chooseTitle: l10n.t('Choose an image in the workspace to start from'),
  change: l10n.t('Change…'),
  clear: l10n.t('Clear source image'),
  dropHere: l10n.t('Drop an image here (hold Shift)'),
  previewAlt: (path: string) => l10n.t('Source image {0}', path),
  size: (width: number, height: number) => l10n.t('{0}×{1} pixels', width, height),
  strength: l10n.t('Strength'),
  strengthHint: l10n.t('How far the result may move from the source: 0 keeps it, 1 ignores it.'),
  noStrength: (provider: string) => l10n.t('{0} takes no strength for a masked edit: it repaints the painted part.', provider),
  maskToggle: l10n.t('Paint a mask: repaint only the painted part'),
  references: (most: number) => l10n.t('Reference images (up to {0} more)', most),
  referencesHint: l10n.t('Images the provider follows as well as the source (a style, a product, a face).'),
  addReferences: l10n.t('Add References…'),
  removeReference: (path: string) => l10n.t('Remove reference {0}', path),
  chosen: (path: string) => l10n.t('Source image: {0}.', path),
  cleared: l10n.t('Source image cleared.'),
  needsEditor: (path: string) => l10n.t('{0} is the source image now; pick a provider that can edit (OpenAI, Stability AI, AUTOMATIC1111 or ComfyUI) to start from it.', path),
  referencesAdded: (count: number) => (count === 1 ? l10n.t('1 reference image added.') : l10n.t('{0} reference images added.', count)),
  tooManyReferences: (most: number) =>
    most === 0
      ? l10n.t('This provider takes one image; the others were left out.')
      : most === 1
        ? l10n.t('Only 1 reference image fits; the rest were left out.')
        : l10n.t('Only {0} reference images fit; the rest were left out.', most),
  maskLabel: l10n.t('Mask over the source image'),
  maskHint: l10n.t('Drag to paint what should change. With the keyboard: arrow keys move the brush, Space paints, Shift with an arrow key paints as it moves, Ctrl+Z undoes.'),
  maskTools: l10n.t('Mask tools'),
  brush: l10n.t('Brush'),
  eraser: l10n.t('Eraser'),
  brushSize: l10n.t('Brush size (pixels)'),
  undo: l10n.t('Undo'),
  invert: l10n.t('Invert'),
  clearMask: l10n.t('Clear mask'),
  maskCleared: l10n.t('Mask cleared.'),
  maskInverted: l10n.t('Mask inverted.'),
  nothingToUndo: l10n.t('Nothing to undo.'),
} as const;
