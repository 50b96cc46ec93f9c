// Where a command writes and what it reads besides its arguments: the process by default, a capture
// in tests (runCli runs in-process, so a test sees the output and the exit code).
import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  /** Writes one line (a newline is added) to standard output. */
  out(line: string): void;
  /** Writes one line (a newline is added) to standard error. */
  err(line: string): void;
  stdin: Readable;
  /** Where a progress bar may draw; undefined when standard error is not a terminal. */
  progressStream?: Writable;
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    stdin: process.stdin,
    progressStream: process.stderr.isTTY ? process.stderr : undefined,
    env: process.env,
    cwd: process.cwd(),
  };
}
