// Jest test environment: what the code under test writes to stdout and stderr (the services' JSON
// logs, Nest's logger, output a test forwards from a spawned process) goes to one file per test
// file, .test-logs/<test file>.log, instead of the terminal. A test that fails gets the lines
// written while it ran appended to its failure, so `npm test` prints results and, for a failure, its logs.
//
// Jest loads this file outside its module registry (compiled to CommonJS), so it imports nothing
// of ours. The test's `process.stdout` / `process.stderr` are replaced inside the test's context
// only: Jest's own output and other test files are untouched. pino writes straight to the file
// descriptor of `process.stdout`, which is why the replacement is backed by a real file.
import { fstat, fstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Writable } from 'node:stream';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';

/**
 * Where a test file's log goes: `.test-logs/` under the root (or `SHOPMIND_TEST_LOGS`), mirroring
 * the test file's path.
 */
export function testLogPath(rootDir: string, testPath: string, env = process.env): string {
  const folder = env.SHOPMIND_TEST_LOGS || join(rootDir, '.test-logs');
  return join(folder, `${relative(rootDir, testPath)}.log`);
}

/** An error carrying the lines a failed test wrote, shown by Jest beneath the test's own failure. */
export class LogsOfFailedTest extends Error {
  constructor(lines: string, logFile: string) {
    super(`Logs written while this test ran (the whole file's: ${logFile}):\n${lines}`);
    this.name = 'LogsOfFailedTest';
    // Jest prints the stack; this error's place in our code says nothing.
    this.stack = this.message;
  }
}

/** The most of a failed test's log printed with it; the rest stays in the file. */
const MAX_PRINTED_BYTES = 64 * 1024;

export default class QuietLogsEnvironment extends TestEnvironment {
  private readonly logFile: string;
  private readonly shownAs: string;
  private fd: number | undefined;
  private testStartOffset = 0;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const rootDir = config.globalConfig.rootDir;
    this.logFile = testLogPath(rootDir, context.testPath);
    this.shownAs = relative(process.cwd(), this.logFile);
  }

  override async setup(): Promise<void> {
    await super.setup();
    mkdirSync(dirname(this.logFile), { recursive: true });
    const fd = openSync(this.logFile, 'w+');
    this.fd = fd;
    const sink = (): Writable => {
      const stream = new Writable({
        write: (chunk: Buffer | string, _encoding, done) => {
          this.append(chunk);
          done();
        },
      });
      // pino's default destination is `process.stdout.fd`: it then writes to this file directly.
      return Object.assign(stream, { fd, isTTY: false });
    };
    const testProcess = this.global.process;
    Object.defineProperty(testProcess, 'stdout', { value: sink(), configurable: true, writable: true });
    Object.defineProperty(testProcess, 'stderr', { value: sink(), configurable: true, writable: true });
  }

  async handleTestEvent(event: Circus.Event): Promise<void> {
    if (this.fd === undefined) return;
    if (event.name === 'test_start') {
      // What the previous test wrote lands before this test's heading, not under it.
      await this.writesSettled();
      this.append(`\n── ${testName(event.test)}\n`);
      this.testStartOffset = fstatSync(this.fd).size;
    } else if (event.name === 'test_done' && event.test.errors.length > 0) {
      await this.writesSettled();
      const lines = this.readSince(this.testStartOffset);
      if (lines.trim()) event.test.errors.push(new LogsOfFailedTest(lines, this.shownAs));
    }
  }

  override async teardown(): Promise<void> {
    // The file stays open until the process ends. A logger the test did not close (pino's
    // sonic-boom writes asynchronously to this fd) may still write after the test file ends:
    // closing the fd here made that write fail with EBADF and crash the whole Jest run, and a
    // reused fd number would send it into some other file or socket.
    if (this.fd !== undefined) await this.writesSettled();
    await super.teardown();
  }

  /**
   * pino writes to the file asynchronously, one write at a time (the next is issued from the
   * callback of the last), so the file may still grow after the code under test has logged: wait
   * until it stops growing over a round trip through the thread pool that serves those writes.
   */
  private async writesSettled(): Promise<void> {
    const fd = this.fd;
    if (fd === undefined) return;
    let size = fstatSync(fd).size;
    for (let round = 0; round < 100; round++) {
      await new Promise((resolve) => fstat(fd, resolve));
      await new Promise((resolve) => setImmediate(resolve));
      const now = fstatSync(fd).size;
      if (now === size) return;
      size = now;
    }
  }

  private append(chunk: Buffer | string): void {
    if (this.fd !== undefined) writeSync(this.fd, typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }

  private readSince(offset: number): string {
    const fd = this.fd;
    if (fd === undefined) return '';
    const end = fstatSync(fd).size;
    const start = Math.max(offset, end - MAX_PRINTED_BYTES);
    const buffer = Buffer.alloc(end - start);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, start + read);
      if (n === 0) break;
      read += n;
    }
    const text = buffer.subarray(0, read).toString('utf8');
    return start > offset ? `… (${start - offset} bytes before these are in the file)\n${text}` : text;
  }
}

function testName(test: Circus.TestEntry): string {
  const names: string[] = [];
  for (let block: Circus.DescribeBlock | undefined = test.parent; block; block = block.parent) {
    if (block.name !== 'ROOT_DESCRIBE_BLOCK') names.unshift(block.name);
  }
  return [...names, test.name].join(' › ');
}
