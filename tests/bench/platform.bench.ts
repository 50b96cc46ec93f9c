// `npm run bench -- platform [--rate 1000 --seconds 30 --replicas 1]` (`--soak [--minutes 30]` for
// memory growth; not for CI): the whole platform under one fixed mix. All six services run as the
// image starts them (platform-services.ts) on fresh NATS (JetStream) and Redis, on a namespace of
// their own. A small toy shop is seeded first and the services are let catch up (every durable
// consumer settled); then --rate messages per second for --seconds, open loop (each slot leaves at
// its scheduled time whatever came back; the schedule's own lateness is reported): 40 %
// interactions, 20 % reviews, 10 % product upserts, 10 % orders published to JetStream (the PubAck
// awaited, not waited for), 20 % queries (review summary, fraud score, top-k, guide turn, support
// turn; platform-shop.ts). Per service and path (platform-tracker.ts): publish → result on
// AI_RESULTS, publish → the consuming durable's ack floor past the event, or request → reply;
// throughput within the window; CPU per message handled (from /proc, the idle rate subtracted);
// RSS at the end and its peak; dead letters; consumer lag at the end of the window. Then the
// platform drains and the bench checks: every event that has a result has exactly one, every query
// exactly one reply, and each durable's messages were handled once in all (the replicas' own
// counters, pushed over OTLP to otlp-metrics-sink.ts). Last line: the JSON figures. `--cluster`
// runs it all again on a 3-node NATS cluster (streams with 3 replicas) and a Redis Cluster
// (platform-topology.ts) and adds those figures (`cluster`) and their ratios (`cluster_vs_single`).
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg, setPriority } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders } from '@nats-io/transport-node';
import { Events, prefixStream, prefixSubject, Streams } from '@shopmind/contracts';
import { eventually, uniqueName } from '@shopmind/testing';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { cpuMsOf, percentile, round, rssOf } from './bench-kit.js';
import { OtlpMetricsSink } from './otlp-metrics-sink.js';
import { PlatformProcesses, SERVICES, type Replica, type ServiceName } from './platform-services.js';
import { isEventKind, PlatformShop, type Kind, type Outgoing } from './platform-shop.js';
import { LoadTracker } from './platform-tracker.js';
import {
  clusterVsSingle,
  comparisonTable,
  startTopology,
  type PlatformFigures,
  type Topology,
} from './platform-topology.js';

const TARGET_P99_MS = 50;
const TARGET_RATE = 1000;
const METRICS_INTERVAL_MS = 2000;
const SEED_IN_FLIGHT = 500;

const QUERY_PATHS: Partial<Record<Kind, [ServiceName, string]>> = {
  summary: ['review-sentiment', 'reviews.summary (query)'],
  fraudScore: ['fraud-detection', 'fraud.score (query)'],
  topK: ['recommendation', 'recommendation.top_k (query)'],
  guide: ['recommendation', 'recommendation.guide (query)'],
  support: ['customer-service', 'support.chat (query)'],
};

const mb = (bytes: number): number => round(bytes / 1024 / 1024, 1);
const load = (): number[] => loadavg().map((l) => round(l, 2));

/** pids of this process's children running `name` (the local nats-server and redis-server). */
function childPids(name: string): number[] {
  const pids: number[] = [];
  for (const task of readdirSync(`/proc/${process.pid}/task`)) {
    const children = readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim();
    for (const pid of children ? children.split(' ').map(Number) : [])
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name) pids.push(pid);
  }
  return pids;
}

/** num_pending + num_ack_pending of every durable of the namespace, and whether the streams moved. */
async function consumerLag(jsm: JetStreamManager, prefix: string): Promise<Record<string, number>> {
  const lag: Record<string, number> = {};
  for (const stream of [Streams.shopEvents.name, Streams.aiResults.name])
    for await (const c of jsm.consumers.list(prefixStream(prefix, stream)))
      if (c.config.durable_name) lag[c.name] = c.num_pending + c.num_ack_pending;
  return lag;
}

