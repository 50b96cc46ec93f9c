// What one support turn costs as a shop's catalogue grows. For each catalogue size: the service
// in-process on fresh NATS and Redis, the catalogue published as product upserts, then rounds of four
// chat turns — a product question, an `other` turn naming a product, an `other` turn naming none,
// and a policy question that needs no product — each after one more upsert (a live shop sends them
// all the time: the platform soak at 100 messages/s sends 10 upserts and 4 turns a second). Per turn
// kind: service process CPU, bytes allocated on the JS heap, wall time, and Redis's reply bytes and
// CPU; per size: the heap a product turn leaves in use (after a full GC), and how much V8's heap and
// the process's RSS grew over the turns (from after the catalogue was seeded and a full GC, so the
// seeding's own memory is not counted). Run one size per process for RSS figures that do not carry
// over from the previous size.
//   npm run build && node --expose-gc dist/services/customer-service/src/evaluation/catalogue-turn-cost.js \
//     [--products 1000,5000,20000] [--rounds 30]
// The measuring client shares the process, so CPU and allocation include its request/reply work (the
// same at every size); what grows with the catalogue is the service's.
import v8 from 'node:v8';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import {
  consumerName,
  decodeMessage,
  encodeMessage,
  Events,
  Queries,
  SupportChatReplySchema,
  SupportChatRequestSchema,
} from '@shopmind/contracts';
import { startService } from '@shopmind/service-kit';
import {
  aBareProduct,
  aProductUpserted,
  aSupportChatRequest,
  expectConsumerIdle,
  publishEvent,
  startInfra,
  uniqueName,
  provisionNamespace,
} from '@shopmind/testing';
import { Redis } from 'ioredis';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { loadConfig } from '../config.js';
import { customerService } from '../customer-service.module.js';

// Titles "<adjective> <material> <toy>": 40 × 15 × 40 distinct ones, common words shared by many.
const ADJECTIVES = [
  ...['bright', 'blue', 'green', 'soft', 'little', 'giant', 'classic', 'magic', 'happy', 'tiny'],
  ...['red', 'yellow', 'rainbow', 'sleepy', 'musical', 'royal', 'wild', 'busy', 'clever', 'cosy'],
  ...['deluxe', 'junior', 'mini', 'super', 'speedy', 'silly', 'sunny', 'starry', 'snowy', 'stormy'],
  ...['golden', 'silver', 'pink', 'purple', 'orange', 'brave', 'curious', 'jolly', 'lucky', 'noble'],
];
const MATERIALS = [
  ...['wooden', 'felt', 'metal', 'cotton', 'plush', 'bamboo', 'paper', 'rubber'],
  ...['silicone', 'wool', 'linen', 'cork', 'tin', 'glass', 'clay'],
];
const TOYS = [
  ...['train', 'rocket', 'robot', 'kite', 'drum', 'puzzle', 'doll', 'truck', 'boat', 'castle'],
  ...['dragon', 'unicorn', 'tractor', 'xylophone', 'teddy', 'rattle', 'abacus', 'farm', 'garage', 'tower'],
  ...['marble run', 'spinning top', 'yo-yo', 'kaleidoscope', 'tea party', 'tool bench', 'easel', 'globe'],
  ...['telescope', 'piano', 'guitar', 'helicopter', 'submarine', 'bus', 'fire engine', 'ambulance'],
];
const BRANDS = ['Grimm’s', 'Hape', 'Plan Toys', 'Djeco', 'Haba', 'Janod', 'Bigjigs'];

const TURNS = {
  product: 'does the bright wooden train need batteries?',
  other_naming_product: 'what about the blue felt rocket?',
  other: 'ok cool',
  policy: 'how long does a refund take?',
} as const;
type TurnKind = keyof typeof TURNS;

