// `npm run bench -- memory [--services a,b] [--load-seconds 30 --rate 5] [--snapshots <dir>]
// [--env NAME=value]`: the resident memory of every service as the image runs it (its own process,
// `node --import register.js`, the environment of deploy/Dockerfile's runtime stage: NODE_ENV=production,
// NODE_OPTIONS; local tier: no LLM settings) on fresh NATS and Redis.
//  (a) at rest: each service alone on its own subject prefix; after /readyz, one event of every kind
//      it consumes (found from its durable consumers, so a new handler cannot be missed) and one query
//      of every kind it answers (memory-shop.ts), acknowledged and answered; then a full GC forced
//      through the inspector (the process is started with --inspect=127.0.0.1:0: no --expose-gc, no
//      bench code inside it) and the resident set read from /proc, beside V8's heap figures.
//      --snapshots <dir> also writes a heap snapshot per service and prints what the heap is made of.
//  (b) the platform load: all six on one prefix, as `npm start` runs them (each result feeds the next
//      service), and --rate rounds per second for --load-seconds, open loop: every inbound event
//      kind and every query of every service per round (a new product, customer, order, review and
//      conversation each round; an erasure for the customer of ten rounds before). The resident set
//      is sampled every 200 ms (peak), and read again after the backlog drained and a forced GC.
// Baselines, measured the same way: a bare `node` and `node --import register.js` with nothing else.
// Progress goes to stderr; the last line is the JSON figures.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import {
  consumerName,
  encodeMessage,
  Events,
  prefixStream,
  prefixSubject,
  Streams,
  type EventDefinition,
} from '@shopmind/contracts';
import {
  consumerSettled,
  eventually,
  expectConsumerIdle,
  freePort,
  publishEvent,
  startInfra,
  uniqueName,
  type Infra,
  provisionNamespace,
} from '@shopmind/testing';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { child, cpuMsOf, imageEnvironment, round, rssOf, stop } from './bench-kit.js';
import { summariseHeapSnapshot } from './heap-snapshot-summary.js';
import { InspectorSession, inspectorUrlOf } from './inspector-session.js';
import {
  erasureEvent,
  PRODUCTION_SECRETS,
  roundEvents,
  roundHttpPaths,
  roundQueries,
  SERVICES,
  type ServiceName,
  type ShopEvent,
} from './memory-shop.js';

const TENANT = 'memshop';
const REGISTER = './dist/libs/telemetry/src/register.js';
/** The targets (MB resident): at rest after one request of each kind, and under load. */
const TARGET_AT_REST_MB = 150;
const TARGET_LOAD_MB = 200;
/** Rounds between an order and its customer's erasure under load. */
const ERASE_AFTER_ROUNDS = 10;

