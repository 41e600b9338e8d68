import * as assert from 'node:assert/strict';
import * as undici from 'undici';
import Agent from 'undici/lib/dispatcher/agent';
import RetryAgent from 'undici/lib/dispatcher/retry-agent';
import requestOn from 'undici/lib/api/api-request';
import { FormData } from 'undici/lib/web/fetch/formdata';
import { WebSocket } from 'undici/lib/web/websocket/websocket';

/**
 * The extension imports undici's modules one by one (src/core/undiciModules.d.ts names their
 * types). These are not undici's documented entry, so an update that moves them must fail
 * here, before a provider does: each module must hold the very object the entry exports.
 */
describe('undici’s modules that the extension imports', () => {
  it('hold the dispatchers, the request API, FormData and WebSocket that undici’s entry exports', () => {
    assert.equal(Agent, undici.Agent);
    assert.equal(RetryAgent, undici.RetryAgent);
    // The entry puts the request API on every dispatcher.
    assert.equal(requestOn, Object.getOwnPropertyDescriptor(undici.Dispatcher.prototype, 'request')?.value);
    assert.equal(FormData, undici.FormData);
    assert.equal(WebSocket, undici.WebSocket);
  });
});
