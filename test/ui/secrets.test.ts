import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { useWorkbench, type Workbench } from './support/workbench';

const KEY = 'sk-ui-secret-5f1c9e0d7a';

async function fault(wb: Workbench, provider: 'aithriving' | 'imagepipeline', spec: unknown): Promise<void> {
  const response = await fetch(new URL('__control/fault', wb.fixtureUrls[provider]), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
  assert.ok(response.ok);
}

/** Every file under `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string | RegExp): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    let entries: string[];
    try {
      entries = readdirSync(folder);
    } catch {
      return;
    }
    for (const entry of entries) {
      const file = path.join(folder, entry);
      const stat = statSync(file, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(file);
      else if (typeof needle !== 'string' ? needle.test(entry) : stat.size < 64 * 1024 * 1024 && readFileSync(file).includes(needle)) found.push(file);
    }
  };
  walk(dir);
  return found;
}

describe('API keys stay secret', function () {
  const workbench = useWorkbench({ name: 'secrets', files: { 'notes.md': 'a secret garden\n' } });

  it('never shows a key in the log, a notification, the workspace or VS Code’s logs', async () => {
    const wb = workbench();
    await wb.runCommand('Imagesmith: Set API Key…');
    await wb.pickItem('AIThriving', { expect: 'Pick a provider' });
    await wb.answerInput(KEY, { expect: 'AIThriving API Key' });
    await wb.waitForNotification(/AIThriving API key saved/, 30_000);

    // A success, then a failure whose answer echoes the key back.
    await wb.runCommand('Imagesmith: Generate Image');
    await wb.answerInput('a secret garden', { expect: 'Describe the image to generate' });
    await wb.pickItem('AIThriving', { expect: 'Pick a provider' });
    await wb.waitForNotification(/Imagesmith saved assets\//, 30_000);

    await fault(wb, 'aithriving', { fault: 'code-minus-one', message: `key ${KEY} has no credits left` });
    await wb.runCommand('Imagesmith: Generate Image');
    await wb.answerInput('a secret garden', { expect: 'Describe the image to generate' });
    await wb.pickItem('AIThriving', { expect: 'Pick a provider' });
    const error = await wb.shownNotification(/has no credits left/);
    const shown = await error.innerText();
    assert.match(shown, /key •••• has no credits left/);

    await wb.runCommand('Imagesmith: Show Log');
    await wb.waitForOutputChannel('Imagesmith');
    const log = await wb.outputText(/aithriving/);
    assert.match(log, /aithriving/, 'the log has the generations in it');
    await wb.screenshot('log without the key');

    assert.doesNotMatch(shown, new RegExp(KEY));
    assert.doesNotMatch(log, new RegExp(KEY));
    assert.deepEqual(filesContaining(wb.workspace, KEY), [], 'no workspace file holds the key');
    const settings = readFileSync(path.join(wb.workspace, '..', 'user-data', 'User', 'settings.json'), 'utf8');
    assert.match(settings, /imagesmith\.providers\.aithriving\.baseUrl/, 'the user settings are where the providers are configured');
    assert.doesNotMatch(settings, new RegExp(KEY));
    const logsDir = path.join(wb.workspace, '..', 'user-data', 'logs');
    const ours = filesContaining(logsDir, /^Imagesmith\.log$/);
    assert.ok(ours.length > 0, `the extension's log file is under ${logsDir}`);
    assert.ok(ours.some((file) => readFileSync(file, 'utf8').includes('aithriving: saved')), 'and it holds the generations');
    assert.deepEqual(filesContaining(logsDir, KEY), [], 'no VS Code log file holds the key');
  });
});