const mb = (bytes: number): number => round(bytes / 1048576, 1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What one process holds after a forced full GC. */
export interface MemoryFigures {
  rss_mb: number;
  /** Resident anonymous memory: heaps, malloc, stacks. */
  rss_anon_mb: number;
  /** Resident file-backed pages: the node binary's code and data that were touched (shareable). */
  rss_file_mb: number;
  heap_used_mb: number;
  heap_total_mb: number;
  /** V8 code space (compiled machine code) and bytecode with its metadata. */
  code_space_mb: number;
  bytecode_mb: number;
  external_mb: number;
  array_buffers_mb: number;
  threads: number;
}

interface V8Figures {
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  codeSpace: number;
  bytecode: number;
}

const V8_FIGURES = `(() => {
  const v8 = process.getBuiltinModule('v8');
  const m = process.memoryUsage();
  const code = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'code_space');
  return { heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers,
    codeSpace: code ? code.space_used_size : 0, bytecode: v8.getHeapCodeStatistics().bytecode_and_metadata_size };
})()`;

function procStatus(pid: number): { rss: number; anon: number; file: number; threads: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return {
    rss: field('VmRSS') * 1024,
    anon: field('RssAnon') * 1024,
    file: field('RssFile') * 1024,
    threads: field('Threads'),
  };
}

/** A node process started with --inspect=127.0.0.1:0, and its inspector session once asked for. */
class Inspected {
  private session?: InspectorSession;
  private constructor(
    readonly process: ChildProcess,
    private readonly url: string,
  ) {}

  static async start(args: string[], env: NodeJS.ProcessEnv): Promise<Inspected> {
    const p = child(['--inspect=127.0.0.1:0', ...args], env);
    return new Inspected(p, await inspectorUrlOf(p));
  }

  /** Full GC (twice: what the first one's finalizers let go), a second for the sweeper, then the figures. */
  async measure(): Promise<MemoryFigures> {
    this.session ??= await InspectorSession.open(this.url);
    await this.session.collectGarbage();
    await this.session.collectGarbage();
    await sleep(1000);
    const proc = procStatus(this.process.pid!);
    const v8 = await this.session.evaluate<V8Figures>(V8_FIGURES);
    return {
      rss_mb: mb(proc.rss),
      rss_anon_mb: mb(proc.anon),
      rss_file_mb: mb(proc.file),
      heap_used_mb: mb(v8.heapUsed),
      heap_total_mb: mb(v8.heapTotal),
      code_space_mb: mb(v8.codeSpace),
      bytecode_mb: mb(v8.bytecode),
      external_mb: mb(v8.external),
      array_buffers_mb: mb(v8.arrayBuffers),
      threads: proc.threads,
    };
  }

  /** V8's heap now, without a GC: bytes used and committed. */
  async heapUsage(): Promise<{ usedSize: number; totalSize: number }> {
    this.session ??= await InspectorSession.open(this.url);
    return this.session.send('Runtime.getHeapUsage');
  }

  /**
   * Starts adding up the process's GC pauses (a PerformanceObserver of 'gc' entries: the only bench
   * code that runs inside a service, and only under load) and returns a reader of the total in ms.
   */
  async gcClock(): Promise<() => Promise<number>> {
    this.session ??= await InspectorSession.open(this.url);
    const session = this.session;
    await session.evaluate(`(() => {
      globalThis.__benchGcMs = 0;
      new (process.getBuiltinModule('perf_hooks').PerformanceObserver)((list) => {
        for (const e of list.getEntries()) globalThis.__benchGcMs += e.duration;
      }).observe({ entryTypes: ['gc'] });
    })()`);
    return () => session.evaluate<number>('globalThis.__benchGcMs');
  }

  async snapshot(file: string): Promise<void> {
    this.session ??= await InspectorSession.open(this.url);
    await this.session.takeHeapSnapshot(file);
  }

  async stop(): Promise<void> {
    this.session?.close();
    await stop(this.process);
  }
}

const baseEnv = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME });

interface Rig {
  infra: Infra;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** The image's environment (NODE_ENV, NODE_OPTIONS, …) with --env overrides, for every process measured. */
  imageEnv: Record<string, string>;
}

async function startService(
  rig: Rig,
  service: ServiceName,
  prefix: string,
): Promise<{ p: Inspected; port: number }> {
  // Services only verify the streams (idempotent: one namespace may hold several services).
  await provisionNamespace(rig.infra.natsUrl, prefix);
  const port = await freePort();
  const p = await Inspected.start(['--import', REGISTER, `dist/services/${service}/src/main.js`], {
    ...baseEnv(),
    ...rig.imageEnv,
    NATS_URL: rig.infra.natsUrl,
    REDIS_URL: rig.infra.redisUrl,
    HTTP_PORT: String(port),
    SHOPMIND_SUBJECT_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    ...PRODUCTION_SECRETS[service],
  });
  const exited = new Promise<never>((_, reject) =>
    p.process.once('exit', (code, signal) =>
      reject(new Error(`${service} exited (${signal ?? code}) before it was ready`)),
    ),
  );
  exited.catch(() => undefined);
  try {
    await Promise.race([
      exited,
      eventually(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, {
        timeoutMs: 60_000,
        intervalMs: 100,
        what: `${service} ready`,
      }),
    ]);
  } catch (err) {
    await p.stop();
    throw err;
  }
  return { p, port };
}

