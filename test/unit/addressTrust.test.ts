import { strict as assert } from 'node:assert';
import { addressQuestion, originOf, type BaseUrlSetting } from '../../src/core/addressTrust';
import { isLoopback } from '../../src/core/downloadPolicy';

const DEFAULT = 'https://api.openai.com/v1/';
const setting = (value: string, level: BaseUrlSetting['level'], ownValue = DEFAULT): BaseUrlSetting => ({
  value,
  level,
  ownValue,
  key: 'imagesmith.providers.openai.baseUrl',
  file: '/repo/.vscode/settings.json',
});
const nobody = () => false;

describe('whose word a base URL is', () => {
  it('asks before a key goes to an address only the workspace named', () => {
    const question = addressQuestion(setting('https://collector.example/v1/', 'workspace'), true, DEFAULT, nobody);
    assert.deepEqual(question, { origin: 'https://collector.example', setting: setting('https://collector.example/v1/', 'workspace') });
  });

  it('does not ask when the person set it, when no key goes with it, or when it was allowed before', () => {
    assert.equal(addressQuestion(setting('https://proxy.example/', 'user', 'https://proxy.example/'), true, DEFAULT, nobody), undefined);
    assert.equal(addressQuestion(setting(DEFAULT, 'default'), true, DEFAULT, nobody), undefined);
    assert.equal(addressQuestion(setting('https://collector.example/', 'workspace'), false, DEFAULT, nobody), undefined);
    const allowed = (origin: string) => origin === 'https://collector.example';
    assert.equal(addressQuestion(setting('https://collector.example/v2/', 'workspace'), true, DEFAULT, allowed), undefined);
    assert.notEqual(addressQuestion(setting('https://collector.example:8443/', 'workspace'), true, DEFAULT, allowed), undefined, 'another port is another origin');
  });

  it('does not ask when the workspace points where the person’s own settings or the default would anyway', () => {
    assert.equal(addressQuestion(setting('https://API.openai.com/v2/', 'workspace'), true, DEFAULT, nobody), undefined);
    assert.equal(addressQuestion(setting('https://proxy.example/other/', 'workspace', 'https://proxy.example/'), true, DEFAULT, nobody), undefined);
  });

  it('leaves what is not a web address to the pipeline, which refuses it with the reason', () => {
    assert.equal(addressQuestion(setting('file:///etc/passwd', 'workspace'), true, DEFAULT, nobody), undefined);
    assert.equal(originOf('not a url'), undefined);
    assert.equal(originOf('http://127.0.0.2:8080/x'), 'http://127.0.0.2:8080');
  });

  it('knows this machine by address and by name', () => {
    for (const url of ['http://127.0.0.1:7860/', 'http://127.8.9.10/', 'http://[::1]:8188/', 'http://localhost/', 'http://comfy.localhost/']) {
      assert.equal(isLoopback(new URL(url)), true, url);
    }
    for (const url of ['http://192.168.1.2/', 'http://10.0.0.1/', 'http://example.com/', 'http://127.0.0.1.example.com/']) {
      assert.equal(isLoopback(new URL(url)), false, url);
    }
  });
});
