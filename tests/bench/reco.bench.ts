// `npm run bench -- reco [--products 20000 --interactions 300000 --small 0.25 --rate 500 --seconds 20]`:
// the recommendation service as deployed (its own process, NODE_ENV=production) on fresh NATS and
// Redis, fed one tenant's shop through JetStream as a shop system would (reco-bench-shop.ts).
//  (a) ingest: the catalogue is published (async acks, a bounded number in flight) and the clock
//      waits for the upsert consumer to settle; then interactions and orders, in time order, and
//      the clock runs from the first publish until both consumers have acknowledged the last
//      message (consumer state, not a sleep) → interactions/s. Redis used_memory (INFO memory)
//      is read after the catalogue and after the behaviour, and the service's RSS after ingest;
//  (b) top-10 at --rate/s for --seconds, open loop (timers wake the client; each round leaves at its
//      scheduled time and sends one top-10 request and one request to a bare NATS echo, also its own
//      process, alternating which goes first), a mix of user, product and cart requests; the
//      service's CPU per request comes from its /proc counters over the measured window.
// The same ingest is first run at --small times the size on its own fresh NATS, Redis and service,
// so the figures show how memory grows (per product from the catalogue step, per interaction from
// the behaviour step). Progress goes to stderr; the last line is the JSON figures.
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { consumerName, prefixSubject, Queries, type EventDefinition } from '@shopmind/contracts';
import {
  consumerSettled,
  eventually,
  freePort,
  startInfra,
  uniqueName,
  type Infra,
  provisionNamespace,
} from '@shopmind/testing';
import { Redis } from 'ioredis';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import {
  child,
  cpuMsOf,
  openLoop,
  percentile,
  rssOf,
  round,
  startEcho,
  stop,
  target,
  imageEnvironment,
} from './bench-kit.js';
import { generateBenchShop, type BenchShop, type EncodedEvent } from './reco-bench-shop.js';

const TENANT = 'benchshop';
const SERVICE = 'recommendation';
const SEED = 4242;
/** Publishes awaiting their acknowledgement at most (a shop's batch). */
const IN_FLIGHT = 1000;

const mb = (bytes: number): number => round(bytes / 1024 / 1024, 1);

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(info.match(/^used_memory:(\d+)/m)?.[1]);
}

interface Ingest {
  products: number;
  interactions: number;
  orders: number;
  users: number;
  productsPerS: number;
  interactionsPerS: number;
  behaviourSeconds: number;
  redisCatalogue: number;
  redisAfter: number;
  redisBase: number;
  rss: number;
}

/** The service's consumers and NATS/Redis for one shop size. */
class Rig {
  readonly prefix = uniqueName('recobench')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  service!: ChildProcess;
  nc!: NatsConnection;
  js!: JetStreamClient;
  jsm!: JetStreamManager;
  redis!: Redis;
  private readonly children = new Set<ChildProcess>();

  private constructor(readonly infra: Infra) {}