/** The event kinds `service` consumes: its durable consumers on the inbound and results streams. */
async function consumedEvents(rig: Rig, service: ServiceName, prefix: string): Promise<EventDefinition[]> {
  const names = new Set<string>();
  for (const stream of [Streams.shopEvents.name, Streams.aiResults.name])
    for await (const c of rig.jsm.consumers.list(prefixStream(prefix, stream))) names.add(c.name);
  return Object.values(Events).filter((def) => names.has(consumerName(service, def)));
}

/** Publishes `events` and waits until every consumer of `service` among them has acknowledged them. */
async function publishAndSettle(
  rig: Rig,
  service: ServiceName,
  prefix: string,
  events: ShopEvent[],
): Promise<void> {
  const last = new Map<EventDefinition, number>();
  for (const { def, message } of events) {
    const { seq } = await publishEvent(rig.js, def, message, { prefix, tenant: TENANT });
    last.set(def, seq);
  }
  for (const [def, streamSeq] of last)
    await expectConsumerIdle(rig.jsm, def.stream, consumerName(service, def), {
      prefix,
      streamSeq,
      timeoutMs: 60_000,
    });
}

interface QueryOutcome {
  ok: number;
  errors: string[];
}

async function ask(
  rig: Rig,
  prefix: string,
  service: ServiceName,
  n: number,
  outcome: QueryOutcome,
): Promise<void> {
  const h = natsHeaders();
  h.set('content-type', 'application/json');
  await Promise.all(
    roundQueries(TENANT, n)[service].map(async ({ label, def, message }) => {
      try {
        const reply = await rig.nc.request(
          prefixSubject(prefix, def.subject(TENANT)),
          encodeMessage(def.request, message, 'json').data,
          { timeout: 10_000, headers: h },
        );
        const error = reply.headers?.get('Shopmind-Error');
        if (error) outcome.errors.push(`${label}: ${error} ${reply.string().slice(0, 200)}`);
        else outcome.ok++;
      } catch (err) {
        outcome.errors.push(`${label}: ${(err as Error).message}`);
      }
    }),
  );
}

async function getHttp(service: ServiceName, port: number, outcome: QueryOutcome): Promise<void> {
  for (const path of roundHttpPaths(TENANT)[service] ?? []) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      await res.arrayBuffer();
      if (res.ok) outcome.ok++;
      else outcome.errors.push(`GET ${path}: ${res.status}`);
    } catch (err) {
      outcome.errors.push(`GET ${path}: ${(err as Error).message}`);
    }
  }
}

async function deadLetters(rig: Rig, prefix: string): Promise<number> {
  try {
    return (await rig.jsm.streams.info(prefixStream(prefix, Streams.deadLetters.name))).state.messages;
  } catch {
    return 0; // no dead-letter stream: nothing was dead-lettered
  }
}

interface AtRest extends MemoryFigures {
  events: number;
  queries: number;
  query_errors: number;
  dead_letters: number;
}

