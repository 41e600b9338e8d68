import { strict as assert } from 'node:assert';
import { ImagesmithError, type ErrorKind } from '../../src/core/errors';
import { remediesFor, settingsQuery } from '../../src/core/remedies';
import { startAllProviders } from '../fixtures/all';
import { failure, useStandIn } from './support';

describe('what can be done about a failure', () => {
  const of = (kind: ErrorKind, setting?: string) => remediesFor(new ImagesmithError(kind, 'x', setting ? { setting } : {}));

  it('is decided by the kind and the setting at fault, the same for the palette and the panel', () => {
    assert.deepEqual(of('missing-key'), ['setApiKey', 'retry', 'showLog']);
    assert.deepEqual(of('rejected-key'), ['setApiKey', 'retry', 'showLog']);
    for (const kind of ['rate-limited', 'provider', 'timeout', 'network', 'not-an-image'] as const) assert.deepEqual(of(kind), ['retry', 'showLog'], kind);
    assert.deepEqual(of('file-system', 'imagesmith.outputFolder'), ['retry', 'openSettings', 'showLog']);
    assert.deepEqual(of('file-system'), ['retry', 'showLog']);
    assert.deepEqual(of('invalid-input'), ['showLog'], 'an empty prompt is fixed in the prompt, not in the settings');
    assert.deepEqual(of('invalid-input', 'imagesmith.providers.popcord.size'), ['openSettings', 'showLog']);
    assert.deepEqual(of('untrusted-address', 'imagesmith.providers.openai.baseUrl'), ['openSettings', 'showLog']);
    assert.deepEqual(of('no-workspace'), ['openFolder']);
    assert.deepEqual(of('cancelled'), []);
  });

  it('opens the setting at fault, else the provider’s settings', () => {
    assert.equal(settingsQuery({ setting: 'imagesmith.outputFolder' }, 'popcord'), 'imagesmith.outputFolder');
    assert.equal(settingsQuery(undefined, 'popcord'), 'imagesmith.providers.popcord');
    assert.equal(settingsQuery(undefined, undefined), 'imagesmith');
  });

  describe('the setting at fault, as the pipeline names it', () => {
    const suite = useStandIn(() => startAllProviders(), (server) => server.urls);

    it('is the base URL setting for a bad base URL', async () => {
      const error = await failure(suite.h.run({ provider: 'popcord', prompt: 'x' }, { baseUrl: 'ftp://example.invalid/' }));
      assert.equal(error.setting, 'imagesmith.providers.popcord.baseUrl');
    });

    it('is the parameter’s setting when the bad value came from the settings, and none when it was given', async () => {
      const fromSettings = await failure(suite.h.run({ provider: 'aithriving', prompt: 'x' }, { apiKey: 'k', defaults: { steps: 5000 } }));
      assert.equal(fromSettings.parameter, 'steps');
      assert.equal(fromSettings.setting, 'imagesmith.providers.aithriving.steps');
      const given = await failure(suite.h.run({ provider: 'aithriving', prompt: 'x', params: { steps: 5000 } }, { apiKey: 'k' }));
      assert.equal(given.parameter, 'steps');
      assert.equal(given.setting, undefined);
      assert.deepEqual(remediesFor(given), ['showLog']);
    });
  });
});