function titleOf(i: number): string {
  const adjective = ADJECTIVES[i % ADJECTIVES.length]!;
  const material = MATERIALS[Math.floor(i / ADJECTIVES.length) % MATERIALS.length]!;
  const toy = TOYS[Math.floor(i / (ADJECTIVES.length * MATERIALS.length)) % TOYS.length]!;
  const series = Math.floor(i / (ADJECTIVES.length * MATERIALS.length * TOYS.length));
  const capital = (w: string) => w.replace(/(^|\s)\w/g, (c) => c.toUpperCase());
  return `${capital(adjective)} ${capital(material)} ${capital(toy)}${series ? ` ${series + 1}` : ''}`;
}

interface TurnSample {
  cpuMs: number;
  allocatedBytes: number;
  wallMs: number;
  redisOutBytes: number;
  redisCpuMs: number;
}

/** Redis's cumulative reply bytes and CPU seconds (INFO). */
async function redisCounters(redis: Redis): Promise<{ outBytes: number; cpuS: number }> {
  const info = await redis.info();
  const field = (name: string) => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? 0);
  return {
    outBytes: field('total_net_output_bytes'),
    cpuS: field('used_cpu_user') + field('used_cpu_sys'),
  };
}

function fullGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run node with --expose-gc');
  gc();
  gc();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

async function measure(size: number, rounds: number, infra: { natsUrl: string; redisUrl: string }) {
  const prefix = uniqueName('cturn')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  const config = loadConfig({
    ...process.env,
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    HTTP_PORT: '0',
    SHOPMIND_SUBJECT_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  });
  await provisionNamespace(infra.natsUrl, prefix);
  const running = await startService(customerService, config, { listenHttp: false });
  const nc = await connect({ servers: infra.natsUrl });
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const redis = new Redis(infra.redisUrl);
  const tenant = `cturn${size}`;
  const durable = consumerName(config.service, Events.productUpserted);
  let seq = 0;
  const upsert = async (id: string, title: string, brand: string) => {
    const event = aProductUpserted({
      envelope: { tenantId: tenant },
      product: aBareProduct({ id, title, brand }),
      version: 1n,
    });
    seq = Math.max(seq, (await publishEvent(js, Events.productUpserted, event, { prefix, tenant })).seq);
  };
  const settled = () =>
    expectConsumerIdle(jsm, Events.productUpserted.stream, durable, {
      prefix,
      streamSeq: seq,
      intervalMs: 20,
      timeoutMs: 600_000,
    });

  try {
    const seedStarted = Date.now();
    for (let from = 0; from < size; from += 500) {
      const batch: Promise<void>[] = [];
      for (let i = from; i < Math.min(size, from + 500); i++)
        batch.push(upsert(`p-${i}`, titleOf(i), BRANDS[i % BRANDS.length]!));
      await Promise.all(batch);
    }
    await settled();
    const seedSeconds = (Date.now() - seedStarted) / 1000;

    let n = 0;
    const turn = (kind: TurnKind) => chat(nc, prefix, tenant, `conv-${kind}-${n++}`, TURNS[kind]);
    // Warm-up: JIT, the knowledge base, the classifier.
    for (let i = 0; i < 10; i++) for (const kind of Object.keys(TURNS) as TurnKind[]) await turn(kind);
    const answers = Object.fromEntries(
      await Promise.all(
        (Object.keys(TURNS) as TurnKind[]).map(async (kind) => {
          const reply = await turn(kind);
          return [kind, `${reply.intent}:${reply.productIds.join(',')}`] as const;
        }),
      ),
    );
    await upsert('p-extra-0', 'Extra Item 0', 'Haba');
    await settled();
    fullGc();
    const beforeTurns = process.memoryUsage();

    const samples: Record<TurnKind, TurnSample[]> = {
      product: [],
      other_naming_product: [],
      other: [],
      policy: [],
    };
    let extra = 0;
    for (let r = 1; r <= rounds; r++) {
      for (const kind of Object.keys(TURNS) as TurnKind[]) {
        await upsert(`p-extra-${++extra}`, `Extra Item ${extra}`, 'Haba');
        await settled();
        const redisBefore = await redisCounters(redis);
        const profiler = new v8.GCProfiler();
        profiler.start();
        const heap0 = v8.getHeapStatistics().used_heap_size;
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        await turn(kind);
        const wallMs = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        const heap1 = v8.getHeapStatistics().used_heap_size;
        const gcs = profiler.stop()?.statistics ?? [];
        const freed = gcs.reduce(
          (s, g) => s + g.beforeGC.heapStatistics.usedHeapSize - g.afterGC.heapStatistics.usedHeapSize,
          0,
        );
        const redisAfter = await redisCounters(redis);
        samples[kind].push({
          cpuMs: (cpu.user + cpu.system) / 1000,
          allocatedBytes: heap1 - heap0 + freed,
          wallMs,
          redisOutBytes: redisAfter.outBytes - redisBefore.outBytes,
          redisCpuMs: (redisAfter.cpuS - redisBefore.cpuS) * 1000,
        });
      }
    }
    const afterTurns = process.memoryUsage();
    // What a product lookup leaves held: a fresh upsert, one product turn, a full GC.
    await upsert(`p-extra-${++extra}`, `Extra Item ${extra}`, 'Haba');
    await settled();
    await turn('product');
    fullGc();
    const heapAfter = process.memoryUsage().heapUsed;

    const per = <K extends keyof TurnSample>(key: K, f: (xs: number[]) => number, scale = 1, digits = 2) =>
      Object.fromEntries(
        (Object.keys(samples) as TurnKind[]).map((kind) => [
          kind,
          round(f(samples[kind].map((s) => s[key])) / scale, digits),
        ]),
      );
    return {
      products: size,
      seed_seconds: round(seedSeconds, 1),
      answers,
      cpu_ms_per_turn_median: per('cpuMs', median),
      allocated_mb_per_turn_mean: per('allocatedBytes', mean, 1024 * 1024, 3),
      wall_ms_per_turn_median: per('wallMs', median),
      // INFO's own reply (~5 KB) is in each figure.
      redis_reply_kb_per_turn_mean: per('redisOutBytes', mean, 1024, 1),
      redis_cpu_ms_per_turn_mean: per('redisCpuMs', mean),
      heap_held_after_product_turn_mb: round((heapAfter - beforeTurns.heapUsed) / 1024 / 1024),
      // Before any forced GC: what V8 reserved to carry the turns' garbage, and the process.
      heap_total_growth_over_turns_mb: round((afterTurns.heapTotal - beforeTurns.heapTotal) / 1024 / 1024, 1),
      rss_growth_over_turns_mb: round((afterTurns.rss - beforeTurns.rss) / 1024 / 1024, 1),
      rss_after_turns_mb: round(afterTurns.rss / 1024 / 1024, 1),
    };
  } finally {
    redis.disconnect();
    await nc.drain();
    await running.close();
  }
}

