// `npm run bench -- ingest --service knowledge-graph|product-copy [--events 1000] [--catalogue 200]
// [--reviews-per-upsert 2] [--cpu-prof <dir>]`: the CPU one service spends per event it ingests.
// The service runs as the image starts it (its own process from dist/, the telemetry bootstrap,
// NODE_ENV=production, the local tier: no LLM settings) on fresh NATS and Redis, in a namespace of its
// own. A catalogue (bench-catalogue.ts, with its analysed reviews for the knowledge graph) is
// ingested first, unmeasured, so that categories and brands have members and the process is warm; then, per phase, `--events` product upserts (one in five a
// revision of a catalogue product, the others new products) and, for the knowledge graph, analysed
// reviews of those products (`--reviews-per-upsert` per upsert, as the platform's mix sends them).
// Each phase is published at once and ends when the service's durable consumer has acknowledged all
// of it; its CPU (user + system from /proc, minus the idle rate measured before) is divided by its
// events. With `--cpu-prof <dir>` the service writes a V8 CPU profile there and the bench sums its
// self time per function and per file over the measured phases (stderr, and <dir>/summary.json).
// Last line: the JSON figures.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  consumerName,
  Events,
  ProductUpsertedSchema,
  type EventDefinition,
  type ProductUpserted,
  type ReviewAnalysed,
} from '@shopmind/contracts';
import { create } from '@bufbuild/protobuf';
import {
  consumerSettled,
  eventually,
  freePort,
  publishEvent,
  startInfra,
  uniqueName,
  provisionNamespace,
} from '@shopmind/testing';
import yargs from 'yargs';
import { analysedReview, catalogueProducts, revisedProduct } from './bench-catalogue.js';
import { child, cpuMsOf, imageEnvironment, percentile, repoRoot, round, rssOf, stop } from './bench-kit.js';

const TENANT = 'benchshop';
const SERVICES = ['knowledge-graph', 'product-copy'] as const;
type Service = (typeof SERVICES)[number];
/** What each service consumes of the events published here. */
const CONSUMES: Record<Service, EventDefinition[]> = {
  'knowledge-graph': [Events.productUpserted, Events.reviewAnalysed],
  'product-copy': [Events.productUpserted],
};
const PUBLISH_BATCH = 200;
const REVISION_SHARE = 5; // one upsert in five revises a catalogue product

interface Phase {
  name: 'upserts' | 'reviews';
  events: number;
  cpuMs: number;
  seconds: number;
  /** Monotonic clock (µs), the V8 profile's time base, at the phase's start and end. */
  window: [number, number];
}

