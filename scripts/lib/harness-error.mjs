/** A failure the harness explains in its message (missing piece, timeout), printed without a stack. */
export class HarnessError extends Error {
  name = 'HarnessError';
}

/**
 * @param {unknown} error
 * @returns {string}
 */
export function explain(error) {
  if (error instanceof HarnessError) return error.message;
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
