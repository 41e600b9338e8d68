import * as assert from 'node:assert/strict';
import { useWorkbench } from './support/workbench';

describe('Imagesmith: Show Log', function () {
  const workbench = useWorkbench({ name: 'show-log' });

  it('opens the Output view on the "Imagesmith" channel', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Show Log');
    await wb.waitForOutputChannel('Imagesmith');
    assert.equal(await wb.shownOutputChannel(), 'Imagesmith');
    await wb.screenshot('output channel shown');
  });
});