const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(args)
    .option('service', { choices: SERVICES, default: 'knowledge-graph' as Service })
    .option('events', { type: 'number', default: 1000, describe: 'product upserts measured' })
    .option('catalogue', { type: 'number', default: 200, describe: 'products ingested before measuring' })
    .option('reviews-per-upsert', {
      type: 'number',
      default: 2,
      describe: 'analysed reviews per measured upsert (knowledge-graph only)',
    })
    .option('seed', { type: 'number', default: 7 })
    .option('cpu-prof', { type: 'string', describe: 'directory for the service’s V8 CPU profile' })
    .strict()
    .parseAsync();
  const service = argv.service;
  const profileDir = argv['cpu-prof'] ? resolve(argv['cpu-prof']) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });

  const infra = await startInfra();
  // Services only verify the streams: provisioned first, as the admin step would.
  const prefix = await provisionNamespace(
    infra.natsUrl,
    uniqueName('ingest')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  );
  const nc = await connect({ servers: infra.natsUrl, name: 'bench-ingest' });
  let svc: ChildProcess | undefined;
  try {
    const httpPort = await freePort();
    svc = child(
      [
        ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
        '--import',
        './dist/libs/telemetry/src/register.js',
        `dist/services/${service}/src/main.js`,
      ],
      {
        ...imageEnvironment(),
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NATS_URL: infra.natsUrl,
        REDIS_URL: infra.redisUrl,
        HTTP_PORT: String(httpPort),
        SHOPMIND_SUBJECT_PREFIX: prefix,
        LOG_LEVEL: 'warn',
      },
    );
    await eventually(async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).ok, {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: service,
    });
    const pid = svc.pid;
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(pid))), 1000);

    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const lastSeq = new Map<EventDefinition, number>();
    const publishAll = async (events: [EventDefinition, ProductUpserted | ReviewAnalysed][]) => {
      for (let i = 0; i < events.length; i += PUBLISH_BATCH) {
        const acks = await Promise.all(
          events
            .slice(i, i + PUBLISH_BATCH)
            .map(([def, msg]) => publishEvent(js, def, msg, { prefix, tenant: TENANT })),
        );
        acks.forEach((ack, j) => {
          const def = events[i + j]![0];
          lastSeq.set(def, Math.max(lastSeq.get(def) ?? 0, ack.seq));
        });
      }
    };
    const settled = () => waitSettled(jsm, service, prefix, lastSeq);

    // The catalogue the measured events land in (unmeasured; it also warms the process up).
    const start = Date.UTC(2026, 10, 1);
    let eventNo = 0;
    const upsert = (product: ProductUpserted['product'], version: bigint, atMs: number) =>
      create(ProductUpsertedSchema, {
        envelope: {
          eventId: `ingest-${argv.seed}-${eventNo++}`,
          occurredAt: timestampFromMs(atMs),
          producer: 'bench-storefront',
          tenantId: TENANT,
          schemaVersion: 1,
        },
        product,
        version,
      });
    const catalogue = catalogueProducts(argv.catalogue, argv.seed, 'c');
    const reviewsOf = (ids: string[], count: number, from: number, atMs: number) =>
      Array.from(
        { length: count },
        (_, i) =>
          [Events.reviewAnalysed, analysedReview(TENANT, ids, from + i, argv.seed, atMs)] as [
            EventDefinition,
            ReviewAnalysed,
          ],
      );
    const kg = service === 'knowledge-graph';
    // The catalogue comes with its reviews in the measured mix, so both paths are warm.
    const warmupReviews = kg ? Math.round(catalogue.length * argv['reviews-per-upsert']) : 0;
    console.error(`ingest: ${service}: catalogue of ${catalogue.length} products…`);
    await publishAll([
      ...catalogue.map(
        (p) => [Events.productUpserted, upsert(p, 1n, start)] as [EventDefinition, ProductUpserted],
      ),
      ...(kg
        ? reviewsOf(
            catalogue.map((p) => p.id),
            warmupReviews,
            0,
            start,
          )
        : []),
    ]);
    await settled();

    // Idle rate (timers, health, pulls waiting) to subtract from the phases: the median of six
    // one-second samples, after the catalogue's after-work (garbage collection and optimising
    // compilation on V8's background threads) has had two seconds to finish.
    await new Promise((r) => setTimeout(r, 2000));
    const idleSamples: number[] = [];
    for (let i = 0; i < 6; i++) {
      const from = cpuMsOf(pid)!;
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, 1000));
      idleSamples.push((cpuMsOf(pid)! - from) / ((performance.now() - t0) / 1000));
    }
    idleSamples.sort((a, b) => a - b);
    const idleCpuMsPerS = percentile(idleSamples, 50);

    const measure = async (
      name: Phase['name'],
      events: [EventDefinition, ProductUpserted | ReviewAnalysed][],
    ): Promise<Phase> => {
      console.error(`ingest: ${service}: ${events.length} ${name}…`);
      const cpu0 = cpuMsOf(pid)!;
      const t0 = performance.now();
      const w0 = monotonicUs();
      await publishAll(events);
      await settled();
      const seconds = (performance.now() - t0) / 1000;
      const cpuMs = cpuMsOf(pid)! - cpu0 - idleCpuMsPerS * seconds;
      return { name, events: events.length, cpuMs, seconds, window: [w0, monotonicUs()] };
    };

    const fresh = catalogueProducts(argv.events, argv.seed + 1, 'n');
    const later = start + 86_400_000;
    const upserts = fresh.map((p, i) => {
      if (i % REVISION_SHARE !== REVISION_SHARE - 1 || catalogue.length === 0)
        return [Events.productUpserted, upsert(p, 1n, later + i)] as [EventDefinition, ProductUpserted];
      const old = catalogue[i % catalogue.length]!;
      return [Events.productUpserted, upsert(revisedProduct(old, argv.seed + i), 2n, later + i)] as [
        EventDefinition,
        ProductUpserted,
      ];
    });
    const phases = [await measure('upserts', upserts)];
    if (kg && argv['reviews-per-upsert'] > 0) {
      const ids = [...catalogue, ...fresh].map((p) => p.id);
      phases.push(
        await measure(
          'reviews',
          reviewsOf(ids, Math.round(argv.events * argv['reviews-per-upsert']), warmupReviews, later),
        ),
      );
    }
    clearInterval(sampler);
    const rss = rssOf(pid);
    peakRss = Math.max(peakRss, rss);
    await stop(svc);

    const events = phases.reduce((s, p) => s + p.events, 0);
    const cpuMs = phases.reduce((s, p) => s + p.cpuMs, 0);
    const seconds = phases.reduce((s, p) => s + p.seconds, 0);
    if (profileDir) summariseProfile(profileDir, phases);
    console.log(
      JSON.stringify({
        bench: 'ingest',
        service,
        catalogue: argv.catalogue,
        ...Object.fromEntries(
          phases.flatMap((p) => [
            [p.name, p.events],
            [`cpu_ms_per_${p.name === 'upserts' ? 'upsert' : 'review'}`, round(p.cpuMs / p.events)],
            [`${p.name}_per_s`, round(p.events / p.seconds, 1)],
          ]),
        ),
        cpu_ms_per_event: round(cpuMs / events),
        events_per_s: round(events / seconds, 1),
        idle_cpu_ms_per_s: round(idleCpuMsPerS, 2),
        rss_mb: round(rss / 1024 / 1024, 1),
        rss_peak_mb: round(peakRss / 1024 / 1024, 1),
        load_average_1m: round(loadavg()[0]!, 2),
      }),
    );
  } finally {
    if (svc) await stop(svc);
    await nc.drain().catch(() => undefined);
    await infra.stop();
  }
}

