// Error kinds a handler or a library throws to say what should happen to the work: dead-letter it,
// retry it later, come back after a delay, or answer not found. Shared by the bus and the LLM gateway.

/** The message can never be handled (invalid input, broken invariant): dead-letter it at once. */
export class PermanentError extends Error {
  override readonly name: string = 'PermanentError';
}

/** A dependency is unavailable: redeliver later with a growing delay (or `retryAfterMs`). */
export class TransientError extends Error {
  override readonly name: string = 'TransientError';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * The handler chose to come back later (e.g. every LLM provider is rate-limited). Only allowed
 * while `ctx.canDefer` is true; otherwise the handler should fall back to local work.
 */
export class DeferError extends TransientError {
  override readonly name: string = 'DeferError';
}

/**
 * A handler ran past `handlerTimeoutMs` and was abandoned (its message is redelivered later or,
 * on the last delivery, dead-lettered). Raised by the transport, not by handlers.
 */
export class HandlerTimeoutError extends TransientError {
  override readonly name: string = 'HandlerTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`handler did not finish within ${timeoutMs} ms; abandoned`);
  }
}

/** A query asks for something that does not exist: the caller gets an ErrorReply `not_found`. */
export class NotFoundError extends PermanentError {
  override readonly name: string = 'NotFoundError';
}
