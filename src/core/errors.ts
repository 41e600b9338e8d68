/**
 * Every failure the pipeline reports is an ImagesmithError, so that the commands, the
 * panel and the tests can tell a missing key from a rate limit without parsing text.
 * The message is what a person reads: who failed, what happened, what to do.
 */
export type ErrorKind =
  | 'invalid-input'
  | 'missing-key'
  | 'rejected-key'
  | 'rate-limited'
  | 'provider'
  | 'timeout'
  | 'network'
  | 'cancelled'
  | 'not-an-image'
  | 'file-system'
  | 'no-workspace'
  /** A key would go to an address only the workspace's settings named, and nobody confirmed it. */
  | 'untrusted-address';

export interface ErrorDetails {
  /** Provider label, for example "PopCord"; omitted for failures that are not a provider's. */
  readonly provider?: string;
  /** The parameter at fault, for invalid input. */
  readonly parameter?: string;
  /** The setting whose value is at fault (`imagesmith.outputFolder`), when a setting is where to fix it. */
  readonly setting?: string;
  /** Seconds the provider asked us to wait, for rate limits. */
  readonly retryAfterSeconds?: number;
  /** HTTP status the provider answered with, when there was one. */
  readonly status?: number;
  readonly cause?: unknown;
}

export class ImagesmithError extends Error {
  override readonly name = 'ImagesmithError';
  readonly provider?: string;
  readonly parameter?: string;
  readonly setting?: string;
  readonly retryAfterSeconds?: number;
  readonly status?: number;

  constructor(
    readonly kind: ErrorKind,
    message: string,
    details: ErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.provider = details.provider;
    this.parameter = details.parameter;
    this.setting = details.setting;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.status = details.status;
  }
}

export function isCancellation(error: unknown): boolean {
  if (error instanceof ImagesmithError) return error.kind === 'cancelled';
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: string }).code === 'UND_ERR_ABORTED');
}

export function cancelled(provider?: string): ImagesmithError {
  return new ImagesmithError('cancelled', provider ? `${provider}: the generation was cancelled.` : 'The generation was cancelled.', { provider });
}