async function lastSeqs(jsm: JetStreamManager, prefix: string): Promise<string> {
  const seqs: number[] = [];
  for (const stream of [Streams.shopEvents.name, Streams.aiResults.name])
    seqs.push((await jsm.streams.info(prefixStream(prefix, stream))).state.last_seq);
  return seqs.join(',');
}

/** Every durable has handled everything, and nothing was published meanwhile. */
async function settled(jsm: JetStreamManager, prefix: string): Promise<boolean> {
  const before = await lastSeqs(jsm, prefix);
  const lag = await consumerLag(jsm, prefix);
  return Object.values(lag).every((n) => n === 0) && (await lastSeqs(jsm, prefix)) === before;
}

/** A replica's `shopmind.bus.messages.handled`, all consumers and outcomes together. */
function replicaHandled(sink: OtlpMetricsSink, instance: string): number {
  return sink.counter(instance, 'shopmind.bus.messages.handled').reduce((s, p) => s + p.value, 0);
}

interface DurableTotal {
  durable: string;
  /** Messages on the durable's subject in its stream. */
  messages: number;
  /** Acknowledged by the replicas together, and by each. */
  handled: number;
  by_replica: Record<string, number>;
  /** Other outcomes (retried, dead-lettered, …). */
  other: number;
  /** Deliveries after the first (the server's redeliveries, e.g. past the ack wait). */
  redeliveries: number;
}

/**
 * Per durable consumer, what the replicas' counters say they handled against what its stream holds
 * for it: each message handled once in all (every service consumes one tenant's subjects here).
 */
function durableTotals(
  platform: PlatformProcesses,
  sink: OtlpMetricsSink,
  namespace: { prefix: string; tenant: string },
  subjectCounts: Record<string, number>,
): DurableTotal[] {
  const { prefix, tenant } = namespace;
  const totals = new Map<string, DurableTotal>();
  const total = (durable: string): DurableTotal => {
    let t = totals.get(durable);
    if (!t) {
      const def = Object.values(Events).find((e) => durable.endsWith(`__${e.domain}_${e.event}`));
      const messages = def ? (subjectCounts[prefixSubject(prefix, def.subject(tenant))] ?? 0) : NaN;
      totals.set(durable, (t = { durable, messages, handled: 0, by_replica: {}, other: 0, redeliveries: 0 }));
    }
    return t;
  };
  for (const r of platform.replicas) {
    for (const p of sink.counter(r.instance, 'shopmind.bus.redeliveries'))
      total(p.attributes['messaging.consumer.group.name'] ?? '?').redeliveries += p.value;
    for (const p of sink.counter(r.instance, 'shopmind.bus.messages.handled')) {
      const t = total(p.attributes['messaging.consumer.group.name'] ?? '?');
      if (p.attributes.outcome === 'acked') {
        t.handled += p.value;
        t.by_replica[r.instance] = (t.by_replica[r.instance] ?? 0) + p.value;
      } else t.other += p.value;
    }
  }
  return [...totals.values()].sort((a, b) => a.durable.localeCompare(b.durable));
}

/** Messages per subject of a stream (subject → count). */
async function subjectCounts(jsm: JetStreamManager, stream: string): Promise<Record<string, number>> {
  const info = await jsm.streams.info(stream, { subjects_filter: '>' });
  return info.state.subjects ?? {};
}

async function parseArgs(args: string[]) {
  return yargs(hideBin(['node', 'bench', ...args]))
    .option('rate', { type: 'number', default: 1000, describe: 'messages (events and queries) per second' })
    .option('seconds', { type: 'number', default: 30, describe: 'load window' })
    .option('replicas', { type: 'number', default: 1, describe: 'replicas of each service' })
    .option('soak', { type: 'boolean', default: false, describe: 'run --minutes and report memory growth' })
    .option('minutes', { type: 'number', default: 30, describe: 'soak length' })
    .option('products', { type: 'number', default: 200, describe: 'seed catalogue' })
    .option('customers', { type: 'number', default: 200, describe: 'seed customers, one past order each' })
    .option('drain-seconds', { type: 'number', default: 120, describe: 'longest wait for the backlog' })
    .option('seed', { type: 'number', default: 4242 })
    .option('cluster', {
      type: 'boolean',
      default: false,
      describe: 'run again on a 3-node NATS cluster and a Redis Cluster, beside the single-node run',
    })
    .strict()
    .parse();
}
type BenchArgs = Awaited<ReturnType<typeof parseArgs>>;

