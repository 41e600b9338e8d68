import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'imagesmith.imagesmith';

// The public command surface of DESIGN.md: renaming one breaks keybindings and users.
const COMMANDS = [
  'imagesmith.generateImage',
  'imagesmith.generateImageFromSelection',
  'imagesmith.openGenerator',
  'imagesmith.setApiKey',
  'imagesmith.clearApiKey',
  'imagesmith.resetTrustedAddresses',
  'imagesmith.exportImage',
  'imagesmith.editImage',
  'imagesmith.makeVariations',
  'imagesmith.removeBackground',
  'imagesmith.generateMissingImages',
  // The quick fix's own command, hidden from the palette.
  'imagesmith.generateReferencedImage',
  'imagesmith.showLog',
  // The gallery's right-click menu on a tile; hidden from the palette.
  'imagesmith.gallery.open',
  'imagesmith.gallery.preview',
  'imagesmith.gallery.useSettings',
  'imagesmith.gallery.useAsSource',
  'imagesmith.gallery.insertLink',
  'imagesmith.gallery.export',
  'imagesmith.gallery.copyPath',
  'imagesmith.gallery.copyRelativePath',
  'imagesmith.gallery.reveal',
  'imagesmith.gallery.delete',
  'imagesmith.gallery.editImage',
  'imagesmith.gallery.makeVariations',
  'imagesmith.gallery.removeBackground',
  // On an image file: the Explorer's right-click menu and the image preview's title bar.
  'imagesmith.image.useSettings',
  'imagesmith.image.copyMarkdownLink',
  'imagesmith.image.showInGallery',
] as const;

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `${EXTENSION_ID} is not loaded in the extension host`);
  return found;
}

describe('activation', () => {
  it('contributes exactly the commands of the design', () => {
    const contributed = (extension().packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? [];
    assert.deepEqual(contributed.map((c) => c.command).sort(), [...COMMANDS].sort());
  });

  it('activates without error when one of its commands runs', async () => {
    try {
      await vscode.commands.executeCommand('imagesmith.showLog');
    } catch (error) {
      // A failed activation surfaces as "command not found"; activate() gives the real error.
      await extension().activate();
      throw error;
    }
    assert.equal(extension().isActive, true);
    await extension().activate();
  });

  it('registers all of its commands: the gallery tiles’ menu commands with the panel, the others at activation', async () => {
    await extension().activate();
    const tileMenu = (id: string) => id.startsWith('imagesmith.gallery.');
    const atActivation = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((id) => !tileMenu(id) && !atActivation.has(id));
    assert.deepEqual(missing, [], `commands not registered at activation: ${missing.join(', ')}`);
    // A tile menu exists only while the panel does; opening it registers the tiles' commands.
    await vscode.commands.executeCommand('imagesmith.openGenerator');
    const withPanel = new Set(await vscode.commands.getCommands(true));
    const missingWithPanel = COMMANDS.filter((id) => !withPanel.has(id));
    assert.deepEqual(missingWithPanel, [], `commands not registered once the panel is open: ${missingWithPanel.join(', ')}`);
  });
});
