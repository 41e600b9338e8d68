import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { LogChannel } from '../../src/host/log';
import { Settings } from '../../src/host/settings';
import { GalleryService } from '../../src/sidebar/gallery/galleryService';
import { makePng } from '../fixtures/images';
import { workspaceFolder } from './support/commands';

describe('The gallery’s listing', function () {
  this.timeout(60_000);
  // The output folder the settings name (assets by default), where a person's images go.
  const folder = () => vscode.Uri.joinPath(workspaceFolder(), 'assets');
  const written: vscode.Uri[] = [];
  let gallery: GalleryService | undefined;
  let log: LogChannel | undefined;

  afterEach(async () => {
    gallery?.dispose();
    log?.dispose();
    gallery = undefined;
    for (const uri of written.splice(0)) await Promise.resolve(vscode.workspace.fs.delete(uri)).catch(() => undefined);
  });

  async function write(name: string): Promise<void> {
    const uri = vscode.Uri.joinPath(folder(), name);
    await vscode.workspace.fs.writeFile(uri, makePng(16, 16));
    written.push(uri);
  }

  it('hands the page the listing made when the view opened, until a file in the folder changes', async () => {
    await write('20260101-090000-listing-first.png');
    log = new LogChannel(() => []);
    gallery = new GalleryService(new Settings(), log);
    const opened = gallery.list();
    assert.equal(gallery.recent(), opened, 'the page’s listing is the one just made');
    const names = (await opened).map((image) => image.name);
    assert.ok(names.includes('20260101-090000-listing-first.png'), `listed: ${names.join(', ')}`);

    // A new image: the file watcher's event makes the next listing a fresh one.
    await write('20260101-090100-listing-second.png');
    const deadline = Date.now() + 20_000;
    let latest = names;
    while (!latest.includes('20260101-090100-listing-second.png') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      latest = (await gallery.recent()).map((image) => image.name);
    }
    assert.ok(latest.includes('20260101-090100-listing-second.png'), `listed after the change: ${latest.join(', ')}`);
  });
});
