// `npm run bench -- fraud [--rate 1000 --seconds 10] [--in-flight N]`: synchronous checkout
// scoring over NATS request/reply with Redis features, at a fixed open-loop rate (requests leave
// on schedule whether or not earlier ones have been answered; latency counts from the scheduled
// time, so a stall is not hidden). The fraud service runs as its own process, as deployed; a bare
// echo responder, also its own process, is measured at the same rate on the same NATS server in
// the same run. Last line: {"bench":"fraud","rate","p50_ms","p99_ms","echo_p99_ms","ratio_p99",
// "service_cpu_ms_per_req"}.
// With --in-flight N: a closed loop (N checkouts outstanding, rate × seconds of them) that prints
// service CPU per request only, comparable between runs on a busy machine.
import type { ChildProcess } from 'node:child_process';
import { openSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fromJson, type JsonObject } from '@bufbuild/protobuf';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { encodeMessage, FraudScoreRequestSchema, OrderPlacedSchema, Queries } from '@shopmind/contracts';
import { eventually, freePort, startInfra, uniqueName, provisionNamespace } from '@shopmind/testing';
import yargs from 'yargs';
import { child, cpuMsOf, percentile, imageEnvironment } from './bench-kit.js';
import { PROFILES, generateStream } from '../../services/fraud-detection/src/tools.js';

/**
 * Sends `payloads` round-robin at `rate`/s for `seconds`, open loop: each request leaves at its
 * scheduled time whatever the state of earlier ones. Timers wake the loop (a spin loop would take a
 * whole core from the service on a 2-core machine); latency counts from the actual send, and how
 * late sends left against the schedule is reported as `lagP99` so a stalled client cannot hide.
 */