async function atRest(rig: Rig, service: ServiceName, snapshots: string | undefined): Promise<AtRest> {
  const prefix = uniqueName(`mem-${service}`)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  const { p, port } = await startService(rig, service, prefix);
  try {
    const consumed = await consumedEvents(rig, service, prefix);
    const events = roundEvents(TENANT, 0).filter((e) => consumed.includes(e.def));
    const erasure = erasureEvent(TENANT, 0);
    const uncovered = consumed.filter((def) => def !== erasure.def && !events.some((e) => e.def === def));
    if (uncovered.length)
      throw new Error(
        `${service} consumes ${uncovered.map((d) => d.key).join(', ')}: add it to memory-shop.ts`,
      );
    await publishAndSettle(rig, service, prefix, events);
    const outcome: QueryOutcome = { ok: 0, errors: [] };
    await ask(rig, prefix, service, 0, outcome);
    await getHttp(service, port, outcome);
    const late = consumed.includes(erasure.def) ? [erasure] : [];
    await publishAndSettle(rig, service, prefix, late);
    for (const e of outcome.errors) console.error(`memory: ${service}: ${e}`);

    const figures = await p.measure();
    console.error(
      `memory: ${service} at rest: ${figures.rss_mb} MB resident, heap ${figures.heap_used_mb} MB used ` +
        `(${events.length + late.length} events, ${outcome.ok + outcome.errors.length} queries)`,
    );
    if (snapshots) {
      const file = join(snapshots, `${service}.heapsnapshot`);
      await p.snapshot(file);
      await describeSnapshot(service, file);
    }
    return {
      ...figures,
      events: events.length + late.length,
      queries: outcome.ok + outcome.errors.length,
      query_errors: outcome.errors.length,
      dead_letters: await deadLetters(rig, prefix),
    };
  } finally {
    await p.stop();
  }
}

async function describeSnapshot(label: string, file: string): Promise<void> {
  const summary = await summariseHeapSnapshot(file);
  writeFileSync(file.replace(/\.heapsnapshot$/, '.summary.json'), JSON.stringify(summary, null, 2));
  const kinds = Object.entries(summary.byKindMb)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.error(`memory: ${label} heap snapshot ${summary.totalMb} MB: ${kinds}`);
  for (const r of summary.retainers)
    console.error(`    ${String(r.retainedMb).padStart(6)} MB  ${r.what}  ← ${r.path}`);
}

async function baseline(rig: Rig, args: string[]): Promise<MemoryFigures> {
  const p = await Inspected.start([...args, '-e', 'setInterval(() => {}, 1 << 30)'], {
    ...baseEnv(),
    ...rig.imageEnv,
  });
  try {
    await sleep(500);
    return await p.measure();
  } finally {
    await p.stop();
  }
}

interface LoadFigures {
  seconds: number;
  rate_per_s: number;
  rounds: number;
  events_published: number;
  queries: number;
  query_errors: number;
  /** Seconds from the last round until every consumer had acknowledged everything. */
  drain_s: number;
  dead_letters: number;
  services: Record<
    string,
    {
      peak_rss_mb: number;
      peak_heap_total_mb: number;
      /** CPU time and GC pauses from the first round until the backlog drained. */
      cpu_s: number;
      gc_s: number;
      after_load: MemoryFigures;
    }
  >;
}

