/**
 * A PixelEngine whose work runs in a worker thread (worker.ts), started on first use and
 * stopped after a minute without work. Requests are answered in order of completion.
 */
import { Worker } from 'node:worker_threads';
import type { ImageFacts, ImageSource, PixelEngine, Rendered, RenderSpec } from './engine';

export type WorkerRequest =
  | { readonly id: number; readonly op: 'render'; readonly source: ImageSource; readonly specs: readonly RenderSpec[] }
  | { readonly id: number; readonly op: 'inspect'; readonly source: ImageSource };

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly rendered?: Rendered[]; readonly facts?: ImageFacts }
  | { readonly id: number; readonly ok: false; readonly message: string };

const IDLE_MS = 60_000;

export class WorkerEngine implements PixelEngine {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param workerPath the bundled worker.ts
   * @param options the worker's workerData: none for the extension's worker, the engine's options for the bench's others
   */
  constructor(
    private readonly workerPath: string,
    private readonly options?: object,
  ) {}

  async render(source: ImageSource, specs: readonly RenderSpec[]): Promise<Rendered[]> {
    const reply = await this.call({ op: 'render', source, specs });
    return (reply.ok && reply.rendered) || [];
  }

  async inspect(source: ImageSource): Promise<ImageFacts> {
    const reply = await this.call({ op: 'inspect', source });
    if (!reply.ok || !reply.facts) throw new Error('the image worker did not describe the image');
    return reply.facts;
  }

  private call(request: { op: 'render'; source: ImageSource; specs: readonly RenderSpec[] } | { op: 'inspect'; source: ImageSource }): Promise<WorkerReply> {
    const worker = this.start();
    const id = this.nextId++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    return new Promise<WorkerReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    }).then((reply) => {
      if (!reply.ok) throw new Error(reply.message);
      return reply;
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerPath, { workerData: this.options });
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      waiting?.resolve(reply);
      if (this.pending.size === 0) this.idleTimer = setTimeout(() => void this.dispose(), IDLE_MS);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the image worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  async dispose(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