  static async start(nodeFlags: string[] = []): Promise<Rig> {
    const rig = new Rig(await startInfra());
    try {
      await provisionNamespace(rig.infra.natsUrl, rig.prefix);
      const httpPort = await freePort();
      rig.service = rig.spawn(
        [
          ...nodeFlags,
          '--import',
          './dist/libs/telemetry/src/register.js',
          'dist/services/recommendation/src/main.js',
        ],
        {
          // Only what the bench sets (plus PATH/HOME), with the service's default settings.
          ...imageEnvironment(), // first: what the bench sets below wins (HTTP_PORT)
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NATS_URL: rig.infra.natsUrl,
          REDIS_URL: rig.infra.redisUrl,
          HTTP_PORT: String(httpPort),
          SHOPMIND_SUBJECT_PREFIX: rig.prefix,
          LOG_LEVEL: 'warn',
        },
      );
      await eventually(async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).ok, {
        timeoutMs: 30_000,
        intervalMs: 50,
        what: 'recommendation',
      });
      rig.nc = await connect({ servers: rig.infra.natsUrl, name: 'bench-shop' });
      rig.js = jetstream(rig.nc);
      rig.jsm = await jetstreamManager(rig.nc);
      rig.redis = new Redis(rig.infra.redisUrl, { lazyConnect: true });
      await rig.redis.connect();
      return rig;
    } catch (err) {
      await rig.stop();
      throw err;
    }
  }

  spawn(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
    return this.own(child(args, env));
  }

  /** Stopped with the rig. */
  own(p: ChildProcess): ChildProcess {
    this.children.add(p);
    p.once('exit', () => this.children.delete(p));
    return p;
  }

  /** Publishes the events, at most IN_FLIGHT unacknowledged; returns the last stream seq per subject. */
  async publish(events: EncodedEvent[]): Promise<Map<EventDefinition, number>> {
    const h = natsHeaders();
    h.set('content-type', 'application/json');
    const last = new Map<EventDefinition, number>();
    let pending: Promise<void>[] = [];
    for (const e of events) {
      pending.push(
        this.js
          .publish(prefixSubject(this.prefix, e.definition.subject(TENANT)), e.data, { headers: h })
          .then((ack) => {
            last.set(e.definition, Math.max(last.get(e.definition) ?? 0, ack.seq));
          }),
      );
      if (pending.length >= IN_FLIGHT) {
        await Promise.all(pending);
        pending = [];
      }
    }
    await Promise.all(pending);
    return last;
  }

  /** Waits until each consumer has delivered up to its last seq and acknowledged everything. */
  async settled(last: Map<EventDefinition, number>, label: string): Promise<void> {
    let reported = performance.now();
    for (;;) {
      if (this.service.exitCode !== null) throw new Error(`recommendation exited (${this.service.exitCode})`);
      const states = await Promise.all(
        [...last].map(([def, streamSeq]) =>
          consumerSettled(this.jsm, def.stream, consumerName(SERVICE, def), {
            prefix: this.prefix,
            streamSeq,
          }),
        ),
      );
      if (states.every((s) => s.settled)) return;
      if (performance.now() - reported > 10_000) {
        reported = performance.now();
        console.error(
          `${label}: ${states.map((s) => `${s.info.name} ${s.outstanding.join(', ')}`).join('; ')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.children].map(stop));
    await this.nc?.drain().catch(() => undefined);
    this.redis?.disconnect();
    await this.infra.stop();
  }
}

async function ingest(rig: Rig, shop: BenchShop, label: string): Promise<Ingest> {
  const redisBase = await usedMemory(rig.redis);
  console.error(`${label}: publishing ${shop.catalogue.length} products…`);
  let t = performance.now();
  await rig.settled(await rig.publish(shop.catalogue), `${label} catalogue`);
  const productsPerS = shop.catalogue.length / ((performance.now() - t) / 1000);
  const redisCatalogue = await usedMemory(rig.redis);
  console.error(
    `${label}: ${shop.interactions} interactions and ${shop.orders} orders of ${shop.users} users…`,
  );
  t = performance.now();
  const last = await rig.publish(shop.behaviour);
  console.error(
    `${label}: published in ${((performance.now() - t) / 1000).toFixed(1)} s; waiting for the consumers`,
  );
  await rig.settled(last, `${label} behaviour`);
  const behaviourSeconds = (performance.now() - t) / 1000;
  const ingested: Ingest = {
    products: shop.catalogue.length,
    interactions: shop.interactions,
    orders: shop.orders,
    users: shop.users,
    productsPerS,
    interactionsPerS: shop.interactions / behaviourSeconds,
    behaviourSeconds,
    redisBase,
    redisCatalogue,
    redisAfter: await usedMemory(rig.redis),
    rss: rssOf(rig.service.pid),
  };
  console.error(
    `${label}: ${Math.round(ingested.interactionsPerS)} interactions/s (${behaviourSeconds.toFixed(1)} s), ` +
      `${Math.round(productsPerS)} products/s; Redis ${mb(ingested.redisAfter)} MB ` +
      `(catalogue ${mb(redisCatalogue - redisBase)} MB), ${await rig.redis.dbsize()} keys; service RSS ${mb(ingested.rss)} MB`,
  );
  return ingested;
}

/** Waits (60 s at most) until the process uses under 5 % of a core over half a second. */
async function quiet(pid: number | undefined): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 500) {
    const before = cpuMsOf(pid);
    await new Promise((r) => setTimeout(r, 500));
    const after = cpuMsOf(pid);
    if (before === undefined || after === undefined || after - before <= 25) return;
  }
  console.error('bench: the service did not go quiet within 60 s');
}

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(hideBin(['node', 'bench', ...args]))
    .option('products', { type: 'number', default: 20_000 })
    .option('interactions', { type: 'number', default: 300_000 })
    .option('small', {
      type: 'number',
      default: 0.25,
      describe: 'size of the first, growth-only ingest as a share of the full one (0: skip it)',
    })
    .option('rate', {
      type: 'number',
      default: 500,
      describe: 'top-10 requests (and echo requests) per second',
    })
    .option('seconds', { type: 'number', default: 20, describe: 'measured top-10 window' })
    .option('cpu-prof', {
      type: 'string',
      describe:
        'directory for a V8 CPU profile of the full-size service (node --cpu-prof), written when it stops',
    })
    .strict()
    .parse();

  let small: Ingest | undefined;
  if (argv.small > 0) {
    const size = {
      products: Math.round(argv.products * argv.small),
      interactions: Math.round(argv.interactions * argv.small),
    };
    const rig = await Rig.start();
    try {
      small = await ingest(rig, generateBenchShop(TENANT, size, SEED, 0), 'small');
    } finally {
      await rig.stop();
    }
  }

  const requests = Math.round(argv.rate * argv.seconds);
  const shop = generateBenchShop(
    TENANT,
    { products: argv.products, interactions: argv.interactions },
    SEED,
    5000,
  );
  const rig = await Rig.start(argv.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', argv.cpuProf] : []);
  try {
    const full = await ingest(rig, shop, 'full');

    const echoSubject = `${rig.prefix}.q.${TENANT}.echo.ping`;
    rig.own(await startEcho(rig.nc, rig.infra.natsUrl, echoSubject));
    const h = natsHeaders();
    h.set('content-type', 'application/json');
    const topKSubject = prefixSubject(rig.prefix, Queries.recommendTopK.subject(TENANT));
    const request = (i: number): Uint8Array => shop.topK[i % shop.topK.length]!;
    // Warm-up of both paths (JIT, connections, script caches), not measured.
    console.error(`top-10: warm-up, then ${requests} requests at ${argv.rate}/s beside the echo…`);
    await openLoop(
      rig.nc,
      [target('echo', echoSubject, request), target('top-10', topKSubject, request)],
      h,
      argv.rate * 2,
      argv.rate,
    );
    // A saturated service is still working through requests whose clients gave up: wait for it
    // to go quiet before the idle baseline and after the window, so the CPU counted per request is
    // all the work the window's requests caused.
    await quiet(rig.service.pid);
    const idleBefore = cpuMsOf(rig.service.pid);
    await new Promise((r) => setTimeout(r, 2000));
    const idleCpuMsPerS = ((cpuMsOf(rig.service.pid) ?? NaN) - (idleBefore ?? NaN)) / 2;
    const echo = target('echo', echoSubject, request);
    const topK = target('top-10', topKSubject, request);
    const cpuBefore = cpuMsOf(rig.service.pid);
    const t0 = performance.now();
    const lagP99 = await openLoop(rig.nc, [echo, topK], h, requests, argv.rate);
    const cpuInWindowPerS =
      ((cpuMsOf(rig.service.pid) ?? NaN) - (cpuBefore ?? NaN)) / ((performance.now() - t0) / 1000);
    await quiet(rig.service.pid);
    const cpuAfter = cpuMsOf(rig.service.pid);
    const cpuMsPerTopK =
      (cpuAfter! - cpuBefore! - (idleCpuMsPerS * (performance.now() - t0)) / 1000) / requests;
    const rssAfterTopK = rssOf(rig.service.pid);

    const p99 = percentile(topK.latencies, 99);
    const echoP99 = percentile(echo.latencies, 99);
    // Growth from the small ingest to the full one: the catalogue step per product, the behaviour
    // step (interactions, the orders and users that come with them, done marks) per interaction.
    const growth = small && {
      redis_bytes_per_product: Math.round(
        (full.redisCatalogue - full.redisBase - (small.redisCatalogue - small.redisBase)) /
          (full.products - small.products),
      ),
      redis_bytes_per_interaction: Math.round(
        (full.redisAfter - full.redisCatalogue - (small.redisAfter - small.redisCatalogue)) /
          (full.interactions - small.interactions),
      ),
      rss_mb_growth: mb(full.rss - small.rss),
    };
    console.error(
      JSON.stringify({
        small: small && {
          products: small.products,
          interactions: small.interactions,
          orders: small.orders,
          users: small.users,
          ingest_interactions_per_s: Math.round(small.interactionsPerS),
          redis_used_memory_mb: mb(small.redisAfter),
          redis_catalogue_mb: mb(small.redisCatalogue - small.redisBase),
          service_rss_mb: mb(small.rss),
        },
        full_products_per_s: Math.round(full.productsPerS),
        full_behaviour_seconds: round(full.behaviourSeconds, 1),
        full_redis_catalogue_mb: mb(full.redisCatalogue - full.redisBase),
        service_idle_cpu_ms_per_s: round(idleCpuMsPerS),
        service_cpu_ms_per_s_in_window: round(cpuInWindowPerS),
        service_rss_after_top10_mb: mb(rssAfterTopK),
        send_lag_p99_ms: round(lagP99),
        top10_p999_ms: round(percentile(topK.latencies, 99.9)),
        top10_max_ms: round(topK.latencies.at(-1) ?? NaN),
        echo_n: echo.latencies.length,
        echo_errors: echo.errors,
      }),
    );
    console.log(
      JSON.stringify({
        bench: 'reco',
        products: full.products,
        interactions: full.interactions,
        orders: full.orders,
        users: full.users,
        ingest_interactions_per_s: Math.round(full.interactionsPerS),
        rate_per_s: argv.rate,
        seconds: argv.seconds,
        service_cpu_ms_per_top10: round(cpuMsPerTopK),
        top10_answered: topK.latencies.length,
        top10_errors: topK.errors,
        top10_p50_ms: round(percentile(topK.latencies, 50)),
        top10_p99_ms: round(p99),
        echo_p50_ms: round(percentile(echo.latencies, 50)),
        echo_p99_ms: round(echoP99),
        ratio_p99: round(p99 / echoP99, 2),
        redis_used_memory_mb: mb(full.redisAfter),
        service_rss_mb: mb(full.rss),
        ...(small && {
          small_products: small.products,
          small_interactions: small.interactions,
          small_redis_used_memory_mb: mb(small.redisAfter),
          small_service_rss_mb: mb(small.rss),
          ...growth,
        }),
        load_average_1m: round(loadavg()[0]!, 2),
      }),
    );
  } finally {
    await rig.stop();
  }
}
