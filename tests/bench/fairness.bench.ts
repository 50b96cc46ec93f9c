// `npm run bench -- fairness [--quiet-rate 32] [--burst-factor 10] [--work-ms 200] [--concurrency 64]
// [--read-ahead N] [--tenant-concurrency N] [--seconds 8] [--burst-seconds 6]`: two shops on one service consumer. The quiet
// shop publishes at --quiet-rate/s for --seconds; in the burst runs the other shop publishes at
// --burst-factor × that rate for --burst-seconds from the first second, more than the service can
// handle (--concurrency handlers of --work-ms each), so a backlog builds. Measured: the quiet shop's
// publish → handled time (handler finished), p99, alone and with the burst, with fairness on and
// off; the ratio burst / alone is the issue's figure (target ≤ 2 with fairness on). The handler
// waits --work-ms (a dependency call) and uses no CPU of its own. One run of the four scenarios;
// last line: the JSON figures.
import { loadavg } from 'node:os';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import {
  BusModule,
  JetStreamTransport,
  OnEvent,
  busConnectionOptions,
  resolveBusOptions,
  streamSpecs,
  type BusOptions,
  type EventContext,
} from '@shopmind/bus';
import { Events, encodeMessage, prefixSubject, type ReviewSubmitted } from '@shopmind/contracts';
import { aReview, eventually, startInfra, uniqueName, provisionNamespace } from '@shopmind/testing';
import { percentile, round } from './bench-kit.js';

const QUIET = 'quietshop';
const BUSY = 'busyshop';

/** When each event was sent and handled (performance.now(), this process), by review id. */
const sentAt = new Map<string, number>();
const handledAt = new Map<string, number>();
let workMs = 200;

@Controller()
class SlowDependencyHandler {
  @OnEvent(Events.reviewSubmitted)
  async handle(msg: ReviewSubmitted, _ctx: EventContext): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, workMs));
    handledAt.set(msg.reviewId, performance.now());
  }
}

interface Scenario {
  fairness: boolean;
  burst: boolean;
}

interface Figures {
  quietP50: number;
  quietP99: number;
  quietEvents: number;
  busyEvents: number;
  /** Longest a busy-shop event waited (ms): how deep the backlog got. */
  busyMax: number;
}

interface Load {
  quietRate: number;
  burstFactor: number;
  seconds: number;
  burstSeconds: number;
}

/**
 * Publishes the quiet shop's events at its rate for the whole run and, in a burst run, the busy
 * shop's at the burst rate from the first second; open loop, timers catching up on the schedule.
 */
async function publishLoad(
  js: JetStreamClient,
  prefix: string,
  load: Load,
  burst: boolean,
): Promise<string[][]> {
  const streams = [
    { tenant: QUIET, rate: load.quietRate, from: 0, seconds: load.seconds, ids: [] as string[] },
    ...(burst
      ? [
          {
            tenant: BUSY,
            rate: load.quietRate * load.burstFactor,
            from: 1000,
            seconds: load.burstSeconds,
            ids: [] as string[],
          },
        ]
      : []),
  ];
  const start = performance.now() + 5;
  const acks: Promise<unknown>[] = [];
  await Promise.all(
    streams.map(
      (s) =>
        new Promise<void>((done) => {
          const count = Math.round(s.rate * s.seconds);
          const interval = 1000 / s.rate;
          let sent = 0;
          const tick = (): void => {
            const now = performance.now();
            while (sent < count && start + s.from + sent * interval <= now) {
              const review = aReview(s.tenant, { reviewId: `${s.tenant}-${sent++}` });
              const { data, contentType } = encodeMessage(Events.reviewSubmitted.schema, review, 'json');
              const h = natsHeaders();
              h.set('content-type', contentType);
              sentAt.set(review.reviewId, performance.now());
              s.ids.push(review.reviewId);
              acks.push(
                js.publish(prefixSubject(prefix, Events.reviewSubmitted.subject(s.tenant)), data, {
                  headers: h,
                }),
              );
            }
            if (sent >= count) done();
            else setTimeout(tick, Math.max(0, start + s.from + sent * interval - performance.now()));
          };
          tick();
        }),
    ),
  );
  await Promise.all(acks);
  return streams.map((s) => s.ids);
}

