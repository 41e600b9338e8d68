import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startAutomatic1111, type Automatic1111Server } from '../fixtures/automatic1111';
import { startOpenai, type OpenaiServer } from '../fixtures/openai';
import { generate, rejection, leaveImagesClosed } from './support/commands';
import { fixtureUrls } from './support/fixtures';

/** Another loopback address: a server the repository's settings name, not the person. */
const ELSEWHERE = '127.0.0.2';

const providers = () => vscode.workspace.getConfiguration('imagesmith.providers');

async function setBaseUrl(provider: string, url: string | undefined, target: vscode.ConfigurationTarget): Promise<void> {
  await providers().update(`${provider}.baseUrl`, url, target);
}

describe('A provider address that only the workspace names', function () {
  this.timeout(60_000);
  leaveImagesClosed();
  let openai: OpenaiServer;
  let a1111: Automatic1111Server;

  before(async () => {
    openai = await startOpenai({ host: ELSEWHERE });
    a1111 = await startAutomatic1111({ host: ELSEWHERE });
    await vscode.commands.executeCommand('imagesmith.setApiKey', { provider: 'openai', apiKey: 'sk-it-trust-4821' });
  });
  afterEach(async () => {
    for (const provider of ['openai', 'automatic1111']) {
      await setBaseUrl(provider, undefined, vscode.ConfigurationTarget.Workspace);
      await setBaseUrl(provider, fixtureUrls()[provider as 'openai' | 'automatic1111'], vscode.ConfigurationTarget.Global);
    }
    await vscode.commands.executeCommand('imagesmith.clearApiKey', { provider: 'automatic1111' });
    openai.reset();
    a1111.reset();
  });
  after(async () => {
    await vscode.commands.executeCommand('imagesmith.clearApiKey', { provider: 'openai' });
    await openai.close();
    await a1111.close();
  });

  it('is refused in the argument form, naming the setting and its file, and receives nothing', async () => {
    await setBaseUrl('openai', openai.url, vscode.ConfigurationTarget.Workspace);
    const error = await rejection({ prompt: 'a lighthouse', provider: 'openai' });
    assert.match(error.message, /OpenAI's base URL http:\/\/127\.0\.0\.2:\d+ comes from the workspace settings in .*settings\.json \(imagesmith\.providers\.openai\.baseUrl\)/);
    assert.match(error.message, /choose "Allow", or set imagesmith\.providers\.openai\.baseUrl in your user settings\. Nothing was sent\./);
    assert.deepEqual(openai.requests, [], 'the workspace’s server heard nothing');
    assert.doesNotMatch(error.message, /sk-it-trust-4821/);
  });

  it('is used without a question when the person set it in their user settings', async () => {
    await setBaseUrl('openai', openai.url, vscode.ConfigurationTarget.Global);
    const uris = await generate({ prompt: 'a lighthouse', provider: 'openai' });
    assert.equal(uris.length, 1);
    const posts = openai.requests.filter((request) => request.method === 'POST');
    assert.equal(posts.length, 1);
    assert.equal(posts[0]?.headers.authorization, 'Bearer sk-it-trust-4821');
  });

  it('is used when the workspace names the person’s own address again', async () => {
    await setBaseUrl('openai', fixtureUrls().openai, vscode.ConfigurationTarget.Workspace);
    assert.equal((await generate({ prompt: 'a lighthouse', provider: 'openai' })).length, 1);
  });

  it('needs no say-so for a local server without a login, and does with one', async () => {
    await setBaseUrl('automatic1111', a1111.url, vscode.ConfigurationTarget.Workspace);
    assert.equal((await generate({ prompt: 'a harbour', provider: 'automatic1111' })).length, 1, 'nothing secret goes with it');
    const before = a1111.requests.length;
    await vscode.commands.executeCommand('imagesmith.setApiKey', { provider: 'automatic1111', apiKey: 'painter:s3cret' });
    const error = await rejection({ prompt: 'a harbour', provider: 'automatic1111' });
    assert.match(error.message, /sends your login there only after you confirm that address/);
    assert.equal(a1111.requests.length, before, 'the login went nowhere');
  });

  it('never sends a key over plain http to another machine, even from user settings', async () => {
    await setBaseUrl('openai', 'http://images.example.com/v1/', vscode.ConfigurationTarget.Global);
    const error = await rejection({ prompt: 'a lighthouse', provider: 'openai' });
    assert.match(error.message, /plain http on another machine.*only over https or to this machine/);
  });

  it('has nothing to forget until an address is allowed', async () => {
    assert.equal(await vscode.commands.executeCommand('imagesmith.resetTrustedAddresses', {}), 0);
  });
});
