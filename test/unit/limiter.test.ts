import { strict as assert } from 'node:assert';
import { ImagesmithError } from '../../src/core/errors';
import { ConcurrencyLimiter } from '../../src/core/limiter';
import { startAllProviders, type AllProviders } from '../fixtures/all';
import { harness } from './support';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('ConcurrencyLimiter', () => {
  it('runs at most `limit` tasks per key and starts the rest in order', async () => {
    const limiter = new ConcurrencyLimiter();
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    const positions: Record<number, number[]> = {};
    const signal = new AbortController().signal;
    const runs = gates.map((gate, i) =>
      limiter.run('p', 2, signal, async () => {
        started.push(i);
        await gate.promise;
      }, (ahead) => (positions[i] ??= []).push(ahead)),
    );
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [0, 1]);
    assert.deepEqual(limiter.load('p'), { running: 2, waiting: 3 });
    assert.deepEqual(positions, { 2: [1], 3: [2], 4: [3] });
    gates[0]?.resolve();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [0, 1, 2]);
    assert.deepEqual(positions[3], [2, 1]);
    assert.deepEqual(positions[4], [3, 2]);
    for (const gate of gates) gate.resolve();
    await Promise.all(runs);
    assert.deepEqual(started, [0, 1, 2, 3, 4]);
    assert.deepEqual(limiter.load('p'), { running: 0, waiting: 0 });
  });

  it('keeps keys apart', async () => {
    const limiter = new ConcurrencyLimiter();
    const gate = deferred();
    const signal = new AbortController().signal;
    const a = limiter.run('a', 1, signal, () => gate.promise);
    let bRan = false;
    await limiter.run('b', 1, signal, () => {
      bRan = true;
      return Promise.resolve();
    });
    assert.ok(bRan);
    gate.resolve();
    await a;
  });

  it('drops a waiting task when it is cancelled, and moves the others up', async () => {
    const limiter = new ConcurrencyLimiter();
    const gate = deferred();
    const signal = new AbortController().signal;
    const first = limiter.run('p', 1, signal, () => gate.promise);
    const abort = new AbortController();
    let ran = false;
    const second = limiter.run('p', 1, abort.signal, () => {
      ran = true;
      return Promise.resolve();
    });
    const moves: number[] = [];
    const third = limiter.run('p', 1, signal, () => Promise.resolve('third'), (ahead) => moves.push(ahead));
    abort.abort();
    await assert.rejects(second, (e: unknown) => e instanceof ImagesmithError && e.kind === 'cancelled');
    assert.deepEqual(moves, [2, 1]);
    gate.resolve();
    await first;
    assert.equal(await third, 'third');
    assert.equal(ran, false);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = new ConcurrencyLimiter();
    const signal = new AbortController().signal;
    await assert.rejects(limiter.run('p', 1, signal, async () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await limiter.run('p', 1, signal, () => Promise.resolve(7)), 7);
  });
});

describe('the pipeline with a concurrency limit', () => {
  let servers: AllProviders;
  before(async () => {
    servers = await startAllProviders();
  });
  after(async () => servers.close());

  it('queues generations beyond the limit visibly and finishes them all', async () => {
    servers.popcord.setFault({ fault: 'slow', ms: 100 });
    const h = await harness(servers.urls, { limiter: new ConcurrencyLimiter(), concurrency: 2 });
    try {
      const saved = await Promise.all(Array.from({ length: 5 }, (_, i) => h.run({ provider: 'popcord', prompt: `fox ${i}` })));
      assert.equal(saved.flat().length, 5);
      const queued = h.progress.filter((p) => p.stage === 'queued');
      assert.ok(queued.length >= 3, `${queued.length} queued reports`);
      assert.equal(servers.popcord.requestsTo('/image/generate').length, 5);
    } finally {
      await h.close();
    }
  });
});
