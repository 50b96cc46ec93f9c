// `npm run bench -- bus [--events N] [--concurrency C] [--rounds R] [--warmup W] [--redis] [--no-sweep]`:
// end-to-end throughput and CPU per message of a Nest service with a no-op @OnEvent handler through
// JetStreamTransport (consume → decode → publish result → ack) against a raw nats.js loop doing the
// same work on the same server, in one run. Each side gets its own streams (subject namespace); N
// events are published first, then the clock runs from start-up of the consumer until the N-th
// result is stored. The sides alternate which goes first in each round, after warm-up rounds that
// are not counted; the figures are medians over the rounds.
import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type PubAck,
} from '@nats-io/jetstream';
import { Controller, Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import {
  BusModule,
  BusPublisher,
  JetStreamTransport,
  busConnectionOptions,
  OnEvent,
  streamSpecs,
  type BusOptions,
  type EventContext,
} from '@shopmind/bus';
import {
  EnvelopeSchema,
  Events,
  Polarity,
  ResultSourceSchema,
  ReviewAnalysedSchema,
  ReviewSubmittedSchema,
  SourceTier,
  decodeMessage,
  encodeMessage,
  type ReviewAnalysed,
  type ReviewSubmitted,
} from '@shopmind/contracts';
import { eventually, startInfra, uniqueName } from '@shopmind/testing';

const TENANT = 'acme';

/** The "work" of the no-op service, identical on both sides: build the result message. */
function resultFor(msg: ReviewSubmitted, eventId: string): ReviewAnalysed {
  return create(ReviewAnalysedSchema, {
    envelope: create(EnvelopeSchema, {
      eventId: `${eventId}:analysed`,
      occurredAt: timestampFromMs(Date.now()),
      producer: 'bench',
      tenantId: TENANT,
      schemaVersion: 1,
      correlationId: msg.envelope?.correlationId ?? '',
      causationId: eventId,
    }),
    reviewId: msg.reviewId,
    productId: msg.productId,
    rating: msg.rating,
    polarity: Polarity.POSITIVE,
    score: 0.5,
    confidence: 1,
    source: create(ResultSourceSchema, { tier: SourceTier.LOCAL }),
  });
}

function review(i: number): ReviewSubmitted {
  return create(ReviewSubmittedSchema, {
    envelope: create(EnvelopeSchema, {
      eventId: randomUUID(),
      occurredAt: timestampFromMs(Date.now()),
      producer: 'bench',
      tenantId: TENANT,
      schemaVersion: 1,
      correlationId: `c-${i}`,
    }),
    reviewId: `r-${i}`,
    productId: `p-${i % 100}`,
    userId: `u-${i % 1000}`,
    rating: 1 + (i % 5),
    title: 'Great wooden train set',
    body: 'My son loves it. The pieces fit well, the paint is sturdy and it survived a year of play.',
    language: 'en',
    verifiedPurchase: true,
  });
}

async function createStreams(jsm: JetStreamManager, prefix: string): Promise<void> {
  for (const s of streamSpecs(prefix)) {
    await jsm.streams.add({ name: s.name, subjects: s.subjects, duplicate_window: 120_000_000_000 });
  }
}

async function prepublish(js: JetStreamClient, prefix: string, n: number): Promise<void> {
  const subject = `${prefix}.${Events.reviewSubmitted.subject(TENANT)}`;
  let inflight: Promise<PubAck>[] = [];
  for (let i = 0; i < n; i++) {
    const { data, contentType } = encodeMessage(ReviewSubmittedSchema, review(i), 'json');
    const h = natsHeaders();
    h.set('content-type', contentType);
    inflight.push(js.publish(subject, data, { headers: h }));
    if (inflight.length >= 1000) {
      await Promise.all(inflight);
      inflight = [];
    }
  }
  await Promise.all(inflight);
}

async function waitForResults(jsm: JetStreamManager, prefix: string, n: number): Promise<void> {
  const stream = streamSpecs(prefix)[1].name;
  await eventually(async () => (await jsm.streams.info(stream)).state.messages >= n, {
    intervalMs: 20,
    timeoutMs: 600_000,
    what: `${n} results in ${stream}`,
  });
}

/** A hand-written nats.js service: durable pull consumer, bounded concurrency, decode → publish → ack. */
interface RunFigures {
  msgsPerS: number;
  /** CPU time of this process (user + system) per message: less sensitive to other load on the machine. */
  cpuUsPerMsg: number;
}

function figures(n: number, startedAt: number, cpuAtStart: NodeJS.CpuUsage): RunFigures {
  const seconds = (performance.now() - startedAt) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  return { msgsPerS: n / seconds, cpuUsPerMsg: (cpu.user + cpu.system) / n };
}

async function rawRun(
  nc: NatsConnection,
  prefix: string,
  n: number,
  concurrency: number,
): Promise<RunFigures> {
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const [shop] = streamSpecs(prefix);
  const durable = 'raw__review_submitted';
  const cpu = process.cpuUsage();
  const started = performance.now();
  await jsm.consumers.add(shop.name, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: `${prefix}.${Events.reviewSubmitted.filter}`,
    max_ack_pending: 1000,
  });
  const consumer = await js.consumers.get(shop.name, durable);
  const messages = await consumer.consume({ max_messages: concurrency * 2 });
  const resultSubject = `${prefix}.${Events.reviewAnalysed.subject(TENANT)}`;
  let inFlight = 0;
  let wake: (() => void) | undefined;
  const handle = async (m: JsMsg): Promise<void> => {
    const msg = decodeMessage(ReviewSubmittedSchema, m.data, m.headers?.get('content-type'));
    const eventId = msg.envelope?.eventId ?? '';
    const { data, contentType } = encodeMessage(ReviewAnalysedSchema, resultFor(msg, eventId), 'json');
    const h = natsHeaders();
    h.set('content-type', contentType);
    await js.publish(resultSubject, data, { headers: h, msgID: `${eventId}:review.analysed` });
    m.ack();
  };
  const loop = (async () => {
    for await (const m of messages) {
      inFlight++;
      void handle(m).finally(() => {
        inFlight--;
        wake?.();
        wake = undefined;
      });
      if (inFlight >= concurrency) await new Promise<void>((r) => (wake = r));
    }
  })();
  await waitForResults(jsm, prefix, n);
  const result = figures(n, started, cpu);
  await messages.close();
  await loop;
  return result;
}

