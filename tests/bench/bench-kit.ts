// What every bench needs around the code it measures: services as child processes with their CPU
// and memory read from /proc, an open-loop request client beside a bare echo, and percentiles.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MsgHdrs, NatsConnection } from '@nats-io/transport-node';
import { eventually } from '@shopmind/testing';
import { Presets, SingleBar } from 'cli-progress';

/** The repository root, from the compiled file in dist/tests/bench/. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Nearest-rank percentile of an ascending array; NaN when it is empty. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** CPU time (user + system, ms) a process has used, from /proc; undefined where /proc is missing. */
export function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Resident set size (bytes) of a process, from /proc; NaN where /proc is missing. */
export function rssOf(pid: number | undefined): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
    return line ? Number(line[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * The environment the image gives every service (the `ENV` lines of deploy/Dockerfile's runtime
 * stage: NODE_ENV=production and the rest, build arguments aside), so benches measure services as deployed.
 * BENCH_NODE_ENV overrides NODE_ENV for an experiment.
 */
export function imageEnvironment(): Record<string, string> {
  const dockerfile = readFileSync(join(repoRoot, 'deploy', 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const runtime = dockerfile.split(/^FROM /m).at(-1)!;
  const env: Record<string, string> = {};
  for (const line of runtime.split('\n').filter((l) => l.startsWith('ENV '))) {
    for (const [, key, value] of line.slice(4).matchAll(/([A-Z_][A-Z0-9_]*)=("[^"]*"|\S+)/g))
      if (!value!.includes('${')) env[key!] = value!.replace(/^"|"$/g, ''); // not build arguments
  }
  if (env.NODE_ENV !== 'production')
    throw new Error('deploy/Dockerfile: the runtime stage no longer sets NODE_ENV=production');
  if (process.env.BENCH_NODE_ENV) env.NODE_ENV = process.env.BENCH_NODE_ENV;
  return env;
}

/** A child node process in the repository root; its stderr lines that look like failures are passed on. */
export function child(
  args: string[],
  env: NodeJS.ProcessEnv,
  stdout: 'ignore' | number = 'ignore',
): ChildProcess {
  const p = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', stdout, 'pipe'] });
  p.stderr?.on('data', (d: Buffer) => {
    const line = d.toString();
    if (/error|refuses|fatal/i.test(line)) process.stderr.write(`[child] ${line}`);
  });
  return p;
}

/**
 * The bare NATS request/reply echo every latency is compared with: its own process, answering on
 * `subject` in a queue group; resolves once it answers through `nc`.
 */
export async function startEcho(nc: NatsConnection, natsUrl: string, subject: string): Promise<ChildProcess> {
  const echo = child(
    [
      '--input-type=module',
      '-e',
      `import { connect } from '@nats-io/transport-node';
       const nc = await connect({ servers: ${JSON.stringify(natsUrl)}, name: 'bench-echo' });
       nc.subscribe(${JSON.stringify(subject)}, { queue: 'echo', callback: (_e, m) => m.respond(m.data) });
       await nc.flush(); await nc.closed();`,
    ],
    { PATH: process.env.PATH, HOME: process.env.HOME },
  );
  await eventually(
    async () => (await nc.request(subject, new Uint8Array([1]), { timeout: 500 })).data.length === 1,
    { timeoutMs: 30_000, intervalMs: 50, what: 'echo responder' },
  );
  return echo;
}

/** SIGTERM, then wait for the exit (nothing to do when it has already ended). */
export async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  await exited;
}

/** A request subject the open loop sends to, and what came back. */
export interface Target {
  label: string;
  subject: string;
  /** The request of round `i`. */
  payload: (i: number) => Uint8Array;
  latencies: number[];
  errors: number;
}

export function target(label: string, subject: string, payload: (i: number) => Uint8Array): Target {
  return { label, subject, payload, latencies: [], errors: 0 };
}

/**
 * `count` rounds at `rate` rounds per second, open loop; each round sends one request to every
 * target, alternating the order. Timers wake the loop (a spin loop would take a whole core from the
 * service on a 2-core machine). Latency counts from the actual send; how late rounds left against
 * the schedule is returned (p99, ms) so a stalled client cannot hide. With `progress`, a bar on stderr.
 */
export async function openLoop(
  nc: NatsConnection,
  targets: Target[],
  h: MsgHdrs,
  count: number,
  rate: number,
  progress?: string,
): Promise<number> {
  const bar = progress
    ? new SingleBar(
        { format: `${progress} [{bar}] {value}/{total}`, stream: process.stderr },
        Presets.shades_classic,
      )
    : undefined;
  bar?.start(count, 0);
  const interval = 1000 / rate;
  const lags: number[] = [];
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 5;
  let sent = 0;
  await new Promise<void>((done) => {
    const tick = (): void => {
      const now = performance.now();
      while (sent < count && start + sent * interval <= now) {
        const i = sent++;
        lags.push(performance.now() - (start + i * interval));
        for (const t of i % 2 === 0 ? targets : [...targets].reverse()) {
          const at = performance.now();
          inFlight.push(
            nc.request(t.subject, t.payload(i), { timeout: 5000, headers: h }).then(
              (reply) => {
                if (reply.headers?.get('Shopmind-Error')) {
                  if (t.errors++ === 0) console.error(`bench: ${t.label} error reply: ${reply.string()}`);
                  return;
                }
                t.latencies.push(performance.now() - at);
              },
              (err: unknown) => {
                if (t.errors++ === 0)
                  console.error(`bench: ${t.label} request failed: ${(err as Error).message}`);
              },
            ),
          );
        }
        if (i % 100 === 0) bar?.update(i);
      }
      if (sent >= count) done();
      else setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  bar?.update(count);
  bar?.stop();
  for (const t of targets) t.latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  return percentile(lags, 99);
}
