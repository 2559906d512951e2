/** Why an operation failed, in terms a surface can act on (retry, re-authenticate, fix config). */
export type FlagLensErrorReason =
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'rateLimited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'invalidConfig'
  | 'parse'
  | 'protectedEnvironment'
  | 'approvalRequired'
  | 'unsupported'
  | 'usage';

export interface FlagLensErrorOptions {
  cause?: unknown;
  /** For `rateLimited`: how long the server asked us to wait. */
  retryAfterMs?: number;
  /** HTTP status when the error came from a response. */
  status?: number;
  /** File the error is about (config, flag file), with a 0-based line when known. */
  file?: string;
  line?: number;
}

/**
 * The only error type that crosses from core to the extension and CLI. `message` is one line a
 * person can read, and never contains a token.
 */
export class FlagLensError extends Error {
  override readonly name = 'FlagLensError';
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(
    readonly reason: FlagLensErrorReason,
    message: string,
    options: FlagLensErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
    this.file = options.file;
    this.line = options.line;
  }

  static is(error: unknown, reason?: FlagLensErrorReason): error is FlagLensError {
    return error instanceof FlagLensError && (reason === undefined || error.reason === reason);
  }
}

/** Throws a `cancelled` error when the signal has fired; call after every await in long work. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new FlagLensError('cancelled', 'The operation was cancelled.');
}

/** One line for people from anything thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}