export async function main(args: string[]): Promise<void> {
  const argv = await parseArgs(args);
  if (argv.cluster && argv.soak) throw new Error('--cluster compares short runs; run --soak without it');
  const single = await runOn('single', argv);
  if (!argv.cluster) {
    console.log(JSON.stringify(single));
    return;
  }
  const cluster = await runOn('cluster', argv);
  console.error(comparisonTable(single, cluster));
  console.log(JSON.stringify({ ...single, cluster, cluster_vs_single: clusterVsSingle(single, cluster) }));
}

/** One run of the platform on `topology`; its figures. */
async function runOn(topology: Topology, argv: BenchArgs): Promise<PlatformFigures> {
  const seconds = argv.soak ? argv.minutes * 60 : argv.seconds;
  const slots = Math.round(argv.rate * seconds);
  const loadAtStart = load();

  const infra = await startTopology(topology);
  const sink = await OtlpMetricsSink.start();
  const prefix = uniqueName('platbench')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  // The shop is the run's own too: services key their Redis state by tenant, not by subject prefix,
  // and NATS and Redis may be shared (NATS_URL / REDIS_URL).
  const tenant = prefix;
  let platform: PlatformProcesses | undefined;
  const nc = await connect({ servers: infra.natsServers, name: 'bench-shop' });
  const tracker = new LoadTracker(nc, jetstream(nc), await jetstreamManager(nc), prefix);
  try {
    console.error(
      `platform: starting ${SERVICES.length} services × ${argv.replicas} on ${prefix} (${infra.describe})…`,
    );
    platform = await PlatformProcesses.start({
      natsUrl: infra.natsServers.join(','),
      redis: infra.redis,
      streamReplicas: infra.streamReplicas,
      prefix,
      replicas: argv.replicas,
      metricsEndpoint: sink.endpoint,
      metricsIntervalMs: METRICS_INTERVAL_MS,
    });
    // The load generator is open loop: on a shared machine it must leave on schedule, so it runs
    // a little ahead of other processes (set after the services started: they do not inherit it).
    try {
      setPriority(-5);
    } catch {
      console.error('platform: could not raise the bench client priority (not root?)');
    }
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const h = natsHeaders();
    h.set('content-type', 'application/json');
    const subjectOf = (o: Outgoing) =>
      prefixSubject(prefix, 'event' in o ? o.event.subject(tenant) : o.query.subject(tenant));

    // The seed, then every consumer caught up.
    const shop = new PlatformShop({
      tenant,
      tag: prefix,
      seed: argv.seed,
      products: argv.products,
      customers: argv.customers,
    });
    const seed = shop.seed();
    console.error(`platform: seeding ${seed.length} events…`);
    for (let i = 0; i < seed.length; i += SEED_IN_FLIGHT)
      await Promise.all(
        seed.slice(i, i + SEED_IN_FLIGHT).map((o) => js.publish(subjectOf(o), o.data, { headers: h })),
      );
    await eventually(() => settled(jsm, prefix), {
      timeoutMs: 180_000,
      intervalMs: 250,
      what: 'every consumer to settle after the seed',
    });
    await tracker.start();
    const seedResults = (await jsm.streams.info(prefixStream(prefix, Streams.aiResults.name))).state.messages;
    await eventually(() => tracker.streamResults >= seedResults, {
      timeoutMs: 30_000,
      intervalMs: 50,
      what: 'the seed results read back',
    });
    console.error(`platform: seeded (${seedResults} results); idle baseline…`);

    const cpuOf = () =>
      Object.fromEntries(SERVICES.map((s) => [s, platform!.cpuMs(s)])) as Record<ServiceName, number>;
    const natsPids = childPids('nats-server');
    const redisPids = childPids('redis-server');
    const sumCpu = (pids: number[]) => pids.reduce((s, p) => s + (cpuMsOf(p) ?? NaN), 0);
    const idleFrom = cpuOf();
    await new Promise((r) => setTimeout(r, 2000));
    const idleTo = cpuOf();
    const idlePerMs = Object.fromEntries(SERVICES.map((s) => [s, (idleTo[s] - idleFrom[s]) / 2000]));

    // The load.
    console.error(`platform: ${slots} messages at ${argv.rate}/s for ${seconds} s…`);
    platform.sampleMemory();
    const cpuBefore = cpuOf();
    const natsBefore = sumCpu(natsPids);
    const redisBefore = sumCpu(redisPids);
    const benchBefore = process.cpuUsage();
    // The client's own event loop: a late send is the machine's doing when this stays small.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const interval = 1000 / argv.rate;
    const start = performance.now() + 5;
    tracker.windowEnd = start + seconds * 1000;
    tracker.timing = true;
    const lags: number[] = [];
    let events = 0;
    let queries = 0;
    let publishErrors = 0;
    let sent = 0;
    let reported = start;
    await new Promise<void>((done) => {
      const tick = (): void => {
        const now = performance.now();
        while (sent < slots && start + sent * interval <= now) {
          const slot = sent++;
          lags.push(performance.now() - (start + slot * interval));
          const o = shop.slot(slot);
          if ('event' in o && isEventKind(o.kind)) {
            const kind = o.kind as 'interaction' | 'review' | 'upsert' | 'order';
            const t0 = performance.now();
            tracker.sent(kind, o.eventId, t0);
            events++;
            js.publish(subjectOf(o), o.data, { headers: h }).then(
              (ack) => tracker.stored(kind, ack.seq, t0),
              (err: unknown) => {
                if (publishErrors++ === 0) console.error(`bench: publish failed: ${(err as Error).message}`);
              },
            );
          } else {
            const [service, label] = QUERY_PATHS[o.kind]!;
            tracker.ask(service, label, subjectOf(o), o.data, slot);
            queries++;
          }
        }
        if (now - reported >= 5000) {
          reported = now;
          const crashed = platform!.exited();
          console.error(
            `platform: ${Math.round((now - start) / 1000)} s, ${sent} sent, ${tracker.outstanding} outstanding, load ${load()[0]}` +
              (crashed
                ? `; ${crashed.instance} EXITED (${crashed.process.exitCode ?? crashed.process.signalCode})`
                : ''),
          );
        }
        if (sent >= slots) done();
        else setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
      };
      tick();
    });
    const windowSeconds = (performance.now() - start) / 1000;
    loopDelay.disable();
    const lagAtEnd = await consumerLag(jsm, prefix);

    // The drain: everything the window caused, handled.
    console.error(`platform: window over (${tracker.outstanding} outstanding); draining…`);
    const drainStart = performance.now();
    let drained = true;
    try {
      await eventually(async () => tracker.outstanding === 0 && (await settled(jsm, prefix)), {
        timeoutMs: argv.drainSeconds * 1000,
        intervalMs: 100,
        what: 'the platform to drain',
      });
    } catch {
      drained = false;
      console.error(
        `platform: not drained after ${argv.drainSeconds} s (${tracker.outstanding} outstanding)`,
      );
    }
    const drainSeconds = (performance.now() - drainStart) / 1000;
    const elapsedMs = performance.now() - start;
    const cpuAfter = cpuOf();
    const natsCpu = sumCpu(natsPids) - natsBefore;
    const redisCpu = sumCpu(redisPids) - redisBefore;
    const benchCpu = process.cpuUsage(benchBefore);
    const loadAtEnd = load();
    const lagAfterDrain = await consumerLag(jsm, prefix);

    // Each replica's counters, from an export after the drain.
    const drainedAt = performance.now();
    await eventually(() => platform!.replicas.every((r) => sink.exportedAt(r.instance) > drainedAt), {
      timeoutMs: METRICS_INTERVAL_MS * 5,
      intervalMs: 100,
      what: 'every replica to export its metrics',
    }).catch(() => console.error('platform: some replica exported no metrics after the drain'));

    const deadLetters = await subjectCounts(jsm, prefixStream(prefix, Streams.deadLetters.name)).catch(
      () => ({}) as Record<string, number>,
    );
    const shopCounts = await subjectCounts(jsm, prefixStream(prefix, Streams.shopEvents.name));
    const resultCounts = await subjectCounts(jsm, prefixStream(prefix, Streams.aiResults.name));
    await tracker.stop();

    const rssEnd = new Map(platform.replicas.map((r) => [r, rssOf(r.process.pid)]));
    const services = Object.fromEntries(
      SERVICES.map((service) => {
        const paths = [...tracker.paths.values()].filter((p) => p.service === service);
        const all = paths.flatMap((p) => p.latencies).sort((a, b) => a - b);
        const handled = paths.reduce((s, p) => s + p.latencies.length + p.errors, 0);
        const inWindow = paths.reduce((s, p) => s + p.inWindow, 0);
        const cpuMs = cpuAfter[service] - cpuBefore[service] - idlePerMs[service]! * elapsedMs;
        const replicas = platform!.of(service);
        const durables = Object.keys(lagAtEnd).filter((d) => d.startsWith(`${service}__`));
        const sum = (f: (r: Replica) => number) => replicas.reduce((s, r) => s + f(r), 0);
        const rss5 = sum((r) => platform!.rssNear(r, 300));
        return [
          service,
          {
            handled,
            handled_per_s_in_window: round(inWindow / windowSeconds, 1),
            p50_ms: round(percentile(all, 50), 1),
            p99_ms: round(percentile(all, 99), 1),
            paths: Object.fromEntries(paths.map((p) => [p.label, p.figures()])),
            cpu_ms: Math.round(cpuMs),
            cpu_share_pct: 0,
            cpu_ms_per_message: round(cpuMs / handled),
            rss_end_mb: mb(sum((r) => rssEnd.get(r)!)),
            rss_peak_mb: mb(sum((r) => r.rssPeak)),
            ...(argv.soak && {
              rss_5min_mb: mb(rss5),
              rss_growth_pct: round(((sum((r) => rssEnd.get(r)!) - rss5) / rss5) * 100, 1),
            }),
            dead_letters: Object.entries(deadLetters)
              .filter(([subject]) => subject.startsWith(`${prefix}.dlq.${service}.`))
              .reduce((s, [, n]) => s + n, 0),
            lag_at_window_end: Object.fromEntries(durables.map((d) => [d, lagAtEnd[d]])),
            replicas: Object.fromEntries(
              replicas.map((r) => [
                r.instance,
                {
                  handled: replicaHandled(sink, r.instance),
                  rss_end_mb: mb(rssEnd.get(r)!),
                  rss_peak_mb: mb(r.rssPeak),
                },
              ]),
            ),
          },
        ];
      }),
    );
    const totalCpu = SERVICES.reduce((s, name) => s + services[name]!.cpu_ms, 0);
    for (const name of SERVICES)
      services[name]!.cpu_share_pct = round((services[name]!.cpu_ms / totalCpu) * 100, 1);

    // The checks: exactly once, nothing lost.
    const perCause = new Map<string, number>();
    for (const id of tracker.resultCounts.keys()) {
      const [cause, kind] = id.split(':');
      perCause.set(`${cause}:${kind}`, (perCause.get(`${cause}:${kind}`) ?? 0) + 1);
    }
    const storedTwice = [...tracker.resultCounts].filter(([, n]) => n > 1).map(([id]) => id);
    const twoResults = [...perCause].filter(([, n]) => n > 1).map(([id]) => id);
    const duplicateReplies = [...tracker.replies.values()].filter((n) => n > 1).length;
    const missing = Object.fromEntries(
      [...tracker.paths.values()]
        .filter((p) => p.waiting > 0)
        .map((p) => [`${p.service} ${p.label}`, p.waiting]),
    );
    const handledOnce = durableTotals(platform, sink, { prefix, tenant }, { ...shopCounts, ...resultCounts });
    const checks = {
      results_stored_twice: storedTwice.length,
      causes_with_two_results: twoResults.length,
      // A core subscriber's view: results it got beyond those the stream stored (repeat publishes).
      core_results_extra: tracker.coreResults - (tracker.streamResults - seedResults),
      missing,
      queries_unanswered: queries - tracker.replies.size,
      queries_with_two_replies: duplicateReplies,
      // Handled more than once: explained when the server redelivered that many (at least once,
      // e.g. a message that waited past the ack wait under overload; effects and results are
      // de-duplicated), not when two replicas each handled the same messages.
      durables_handled_twice: handledOnce.filter((d) => d.handled > d.messages || d.other > 0),
      durables_unexplained: handledOnce.filter(
        (d) => d.handled < d.messages || d.handled - d.messages > d.redeliveries,
      ),
      dead_letters: Object.values(deadLetters).reduce((s, n) => s + n, 0),
      publish_errors: publishErrors,
      crashed: platform.exited()?.instance ?? null,
      drained,
    };
    const ok =
      !storedTwice.length &&
      !twoResults.length &&
      checks.core_results_extra === 0 &&
      !Object.keys(missing).length &&
      !checks.queries_unanswered &&
      !duplicateReplies &&
      !checks.durables_unexplained.length &&
      !checks.dead_letters &&
      !publishErrors &&
      !checks.crashed &&
      drained;
    if (Object.keys(missing).length)
      console.error(`platform: results never seen, e.g. ${tracker.missingResults(5).join(', ')}`);
    if (storedTwice.length || twoResults.length)
      console.error(
        `platform: duplicate results, e.g. ${[...storedTwice, ...twoResults].slice(0, 5).join(', ')}`,
      );
    console.error(JSON.stringify({ durables: handledOnce, lag_after_drain: lagAfterDrain }));
    if (argv.soak)
      console.error(
        JSON.stringify({
          rss_mb_by_minute: Object.fromEntries(
            platform.replicas.map((r) => [r.instance, [...r.rssAt.values()].map(mb)]),
          ),
        }),
      );

    const over = [...tracker.paths.values()]
      .map((p) => ({ path: `${p.service} ${p.label}`, p99: p.figures().p99_ms }))
      .filter((p) => !(p.p99 <= TARGET_P99_MS));
    const sorted = [...lags].sort((a, b) => a - b);
    return {
      bench: 'platform',
      topology: infra.describe,
      stream_replicas: infra.streamReplicas,
      rate_per_s: argv.rate,
      seconds,
      replicas: argv.replicas,
      events_sent: events,
      queries_sent: queries,
      send_lag_p99_ms: round(percentile(sorted, 99), 1),
      bench_event_loop_delay_p99_ms: round(loopDelay.percentile(99) / 1e6, 1),
      target: { p99_ms: TARGET_P99_MS, rate_per_s: TARGET_RATE },
      paths_over_target: over,
      services,
      checks,
      ok,
      drain_seconds: round(drainSeconds, 1),
      // Null when the servers are not this process's children (NATS_URL / REDIS_URL given).
      nats_server_cpu_ms_per_s: natsPids.length ? round(natsCpu / (elapsedMs / 1000), 1) : null,
      redis_cpu_ms_per_s: redisPids.length ? round(redisCpu / (elapsedMs / 1000), 1) : null,
      bench_cpu_ms_per_s: round((benchCpu.user + benchCpu.system) / 1000 / (elapsedMs / 1000), 1),
      consumer_info_polls_per_s: round(tracker.polls / (elapsedMs / 1000), 1),
      load_average_at_start: loadAtStart,
      load_average_at_end: loadAtEnd,
      load_average_1m: loadAtEnd[0],
    };
  } finally {
    await tracker.stop().catch(() => undefined);
    await platform?.stop();
    await nc.drain().catch(() => undefined);
    await sink.stop();
    await infra.stop();
  }
}
