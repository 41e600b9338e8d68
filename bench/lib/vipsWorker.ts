/**
 * A wasm-vips image worker, for comparison with the extension's (src/core/export/worker.ts,
 * sharp): a VipsEngine answering WorkerEngine's requests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { answerRequests } from '../../src/core/export/workerReplies';
import { VipsEngine, type VipsOptions } from './vipsEngine';

const { modulePath, ...options } = workerData as { modulePath: string } & VipsOptions;
if (parentPort) answerRequests(parentPort, new VipsEngine(modulePath, options));
