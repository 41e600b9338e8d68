import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { formatInfotext } from '../../src/core/infotext';
import { makePng } from '../fixtures/images';
import { workspaceFolder } from './support/commands';

async function write(path: string, bytes: Uint8Array | string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceFolder(), ...path.split('/'));
  await vscode.workspace.fs.writeFile(uri, typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
  return uri;
}

describe('the image commands of the Explorer and the image preview', () => {
  it('Copy Markdown Link: the prompt as alt text, the path relative to the workspace folder, escaped', async () => {
    const image = await write('pictures/a fox (1).png', makePng(8, 8, { text: { parameters: formatInfotext({ prompt: 'a fox [in] the snow', fields: [['Provider', 'popcord']] }) } }));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(await vscode.commands.executeCommand('imagesmith.image.copyMarkdownLink', image), true);
    assert.equal(await vscode.env.clipboard.readText(), '![a fox in the snow](pictures/a%20fox%20%281%29.png)');
  });

  it('Copy Markdown Link: relative to the Markdown document being edited, the file name when there is no prompt', async () => {
    const image = await write('assets/plain.png', makePng(8, 8));
    const doc = await vscode.workspace.openTextDocument(await write('docs/guide.md', '# Guide\n'));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('imagesmith.image.copyMarkdownLink', image);
    assert.equal(await vscode.env.clipboard.readText(), '![plain](../assets/plain.png)');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Use These Settings reads the settings from a .txt beside a JPEG; nothing happens for a file that is not an image', async () => {
    const image = await write('assets/photo.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
    await write('assets/photo.txt', formatInfotext({ prompt: 'a harbour at night', fields: [['Steps', 20], ['Provider', 'aithriving']] }));
    assert.equal(await vscode.commands.executeCommand('imagesmith.image.useSettings', image), true);
    assert.equal(await vscode.commands.executeCommand('imagesmith.image.useSettings', await write('notes.txt', 'hello')), false);
  });
});
