// Last-resort cleanup for what the test runners start. code-server, the fixture servers
// and their children run in process groups of their own (so one signal reaches the whole
// tree); that also means Ctrl-C in a terminal no longer reaches them, so this module kills
// them when this process exits or is interrupted, whatever path it takes out.

import { rmSync } from 'node:fs';

/** @type {Set<() => void>} synchronous, idempotent undo actions, newest last */
const pending = new Set();
let hooked = false;

const SIGNALS = /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP']);
const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

function runAll() {
  for (const undo of [...pending].reverse()) {
    pending.delete(undo);
    try {
      undo();
    } catch {
      // Keep going: the rest still has to be cleaned up.
    }
  }
}

function hook() {
  if (hooked) return;
  hooked = true;
  process.on('exit', runAll);
  for (const signal of SIGNALS) {
    const onSignal = () => {
      runAll();
      // When something else (mocha, playwright) also listens, let it decide how to exit.
      if (process.listenerCount(signal) <= 1) process.exit(128 + SIGNAL_NUMBERS[signal]);
    };
    process.on(signal, onSignal);
  }
}

/**
 * Registers a synchronous undo action run on exit or on a fatal signal.
 * @param {() => void} undo
 * @returns {() => void} call once the thing has been cleaned up the normal way
 */
export function onEmergency(undo) {
  hook();
  pending.add(undo);
  return () => pending.delete(undo);
}

/** @param {number | undefined} pid the leader of a process group started with `detached: true` */
export function killGroupNow(pid) {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Stops a detached child and everything it started: SIGTERM to the group, SIGKILL
 * after a grace period.
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} [graceMs]
 */
export async function stopGroup(child, graceMs = 5000) {
  const pid = child.pid;
  if (pid === undefined) return;
  const exited = child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve(undefined)));
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const outcome = await raceTimeout(exited, graceMs);
  // The leader may be gone while grandchildren (extension host, ptys) linger.
  killGroupNow(pid);
  if (outcome === 'timeout') await raceTimeout(exited, 1000);
}

/**
 * @param {Promise<unknown>} promise
 * @param {number} ms
 */
async function raceTimeout(promise, ms) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  try {
    return await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms, 'timeout')))]);
  } finally {
    clearTimeout(timer);
  }
}

/** @param {string} path */
export function removeDirNow(path) {
  rmSync(path, { recursive: true, force: true, maxRetries: 3 });
}