async function openLoop(
  nc: NatsConnection,
  subject: string,
  payloads: Uint8Array[],
  rate: number,
  seconds: number,
  contentType: string,
): Promise<{ latencies: number[]; errors: number; lagP99: number; timeline: Array<[number, number]> }> {
  const h = headers();
  h.set('content-type', contentType);
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const lags: number[] = [];
  const timeline: Array<[number, number]> = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now() + 5;
  let sent = 0;
  await new Promise<void>((done) => {
    const tick = (): void => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        const scheduled = start + sent * interval;
        const data = payloads[sent % payloads.length];
        sent++;
        const at = performance.now();
        lags.push(at - scheduled);
        pending.push(
          nc.request(subject, data, { timeout: 2000, headers: h }).then(
            (m) => {
              if (m.headers?.get('Shopmind-Error')) errors++;
              const took = performance.now() - at;
              latencies.push(took);
              timeline.push([at - start, took]);
            },
            (err: unknown) => {
              if (errors++ === 0)
                console.error(`bench: first failed request on ${subject}: ${(err as Error).message}`);
            },
          ),
        );
      }
      if (sent >= total) done();
      else setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
  lags.sort((a, b) => a - b);
  timeline.sort((a, b) => a[0] - b[0]);
  return { latencies: latencies.sort((a, b) => a - b), errors, lagP99: percentile(lags, 99), timeline };
}

/**
 * `inFlight` requests outstanding until `total` are answered: the same batching in every run, so
 * service CPU per request compares across runs on a busy machine (an open loop batches more the
 * slower the machine is, which lowers CPU per request).
 */
async function closedLoop(
  nc: NatsConnection,
  subject: string,
  payloads: Uint8Array[],
  total: number,
  inFlight: number,
  contentType: string,
): Promise<{ errors: number }> {
  const h = headers();
  h.set('content-type', contentType);
  let next = 0;
  let errors = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const data = payloads[next++ % payloads.length];
      const m = await nc.request(subject, data, { timeout: 5000, headers: h });
      if (m.headers?.get('Shopmind-Error')) errors++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { errors };
}

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(args)
    .option('rate', { type: 'number', default: 1000 })
    .option('seconds', { type: 'number', default: 10 })
    .option('format', {
      choices: ['json', 'protobuf'] as const,
      default: 'json' as const,
      describe: 'wire format of the checkout requests',
    })
    .option('cpu-prof', {
      type: 'string',
      describe: 'directory for a V8 CPU profile of the service (node --cpu-prof), written when it stops',
    })
    .option('node-flag', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'extra node flag for the service process, e.g. --node-flag=--trace-gc (repeatable)',
    })
    .option('service-stdout', {
      type: 'string',
      describe: 'file for the service process stdout (e.g. with --node-flag=--trace-gc)',
    })
    .option('in-flight', {
      type: 'number',
      describe:
        'closed loop instead: this many checkouts outstanding, rate × seconds of them; prints service CPU per request only',
    })
    .option('timeline', {
      type: 'string',
      describe: 'file for the measured fraud requests as "send offset ms, latency ms" lines (finding stalls)',
    })
    .strict()
    .parse();
  const infra = await startInfra();
  // Services only verify the streams: provisioned first, as the admin step would.
  const prefix = await provisionNamespace(
    infra.natsUrl,
    uniqueName('fdbench')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  );
  const tenant = 'acme';
  const httpPort = await freePort();
  const children: ChildProcess[] = [];
  const nc = await connect({ servers: infra.natsUrl });
  try {
    // Realistic, varied checkouts (distinct users, cards, devices) so Redis does real work per request.
    const orders = generateStream({ ...PROFILES.baseline, days: 14 }, 99).map(
      (r) => fromJson(OrderPlacedSchema, r.json as JsonObject).order,
    );
    const payloads = orders.map((order, i) => {
      const req = fromJson(FraudScoreRequestSchema, {
        meta: { requestId: `bench-${i}`, tenantId: tenant, correlationId: `bench-${i}` },
      });
      req.order = order;
      return encodeMessage(FraudScoreRequestSchema, req, argv.format).data;
    });
    const contentType = argv.format === 'json' ? 'application/json' : 'application/protobuf';
    console.error(
      `bench: ${payloads.length} distinct checkout requests (${argv.format}), ${argv.rate}/s for ${argv.seconds} s`,
    );

    const profile = argv.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', argv.cpuProf] : [];
    const service = child(
      [
        ...argv.nodeFlag,
        ...profile,
        '--import',
        './dist/libs/telemetry/src/register.js',
        'dist/services/fraud-detection/src/main.js',
      ],
      {
        ...process.env,
        ...imageEnvironment(), // as deployed; what the bench sets below wins (HTTP_PORT)
        NATS_URL: infra.natsUrl,
        REDIS_URL: infra.redisUrl,
        HTTP_PORT: String(httpPort),
        SHOPMIND_SUBJECT_PREFIX: prefix,
        FRAUD_HASH_SECRET: 'bench-secret-0123456789abcdef',
        LOG_LEVEL: 'warn',
      },
      argv.serviceStdout ? openSync(argv.serviceStdout, 'w') : 'ignore',
    );
    children.push(service);
    await eventually(async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).ok, {
      timeoutMs: 30_000,
      intervalMs: 100,
      what: 'fraud-detection',
    });

    const echoSubject = `${prefix}.bench.echo`;
    children.push(
      child(
        [
          '--input-type=module',
          '-e',
          `import { connect } from '@nats-io/transport-node';
           const nc = await connect({ servers: ${JSON.stringify(infra.natsUrl)} });
           nc.subscribe(${JSON.stringify(echoSubject)}, { queue: 'echo', callback: (_e, m) => m.respond(m.data) });
           await nc.flush(); process.stderr.write('echo ready\\n'); await nc.closed();`,
        ],
        process.env,
      ),
    );
    await eventually(
      async () => (await nc.request(echoSubject, new Uint8Array([1]), { timeout: 500 })).data.length === 1,
      { timeoutMs: 30_000, intervalMs: 100, what: 'echo responder' },
    );

    const scoreSubject = `${prefix}.${Queries.fraudScore.subject(tenant)}`;
    // Warm-up (JIT, Redis script cache, connection buffers), not measured.
    await openLoop(nc, scoreSubject, payloads.slice(-500), argv.rate, 1, contentType);
    await openLoop(nc, echoSubject, payloads.slice(-500), argv.rate, 1, contentType);

    if (argv.inFlight) {
      const total = Math.round(argv.rate * argv.seconds);
      const cpuBefore = cpuMsOf(service.pid);
      const { errors } = await closedLoop(nc, scoreSubject, payloads, total, argv.inFlight, contentType);
      const cpuAfter = cpuMsOf(service.pid);
      console.log(
        JSON.stringify({
          bench: 'fraud',
          in_flight: argv.inFlight,
          requests: total,
          errors,
          service_cpu_ms_per_req:
            cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore) / total : null,
          load_average_1m: Math.round(loadavg()[0] * 100) / 100,
        }),
      );
      return;
    }
    const echo = await openLoop(nc, echoSubject, payloads, argv.rate, argv.seconds, contentType);
    const cpuBefore = cpuMsOf(service.pid);
    const fraud = await openLoop(nc, scoreSubject, payloads, argv.rate, argv.seconds, contentType);
    const cpuAfter = cpuMsOf(service.pid);
    if (argv.timeline)
      writeFileSync(
        argv.timeline,
        fraud.timeline.map(([t, l]) => `${t.toFixed(1)} ${l.toFixed(2)}`).join('\n') + '\n',
      );
    const r2 = (v: number): number => Math.round(v * 1000) / 1000;
    const p50 = percentile(fraud.latencies, 50);
    const p99 = percentile(fraud.latencies, 99);
    const echoP99 = percentile(echo.latencies, 99);
    const cpuPerRequest =
      cpuBefore !== undefined && cpuAfter !== undefined
        ? r2((cpuAfter - cpuBefore) / (fraud.latencies.length + fraud.errors))
        : null;
    console.error(
      JSON.stringify({
        load_average_1m: r2(loadavg()[0]),
        send_lag_p99_ms: r2(Math.max(fraud.lagP99, echo.lagP99)),
        fraud_n: fraud.latencies.length,
        fraud_errors: fraud.errors,
        fraud_p999_ms: r2(percentile(fraud.latencies, 99.9)),
        fraud_max_ms: r2(fraud.latencies[fraud.latencies.length - 1]),
        echo_n: echo.latencies.length,
        echo_errors: echo.errors,
        echo_p50_ms: r2(percentile(echo.latencies, 50)),
      }),
    );
    console.log(
      JSON.stringify({
        bench: 'fraud',
        rate: argv.rate,
        format: argv.format,
        p50_ms: r2(p50),
        p99_ms: r2(p99),
        echo_p99_ms: r2(echoP99),
        ratio_p99: r2(p99 / echoP99),
        // The CPU target (≤ 0.25 ms), in the line the runner takes medians of.
        service_cpu_ms_per_req: cpuPerRequest,
      }),
    );
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
    );
    await nc.drain();
    await infra.stop();
  }
}