async function chat(
  nc: NatsConnection,
  prefix: string,
  tenant: string,
  conversationId: string,
  text: string,
): Promise<{ intent: string; productIds: string[] }> {
  const payload = encodeMessage(
    SupportChatRequestSchema,
    aSupportChatRequest({ meta: { tenantId: tenant }, conversationId, userId: '', text }),
    'json',
  );
  const h = headers();
  h.set('content-type', payload.contentType);
  const msg = await nc.request(`${prefix}.${Queries.supportChat.subject(tenant)}`, payload.data, {
    timeout: 30_000,
    headers: h,
  });
  const error = msg.headers?.get('Shopmind-Error');
  if (error) throw new Error(`chat turn "${text}": ${error} ${new TextDecoder().decode(msg.data)}`);
  const reply = decodeMessage(SupportChatReplySchema, msg.data, msg.headers?.get('content-type'));
  return { intent: reply.intent, productIds: [...reply.productIds] };
}

const argv = await yargs(hideBin(process.argv))
  .option('products', { type: 'string', default: '1000,5000,20000', describe: 'catalogue sizes' })
  .option('rounds', { type: 'number', default: 30, describe: 'rounds of upsert + four turns per size' })
  .strict()
  .parse();
const sizes = argv.products.split(',').map(Number);
const infra = await startInfra({ sources: ['env', 'local'] });
try {
  for (const size of sizes) console.log(JSON.stringify(await measure(size, argv.rounds, infra)));
} finally {
  await infra.stop();
}
