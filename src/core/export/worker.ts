/**
 * The image worker thread: a SharpEngine answering WorkerEngine's requests, so that
 * decoding and encoding never hold up the extension host.
 */
import { parentPort } from 'node:worker_threads';
import { SharpEngine } from './sharpEngine';
import { answerRequests } from './workerReplies';

if (parentPort) answerRequests(parentPort, new SharpEngine());
