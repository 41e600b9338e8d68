import * as assert from 'node:assert/strict';
import { panel } from './support/panel';
import { useWorkbench } from './support/workbench';

describe('Generate Image with no folder open', function () {
  const workbench = useWorkbench({ name: 'no-folder', openFolder: false });

  it('says a folder is needed, offers Open Folder, and keeps the prompt', async () => {
    const wb = workbench();
    assert.equal(await wb.page.locator('.explorer-folders-view').count(), 0, 'no folder is open');
    await wb.runCommand('Imagesmith: Generate Image');
    await wb.answerInput('a lighthouse with no home', { expect: 'Describe the image to generate' });
    await wb.pickItem('PopCord', { expect: 'Pick a provider' });
    const error = wb.page.locator('.notification-list-item').filter({ hasText: /no folder is open/ }).filter({ visible: true }).first();
    await error.waitFor({ state: 'visible' });
    assert.match(await error.innerText(), /Open a folder, then generate again; your prompt is kept\./);
    assert.ok(await error.getByRole('button', { name: 'Open Folder' }).isVisible());
    await wb.screenshot('no folder open');

    await wb.runCommand('Imagesmith: Generate Image');
    await wb.quickInput.waitFor({ state: 'visible' });
    assert.equal(await wb.quickInput.locator('.quick-input-filter input').inputValue(), 'a lighthouse with no home');
    await wb.cancelQuickInput();
  });

  it('the panel says a folder is needed and its Open Folder… button asks for one', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Open Image Generator');
    const frame = await panel(wb, { shownByCommand: true });
    const notice = frame.locator('.no-folder');
    await notice.waitFor({ state: 'visible' });
    assert.match(await notice.innerText(), /none is open\. Open a folder to generate/);
    await wb.screenshot('panel with no folder open');
    await notice.getByRole('button', { name: 'Open Folder…' }).click();
    // VS Code's own folder picker (in the browser, its quick input) takes over.
    await wb.quickInput.waitFor({ state: 'visible' });
    assert.match(await wb.quickInput.innerText(), /Open Folder/);
    await wb.cancelQuickInput();
  });
});
