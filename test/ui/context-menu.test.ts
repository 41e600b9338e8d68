import * as assert from 'node:assert/strict';
import { useWorkbench } from './support/workbench';

const ITEM = 'Generate Image from Selection';

describe('editor context menu', function () {
  const workbench = useWorkbench({
    name: 'context-menu',
    files: { 'notes.md': '# Notes\n\nA red fox jumping over a lazy dog.\n' },
  });

  it(`offers "${ITEM}" when text is selected`, async () => {
    const wb = workbench();
    await wb.openFile('notes.md');
    await wb.selectText('red fox jumping');
    assert.match(await wb.cursorStatus(), /\(15 selected\)/);
    await wb.openEditorContextMenu();
    await wb.screenshot('context menu with a selection');
    assert.ok((await wb.contextMenuItems()).includes(ITEM), `the menu lacks "${ITEM}"`);
    await wb.page.keyboard.press('Escape');
  });

  it(`does not offer it without a selection`, async () => {
    const wb = workbench();
    await wb.activeEditor.locator('.view-lines').click();
    await wb.page.keyboard.press('Control+End');
    await wb.openEditorContextMenu();
    const items = await wb.contextMenuItems();
    assert.ok(items.includes('Paste'), `not the editor's menu: ${items.join(', ')}`);
    assert.ok(!items.includes(ITEM), `"${ITEM}" offered without a selection`);
    await wb.page.keyboard.press('Escape');
  });
});
