/**
 * undici's own modules, which the extension imports one by one rather than through the
 * package's entry: the entry evaluates all of undici (fetch, WebSocket, the caches, the mock
 * agents) as it loads, on the first command, and a generation needs its dispatchers and
 * request API alone (BENCHMARKS.md, "undici's parts"). undici types only its entry, so these
 * name its types for the modules that hold them; the version is pinned in package.json and
 * test/unit/undiciModules.test.ts checks that each module still holds what is named here.
 */
declare module 'undici/lib/dispatcher/agent' {
  const Agent: typeof import('undici').Agent;
  type Agent = import('undici').Agent;
  export = Agent;
}

declare module 'undici/lib/dispatcher/retry-agent' {
  const RetryAgent: typeof import('undici').RetryAgent;
  type RetryAgent = import('undici').RetryAgent;
  export = RetryAgent;
}

declare module 'undici/lib/api/api-request' {
  /** undici's `Dispatcher.prototype.request`, called on a dispatcher. */
  function request(this: import('undici').Dispatcher, options: import('undici').Dispatcher.RequestOptions): Promise<import('undici').Dispatcher.ResponseData>;
  export = request;
}

declare module 'undici/lib/web/fetch/formdata' {
  export const FormData: typeof import('undici').FormData;
  export type FormData = import('undici').FormData;
}

declare module 'undici/lib/web/websocket/websocket' {
  export const WebSocket: typeof import('undici').WebSocket;
  export type WebSocket = import('undici').WebSocket;
}
