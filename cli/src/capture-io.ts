// A CliIo that keeps what a command writes, for runCli in tests (and anyone embedding the CLI).
import { Readable } from 'node:stream';
import type { CliIo } from './cli-io.js';

export interface CapturedIo extends CliIo {
  stdout: string[];
  stderr: string[];
  /** Standard output lines parsed as JSON (for --json). */
  json<T = Record<string, unknown>>(): T[];
}

export function captureIo(
  options: { env?: Record<string, string | undefined>; cwd?: string; stdin?: string } = {},
): CapturedIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (line) => void stdout.push(line),
    err: (line) => void stderr.push(line),
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    json: <T>() => stdout.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as T),
  };
}