async function run(
  nc: NatsConnection,
  natsUrl: string,
  scenario: Scenario,
  load: Load,
  bus: Pick<BusOptions, 'concurrency' | 'readAhead' | 'tenantConcurrency'>,
): Promise<Figures> {
  const prefix = await provisionNamespace(natsUrl, uniqueName('fairbench'));
  const options: BusOptions = {
    service: 'fairness-bench',
    natsUrl,
    subjectPrefix: prefix,
    fairness: scenario.fairness,
    sweepStrays: false,
    ...bus,
  };
  @Module({ imports: [BusModule.forRoot(options)], controllers: [SlowDependencyHandler] })
  class FairnessBenchModule {}
  const app = await NestFactory.createMicroservice(FairnessBenchModule, {
    strategy: new JetStreamTransport(options),
    logger: false,
  });
  await app.listen();
  const [quiet = [], busy = []] = await publishLoad(jetstream(nc), prefix, load, scenario.burst);
  await eventually(() => [...quiet, ...busy].every((id) => handledAt.has(id)), {
    timeoutMs: 120_000,
    intervalMs: 50,
    what: 'every event handled',
  });
  await app.close();
  const jsm = await jetstreamManager(nc);
  for (const s of streamSpecs(prefix)) await jsm.streams.delete(s.name);
  const waited = (ids: string[]) =>
    ids.map((id) => handledAt.get(id)! - sentAt.get(id)!).sort((a, b) => a - b);
  const q = waited(quiet);
  const b = waited(busy);
  return {
    quietP50: percentile(q, 50),
    quietP99: percentile(q, 99),
    quietEvents: q.length,
    busyEvents: b.length,
    busyMax: b.length ? b[b.length - 1]! : 0,
  };
}

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(hideBin(['node', 'bench', ...args]))
    .option('quiet-rate', { type: 'number', default: 32, describe: "quiet shop's events per second" })
    .option('burst-factor', {
      type: 'number',
      default: 10,
      describe: "busy shop's rate over the quiet shop's",
    })
    .option('work-ms', { type: 'number', default: 200, describe: 'time the handler waits per event' })
    .option('concurrency', { type: 'number', default: 64, describe: 'bus concurrency (handlers at once)' })
    .option('read-ahead', { type: 'number', describe: 'bus readAhead (default: the bus default)' })
    .option('tenant-concurrency', {
      type: 'number',
      describe: 'bus tenantConcurrency (default: the bus default)',
    })
    .option('seconds', { type: 'number', default: 8, describe: 'how long the quiet shop publishes' })
    .option('burst-seconds', { type: 'number', default: 6, describe: 'how long the busy shop publishes' })
    .strict()
    .parse();
  process.env.LOG_LEVEL ??= 'warn';
  workMs = argv.workMs;
  const load: Load = {
    quietRate: argv.quietRate,
    burstFactor: argv.burstFactor,
    seconds: argv.seconds,
    burstSeconds: argv.burstSeconds,
  };
  const bus = {
    concurrency: argv.concurrency,
    readAhead: argv.readAhead,
    tenantConcurrency: argv.tenantConcurrency,
  };
  const resolved = resolveBusOptions({ service: 'fairness-bench', natsUrl: 'nats://unused', ...bus });
  const loadAtStart = loadavg()[0]!;
  const infra = await startInfra();
  const nc = await connect(
    busConnectionOptions({ natsUrl: infra.natsUrl, connectionName: 'fairness-bench-load' }),
  );
  const results = new Map<string, Figures>();
  try {
    // Off and on alternate, so that a change in the machine's load does not favour either.
    for (const scenario of [
      { fairness: false, burst: false },
      { fairness: true, burst: false },
      { fairness: false, burst: true },
      { fairness: true, burst: true },
    ]) {
      const key = `${scenario.fairness ? 'on' : 'off'}_${scenario.burst ? 'burst' : 'alone'}`;
      console.error(`fairness ${key}: publishing…`);
      const figures = await run(nc, infra.natsUrl, scenario, load, bus);
      results.set(key, figures);
      console.error(
        `fairness ${key}: quiet p50 ${figures.quietP50.toFixed(1)} ms, p99 ${figures.quietP99.toFixed(1)} ms ` +
          `(${figures.quietEvents} events)${scenario.burst ? `; busy shop ${figures.busyEvents} events, longest wait ${figures.busyMax.toFixed(0)} ms` : ''}`,
      );
    }
  } finally {
    await nc.drain();
    await infra.stop();
  }
  const p99 = (key: string) => results.get(key)!.quietP99;
  const ratioOn = p99('on_burst') / p99('on_alone');
  const ratioOff = p99('off_burst') / p99('off_alone');
  console.error(
    `quiet shop p99 with the burst / alone: fairness on ${ratioOn.toFixed(2)}, off ${ratioOff.toFixed(2)} (target ≤ 2 on)`,
  );
  console.log(
    JSON.stringify({
      bench: 'fairness',
      quiet_rate: argv.quietRate,
      burst_rate: argv.quietRate * argv.burstFactor,
      work_ms: argv.workMs,
      concurrency: resolved.concurrency,
      read_ahead: resolved.readAhead,
      tenant_concurrency: resolved.tenantConcurrency,
      capacity_per_s: Math.round((resolved.concurrency * 1000) / argv.workMs),
      seconds: argv.seconds,
      burst_seconds: argv.burstSeconds,
      on_alone_p99_ms: round(p99('on_alone'), 1),
      on_burst_p99_ms: round(p99('on_burst'), 1),
      off_alone_p99_ms: round(p99('off_alone'), 1),
      off_burst_p99_ms: round(p99('off_burst'), 1),
      on_burst_p50_ms: round(results.get('on_burst')!.quietP50, 1),
      off_burst_p50_ms: round(results.get('off_burst')!.quietP50, 1),
      busy_longest_wait_ms: Math.round(results.get('on_burst')!.busyMax),
      ratio_on: round(ratioOn, 2),
      ratio_off: round(ratioOff, 2),
      load_avg: [round(loadAtStart, 2), round(loadavg()[0]!, 2)],
    }),
  );
}
