// One local server binary (nats-server, redis-server) run as a child process on a fixed port:
// started, awaited until it accepts connections, stopped and started again on the same port.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InfraUnavailableError } from './infra-unavailable-error.js';
import { canConnect } from './tcp-port.js';

export interface LocalServerSpec {
  /** Binary name looked up on PATH, or a path. */
  binary: string;
  args: string[];
  port: number;
  /** A line the server logs once it is fully ready (checked together with the port). */
  readyLine?: RegExp;
  /** What to tell the user when the binary is missing. */
  installHint: string;
  startTimeoutMs?: number;
  /** Environment added to this process's own (e.g. passwords a configuration refers to). */
  env?: Record<string, string>;
}

// Children still running, killed when this process exits so no server outlives a test run.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** The absolute path of `binary` on PATH (or the binary itself when it contains a slash). */
export function findExecutable(binary: string, searchPath = process.env.PATH ?? ''): string | undefined {
  const candidates = binary.includes('/')
    ? [binary]
    : searchPath
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, binary));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; try the next directory
    }
  }
  return undefined;
}

export class LocalServerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private output: string[] = [];

  constructor(private readonly spec: LocalServerSpec) {}

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Last lines the server wrote, for error messages. */
  get recentOutput(): string {
    return this.output.slice(-20).join('\n');
  }

  async start(): Promise<void> {
    if (this.child) return;
    const executable = findExecutable(this.spec.binary);
    if (!executable) {
      throw new InfraUnavailableError(`${this.spec.binary} was not found on PATH. ${this.spec.installHint}`);
    }
    this.output = [];
    let ready = this.spec.readyLine === undefined;
    const child = spawn(executable, this.spec.args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...this.spec.env },
    });
    this.child = child;
    live.add(child);
    let exitCode: number | string | null | undefined;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        exitCode = code ?? signal;
        live.delete(child);
        if (this.child === child) this.child = undefined;
        resolve();
      });
      child.once('error', (err) => {
        this.output.push(String(err));
        exitCode = 'spawn error';
        live.delete(child);
        if (this.child === child) this.child = undefined;
        resolve();
      });
    });
    const collect = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        this.output.push(line);
        if (this.spec.readyLine?.test(line)) ready = true;
      }
      if (this.output.length > 200) this.output.splice(0, this.output.length - 100);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);

    const deadline = Date.now() + (this.spec.startTimeoutMs ?? 15_000);
    for (;;) {
      if (exitCode !== undefined) {
        throw new InfraUnavailableError(
          `${this.spec.binary} exited (${exitCode}) before accepting connections on port ${this.spec.port}:\n${this.recentOutput}`,
        );
      }
      if (ready && (await canConnect(this.spec.port))) return;
      if (Date.now() > deadline) {
        await this.kill('SIGKILL');
        throw new InfraUnavailableError(
          `${this.spec.binary} did not accept connections on port ${this.spec.port} in time:\n${this.recentOutput}`,
        );
      }
      await sleep(20);
    }
  }

  /** Stops the process and waits until it has exited. Files it wrote are kept. */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = this.exited;
    child.kill(signal);
    // A server that ignores SIGTERM for too long is killed hard so a test run never hangs on it.
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
