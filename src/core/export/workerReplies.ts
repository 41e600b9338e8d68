/**
 * The worker side of WorkerEngine: answers its requests with an engine's work, each reply
 * as soon as its work is done.
 */
import type { MessagePort } from 'node:worker_threads';
import type { PixelEngine } from './engine';
import type { WorkerReply, WorkerRequest } from './workerEngine';

export function answerRequests(port: MessagePort, engine: PixelEngine): void {
  port.on('message', (request: WorkerRequest) => {
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
}