@Controller()
class NoopReviewHandler {
  constructor(@Inject(BusPublisher) private readonly bus: BusPublisher) {}

  @OnEvent(Events.reviewSubmitted)
  async handle(msg: ReviewSubmitted, ctx: EventContext): Promise<void> {
    await this.bus.publish(Events.reviewAnalysed, ctx.tenant, resultFor(msg, ctx.eventId), {
      causeEventId: ctx.eventId,
      kind: 'review.analysed',
    });
  }
}

async function nestRun(
  natsUrl: string,
  redisUrl: string | undefined,
  jsm: JetStreamManager,
  prefix: string,
  n: number,
  concurrency: number,
  sweep: boolean,
): Promise<RunFigures> {
  const options: BusOptions = {
    service: 'bench',
    natsUrl,
    // With Redis, every result is claimed in the result store before it is published.
    redisUrl,
    subjectPrefix: prefix,
    concurrency,
    maxAckPending: 1000,
    // As in every service process (its CPU counts as the transport's); off to measure the consumer alone.
    sweepStrays: sweep,
  };
  @Module({ imports: [BusModule.forRoot(options)], controllers: [NoopReviewHandler] })
  class BenchModule {}
  const app = await NestFactory.createMicroservice(BenchModule, {
    strategy: new JetStreamTransport(options),
    logger: false,
  });
  await app.init();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await app.listen();
  await waitForResults(jsm, prefix, n);
  const result = figures(n, started, cpu);
  await app.close();
  return result;
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(hideBin(['node', 'bench', ...args]))
    .option('events', { type: 'number', default: 20_000, describe: 'events per run' })
    .option('concurrency', { type: 'number', default: 64, describe: 'handlers in flight (both sides)' })
    .option('rounds', { type: 'number', default: 5, describe: 'counted runs per side; medians are reported' })
    .option('warmup', { type: 'number', default: 1, describe: 'runs per side before the counted ones' })
    .option('side', {
      choices: ['both', 'raw', 'nest'] as const,
      default: 'both' as const,
      describe: 'run one side only (profiling)',
    })
    .option('redis', {
      type: 'boolean',
      default: false,
      describe: 'give the Nest side Redis, as services have (one result-store claim per result)',
    })
    .option('sweep', {
      type: 'boolean',
      default: true,
      describe: 'run the stray sweeper on the Nest side, as every service process does',
    })
    .strict()
    .parse();
  process.env.LOG_LEVEL ??= 'warn';
  const loadAtStart = loadavg()[0]!;
  const infra = await startInfra();
  // The raw loop connects with the same settings as the bus, so the comparison measures the
  // transport, not connection options.
  const nc = await connect(busConnectionOptions({ natsUrl: infra.natsUrl, connectionName: 'bus-bench-raw' }));
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const raw: RunFigures[] = [];
  const nest: RunFigures[] = [];
  try {
    for (let round = 1; round <= argv.warmup + argv.rounds; round++) {
      const counted = round > argv.warmup;
      const label = counted
        ? `round ${round - argv.warmup}/${argv.rounds}`
        : `warm-up ${round}/${argv.warmup}`;
      // Alternate which side goes first, so that a drift in the machine's load favours neither.
      const order = round % 2 === 1 ? (['raw', 'nest'] as const) : (['nest', 'raw'] as const);
      for (const side of argv.side === 'both' ? order : [argv.side]) {
        const prefix = uniqueName(`bench-${side}`);
        await createStreams(jsm, prefix);
        console.error(`${label} ${side}: publishing ${argv.events} events…`);
        await prepublish(js, prefix, argv.events);
        const run =
          side === 'raw'
            ? await rawRun(nc, prefix, argv.events, argv.concurrency)
            : await nestRun(
                infra.natsUrl,
                argv.redis ? infra.redisUrl : undefined,
                jsm,
                prefix,
                argv.events,
                argv.concurrency,
                argv.sweep,
              );
        if (counted) (side === 'raw' ? raw : nest).push(run);
        console.error(
          `${label} ${side}: ${Math.round(run.msgsPerS)} msg/s, ${Math.round(run.cpuUsPerMsg)} µs CPU/msg`,
        );
        for (const s of streamSpecs(prefix)) await jsm.streams.delete(s.name);
      }
    }
  } finally {
    await nc.drain();
    await infra.stop();
  }
  const loadAtEnd = loadavg()[0]!;
  if (!raw.length || !nest.length) {
    console.log(
      JSON.stringify({ bench: 'bus', side: argv.side, sweep: argv.sweep, runs: [...raw, ...nest] }),
    );
    return;
  }
  // Medians: the machine is shared, and single runs measure the neighbours as much as the code.
  // The ratios are medians of each round's pair, which ran next to each other.
  const rawRate = median(raw.map((r) => r.msgsPerS));
  const nestRate = median(nest.map((r) => r.msgsPerS));
  const rawCpu = median(raw.map((r) => r.cpuUsPerMsg));
  const nestCpu = median(nest.map((r) => r.cpuUsPerMsg));
  const ratio = median(nest.map((r, i) => r.msgsPerS / raw[i]!.msgsPerS));
  const cpuOverRaw = median(nest.map((r, i) => r.cpuUsPerMsg / raw[i]!.cpuUsPerMsg));
  console.error(
    `medians of ${argv.rounds} rounds — raw nats.js loop: ${Math.round(rawRate)} msg/s (${Math.round(rawCpu)} µs CPU/msg)   ` +
      `Nest + JetStreamTransport: ${Math.round(nestRate)} msg/s (${Math.round(nestCpu)} µs CPU/msg)   ` +
      `throughput ratio ${ratio.toFixed(2)}, CPU per message ${cpuOverRaw.toFixed(2)}× raw`,
  );
  console.log(
    JSON.stringify({
      bench: 'bus',
      events: argv.events,
      redis: argv.redis,
      sweep: argv.sweep,
      concurrency: argv.concurrency,
      rounds: argv.rounds,
      raw_msgs_per_s: Math.round(rawRate),
      nest_msgs_per_s: Math.round(nestRate),
      ratio: Number(ratio.toFixed(3)),
      raw_cpu_us_per_msg: Math.round(rawCpu),
      nest_cpu_us_per_msg: Math.round(nestCpu),
      // raw / Nest, as before (1 = the same CPU per message); nest_cpu_over_raw is its inverse.
      cpu_ratio: Number((1 / cpuOverRaw).toFixed(3)),
      nest_cpu_over_raw: Number(cpuOverRaw.toFixed(3)),
      load_avg: [Number(loadAtStart.toFixed(2)), Number(loadAtEnd.toFixed(2))],
    }),
  );
}