/** Until every durable consumer of the service has delivered and acknowledged what was published to it. */
async function waitSettled(
  jsm: JetStreamManager,
  service: Service,
  prefix: string,
  lastSeq: Map<EventDefinition, number>,
): Promise<void> {
  for (const def of CONSUMES[service]) {
    const streamSeq = lastSeq.get(def);
    if (streamSeq === undefined) continue;
    await eventually(
      async () =>
        (await consumerSettled(jsm, def.stream, consumerName(service, def), { prefix, streamSeq })).settled,
      { timeoutMs: 600_000, intervalMs: 100, what: `${service} to acknowledge ${def.key}` },
    );
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time (ms, idle left out) per function and per file within the phases' windows; top entries to stderr. */
function summariseProfile(dir: string, phases: Phase[]): void {
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort()
    .at(-1);
  if (!file) {
    console.error(`ingest: no .cpuprofile in ${dir}`);
    return;
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const inWindow = (t: number) => phases.some((p) => t >= p.window[0] && t <= p.window[1]);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (!inWindow(t)) return;
    const frame = frames.get(id)!;
    if (frame.functionName === '(idle)') return;
    const where = shortPath(frame.url);
    const fn = `${frame.functionName || '(anonymous)'} ${where}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    const ms = delta / 1000;
    total += ms;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    byFile.set(where || frame.functionName, (byFile.get(where || frame.functionName) ?? 0) + ms);
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms: round(ms, 1), share: round(ms / total, 3) }));
  const summary = {
    profile: file,
    windows: phases.map((p) => p.window),
    sampled_ms: round(total, 1),
    functions: top(byFunction, 40),
    files: top(byFile, 25),
  };
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
  console.error(`ingest: profile ${file}: ${round(total, 1)} ms sampled in the measured phases`);
  for (const [title, rows] of [
    ['self time by function', summary.functions.slice(0, 25)],
    ['self time by file', summary.files.slice(0, 15)],
  ] as const) {
    console.error(`  ${title}:`);
    for (const r of rows)
      console.error(`    ${(r.share * 100).toFixed(1).padStart(5)} %  ${r.ms} ms  ${r.name}`);
  }
}

/** A profile URL as a short location: a package name, or a path inside the repository. */
function shortPath(url: string): string {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const pkg = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/);
  if (pkg) return `${pkg[1]}/${pkg[2]}`;
  return path.startsWith(repoRoot) ? path.slice(repoRoot.length + 1) : path;
}
