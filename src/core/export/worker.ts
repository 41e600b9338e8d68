/**
 * The image worker thread: a VipsEngine answering WorkerEngine's requests, so that
 * decoding and encoding never hold up the extension host.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './workerEngine';
import { VipsEngine, type VipsOptions } from './vipsEngine';

const { modulePath, ...options } = workerData as { modulePath: string } & VipsOptions;
const engine = new VipsEngine(modulePath, options);
const port = parentPort;

port?.on('message', (request: WorkerRequest) => {
  void (async () => {
    try {
      if (request.op === 'render') {
        const rendered = await engine.render(request.source, request.specs);
        const reply: WorkerReply = { id: request.id, ok: true, rendered };
        port.postMessage(reply, rendered.map((item) => item.bytes.buffer as ArrayBuffer));
      } else {
        const reply: WorkerReply = { id: request.id, ok: true, facts: await engine.inspect(request.source) };
        port.postMessage(reply);
      }
    } catch (error) {
      const reply: WorkerReply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
      port.postMessage(reply);
    }
  })();
});