/** All six on one prefix, as the platform runs them, under --rate rounds/s for --seconds. */
async function platformLoad(
  rig: Rig,
  services: ServiceName[],
  seconds: number,
  rate: number,
  snapshots: string | undefined,
): Promise<LoadFigures> {
  const prefix = uniqueName('mem-platform')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  const started = new Map<ServiceName, { p: Inspected; port: number }>();
  try {
    // Each one is recorded as it is ready, so that a failure of another still stops it (finally).
    await Promise.all(
      services.map(async (service) => started.set(service, await startService(rig, service, prefix))),
    );
    const running = services.map((service) => [service, started.get(service)!] as const);
    // Resident set every 200 ms from /proc; V8's committed heap every second through the inspector.
    const peak = new Map<ServiceName, { rss: number; heap: number }>(
      services.map((s) => [s, { rss: 0, heap: 0 }]),
    );
    const sampler = setInterval(() => {
      for (const [service, { p }] of running)
        peak.get(service)!.rss = Math.max(peak.get(service)!.rss, rssOf(p.process.pid));
    }, 200);
    const heapSampler = setInterval(() => {
      for (const [service, { p }] of running)
        void p.heapUsage().then(
          (h) => (peak.get(service)!.heap = Math.max(peak.get(service)!.heap, h.totalSize)),
          () => undefined,
        );
    }, 1000);

    // Results are published by the services themselves here; the bench sends inbound events only.
    const inbound = (n: number) => [
      ...roundEvents(TENANT, n).filter((e) => e.def.direction === 'inbound'),
      ...(n >= ERASE_AFTER_ROUNDS ? [erasureEvent(TENANT, n - ERASE_AFTER_ROUNDS)] : []),
    ];
    const outcome: QueryOutcome = { ok: 0, errors: [] };
    const inFlight: Promise<unknown>[] = [];
    let published = 0;
    const rounds = Math.round(seconds * rate);
    const clocks = new Map<ServiceName, { gcMs: () => Promise<number>; cpuMs: number }>();
    for (const [service, { p }] of running)
      clocks.set(service, { gcMs: await p.gcClock(), cpuMs: cpuMsOf(p.process.pid) ?? NaN });
    const t0 = performance.now();
    for (let n = 1; n <= rounds; n++) {
      const due = t0 + ((n - 1) * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      for (const { def, message } of inbound(n)) {
        published++;
        inFlight.push(
          publishEvent(rig.js, def, message, { prefix, tenant: TENANT }).catch((err: unknown) =>
            outcome.errors.push(`publish ${def.key}: ${(err as Error).message}`),
          ),
        );
      }
      for (const [service, { port }] of running) {
        inFlight.push(ask(rig, prefix, service, n, outcome));
        if (n % rate === 0) inFlight.push(getHttp(service, port, outcome));
      }
      if (n % (rate * 5) === 0) console.error(`memory: load round ${n}/${rounds}`);
    }
    await Promise.all(inFlight);
    const loadEnd = performance.now();
    // The backlog drains: every consumer of every service has acknowledged everything.
    for (const service of services)
      for (const def of await consumedEvents(rig, service, prefix))
        await eventually(
          async () =>
            (await consumerSettled(rig.jsm, def.stream, consumerName(service, def), { prefix })).settled,
          {
            timeoutMs: 300_000,
            intervalMs: 200,
            what: `${consumerName(service, def)} to drain`,
          },
        );
    const drainS = (performance.now() - loadEnd) / 1000;
    clearInterval(sampler);
    clearInterval(heapSampler);
    const spent = new Map<ServiceName, { gcMs: number; cpuMs: number }>();
    for (const [service, { p }] of running) {
      const clock = clocks.get(service)!;
      spent.set(service, { gcMs: await clock.gcMs(), cpuMs: (cpuMsOf(p.process.pid) ?? NaN) - clock.cpuMs });
    }
    const errors = new Map<string, number>();
    for (const e of outcome.errors)
      errors.set(e.replace(/ .*/, ''), (errors.get(e.replace(/ .*/, '')) ?? 0) + 1);
    for (const [label, count] of errors)
      console.error(
        `memory: load: ${count} × ${label} failed, e.g. ${outcome.errors.find((e) => e.startsWith(label))}`,
      );

    const figures: LoadFigures['services'] = {};
    for (const [service, { p }] of running) {
      const after = await p.measure();
      const { rss, heap } = peak.get(service)!;
      const { gcMs, cpuMs } = spent.get(service)!;
      figures[service] = {
        peak_rss_mb: mb(rss),
        peak_heap_total_mb: mb(heap),
        cpu_s: round(cpuMs / 1000, 1),
        gc_s: round(gcMs / 1000, 2),
        after_load: after,
      };
      console.error(
        `memory: ${service} under load: peak ${mb(rss)} MB resident (V8 heap ${mb(heap)} MB committed), ` +
          `CPU ${round(cpuMs / 1000, 1)} s of which GC ${round(gcMs / 1000, 2)} s; ` +
          `after the load and a GC ${after.rss_mb} MB, heap ${after.heap_used_mb} MB used`,
      );
      if (snapshots) {
        const file = join(snapshots, `${service}.after-load.heapsnapshot`);
        await p.snapshot(file);
        await describeSnapshot(`${service} after load`, file);
      }
    }
    return {
      seconds,
      rate_per_s: rate,
      rounds,
      events_published: published,
      queries: outcome.ok + outcome.errors.length,
      query_errors: outcome.errors.length,
      drain_s: round(drainS, 1),
      dead_letters: await deadLetters(rig, prefix),
      services: figures,
    };
  } finally {
    await Promise.all([...started.values()].map(({ p }) => p.stop()));
  }
}

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(hideBin(['node', 'bench', ...args]))
    .option('services', { type: 'string', default: SERVICES.join(','), describe: 'comma-separated' })
    .option('rest', { type: 'boolean', default: true, describe: 'the at-rest phase (--no-rest: load only)' })
    .option('load-seconds', { type: 'number', default: 30, describe: 'platform load (0: none)' })
    .option('rate', { type: 'number', default: 5, describe: 'load rounds per second (each: every kind)' })
    .option('snapshots', { type: 'string', describe: 'write heap snapshots and their summaries here' })
    .option('env', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: "NAME=value instead of the image's (e.g. NODE_OPTIONS=…); repeatable",
    })
    .strict()
    .parse();
  const services = argv.services.split(',').map((s) => s.trim()) as ServiceName[];
  const unknown = services.filter((s) => !SERVICES.includes(s));
  if (unknown.length)
    throw new Error(`unknown service(s) ${unknown.join(', ')}; known: ${SERVICES.join(', ')}`);
  if (argv.snapshots) mkdirSync(argv.snapshots, { recursive: true });

  const infra = await startInfra();
  const nc = await connect({ servers: infra.natsUrl, name: 'bench-memory' });
  const rig: Rig = {
    infra,
    nc,
    js: jetstream(nc),
    jsm: await jetstreamManager(nc),
    imageEnv: { ...imageEnvironment(), ...Object.fromEntries(argv.env.map((e) => e.split(/=(.*)/s, 2))) },
  };
  try {
    console.error(`memory: NODE_OPTIONS="${rig.imageEnv.NODE_OPTIONS ?? ''}", ${process.version}`);
    const node = await baseline(rig, []);
    const telemetry = await baseline(rig, ['--import', REGISTER]);
    console.error(
      `memory: bare node ${node.rss_mb} MB resident; with the telemetry bootstrap ${telemetry.rss_mb} MB`,
    );
    const rest: Record<string, AtRest> = {};
    if (argv.rest) for (const service of services) rest[service] = await atRest(rig, service, argv.snapshots);
    const load =
      argv['load-seconds'] > 0
        ? await platformLoad(rig, services, argv['load-seconds'], argv.rate, argv.snapshots)
        : undefined;
    const maxRest = argv.rest ? Math.max(...Object.values(rest).map((r) => r.rss_mb)) : NaN;
    const maxLoad = load ? Math.max(...Object.values(load.services).map((s) => s.peak_rss_mb)) : NaN;
    console.log(
      JSON.stringify({
        bench: 'memory',
        node: process.version,
        node_options: rig.imageEnv.NODE_OPTIONS ?? '',
        baseline: { node_bare: node, node_with_telemetry: telemetry },
        at_rest: rest,
        load,
        targets: {
          at_rest_mb: TARGET_AT_REST_MB,
          at_rest_max_mb: argv.rest ? maxRest : null,
          at_rest_met: argv.rest ? maxRest <= TARGET_AT_REST_MB : null,
          load_mb: TARGET_LOAD_MB,
          load_peak_max_mb: load ? maxLoad : null,
          load_met: load ? maxLoad <= TARGET_LOAD_MB : null,
        },
      }),
    );
  } finally {
    await nc.drain().catch(() => undefined);
    await infra.stop();
  }
}
