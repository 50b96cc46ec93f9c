// The exit codes every command keeps (cli/README.md lists them) and the errors that map to them.

export const ExitCode = {
  /** The command did what it was asked and found nothing wrong. */
  ok: 0,
  /** The command ran and found problems, or the operation failed (invalid data, an error reply). */
  failed: 1,
  /** The command line is wrong: unknown command or option, missing or invalid argument. */
  usage: 2,
  /** NATS or Redis could not be reached or refused the credentials. */
  unreachable: 3,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A wrong argument found after parsing (e.g. an invalid tenant id): exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A server could not be reached or refused us: exit 3. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

/** The operation failed for a reason the message states (invalid data, an error reply): exit 1. */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
}

export function exitCodeOf(err: unknown): ExitCodeValue {
  if (err instanceof UsageError) return ExitCode.usage;
  if (err instanceof UnreachableError) return ExitCode.unreachable;
  return ExitCode.failed;
}
