// `npm run bench -- support [--orders 500 --rate 200 --seconds 20]`: customer-service as deployed (its
// own process, NODE_ENV=production, local tier: no LLM settings) on fresh NATS and Redis. A shop's
// orders (placed, most of them shipped or delivered) and a catalogue are published and acknowledged
// first; then chat turns at --rate/s, open loop, each beside a request to a bare NATS echo (its own
// process) — a mix of order status as the owner, return questions, policy questions, a stranger
// asking about someone's order and greetings, each turn in a conversation of its own customer. The
// service's CPU per turn comes from its /proc counters over the window. Last line: the JSON figures.
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders } from '@nats-io/transport-node';
import {
  consumerName,
  encodeMessage,
  Events,
  OrderStatus,
  prefixSubject,
  Queries,
  SupportChatRequestSchema,
  type EventDefinition,
} from '@shopmind/contracts';
import {
  aBareProduct,
  anOrder,
  anOrderPlaced,
  anOrderStatusChanged,
  aProductUpserted,
  eventually,
  expectConsumerIdle,
  freePort,
  publishEvent,
  startInfra,
  uniqueName,
  provisionNamespace,
} from '@shopmind/testing';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import {
  child,
  cpuMsOf,
  openLoop,
  percentile,
  round,
  rssOf,
  startEcho,
  stop,
  target,
  imageEnvironment,
} from './bench-kit.js';

const TENANT = 'benchshop';
const DAY = 86_400_000;
const QUESTIONS = [
  (o: string) => `where is my order #${o}?`,
  () => 'can I still return the puzzle?',
  () => 'how long does a refund take?',
  (o: string) => `has ${o} been shipped yet?`,
  () => 'which payment methods do you accept?',
  () => 'hello!',
];

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(hideBin(['node', 'bench', ...args]))
    .option('orders', { type: 'number', default: 500 })
    .option('rate', { type: 'number', default: 200, describe: 'chat turns (and echo requests) per second' })
    .option('seconds', { type: 'number', default: 20, describe: 'measured window' })
    .strict()
    .parse();
  const infra = await startInfra();
  // Services only verify the streams: provisioned first, as the admin step would.
  const prefix = await provisionNamespace(
    infra.natsUrl,
    uniqueName('supbench')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  );
  const children: ChildProcess[] = [];
  const nc = await connect({ servers: infra.natsUrl, name: 'bench-shop' });
  try {
    const httpPort = await freePort();
    const service = child(
      ['--import', './dist/libs/telemetry/src/register.js', 'dist/services/customer-service/src/main.js'],
      {
        ...imageEnvironment(), // first: what the bench sets below wins (HTTP_PORT)
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NATS_URL: infra.natsUrl,
        REDIS_URL: infra.redisUrl,
        HTTP_PORT: String(httpPort),
        SHOPMIND_SUBJECT_PREFIX: prefix,
        LOG_LEVEL: 'warn',
        // Production requires it; a bench value, as an operator's secret would be.
        SUPPORT_SUBJECT_SECRET: 'bench-support-subject-secret-0123456789',
      },
    );
    children.push(service);
    await eventually(async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).ok, {
      timeoutMs: 30_000,
      intervalMs: 50,
      what: 'customer-service',
    });

    // The shop: a small catalogue and --orders orders, most shipped, some delivered 10 days ago.
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const last = new Map<EventDefinition, number>();
    const put = async (def: EventDefinition, msg: Parameters<typeof publishEvent>[2]) => {
      const { seq } = await publishEvent(js, def, msg, { prefix, tenant: TENANT });
      last.set(def, seq);
    };
    const env = (atMs: number) => ({ tenantId: TENANT, occurredAt: timestampFromMs(atMs) });
    const now = Date.now();
    for (let p = 0; p < 50; p++)
      await put(
        Events.productUpserted,
        aProductUpserted({
          envelope: env(now),
          product: aBareProduct({ id: `p-${p}`, title: `Wooden Toy ${p}` }),
          version: 1n,
        }),
      );
    const orderId = (i: number) => `W${100000 + i}`;
    for (let i = 0; i < argv.orders; i++) {
      const userId = `u-${i}`;
      await put(
        Events.orderPlaced,
        anOrderPlaced({
          envelope: env(now - 20 * DAY),
          order: anOrder({
            orderId: orderId(i),
            userId,
            email: `c${i}@example.com`,
            items: [
              {
                productId: `p-${i % 50}`,
                title: 'Alpine Lake Puzzle',
                quantity: 1,
                unitPrice: { currency: 'EUR', amountMinor: 1999n },
              },
            ],
          }),
        }),
      );
      await put(
        Events.orderStatusChanged,
        anOrderStatusChanged({
          envelope: env(now - 15 * DAY),
          orderId: orderId(i),
          userId,
          status: OrderStatus.SHIPPED,
          tracking: { carrier: 'DHL', trackingNumber: `00${i}`, url: '' },
        }),
      );
      if (i % 3 === 0)
        await put(
          Events.orderStatusChanged,
          anOrderStatusChanged({
            envelope: env(now - 10 * DAY),
            orderId: orderId(i),
            userId,
            status: OrderStatus.DELIVERED,
          }),
        );
    }
    for (const [def, streamSeq] of last)
      await expectConsumerIdle(jsm, def.stream, consumerName('customer-service', def), {
        prefix,
        streamSeq,
        timeoutMs: 60_000,
      });

    const echoSubject = `${prefix}.q.${TENANT}.echo.ping`;
    children.push(await startEcho(nc, infra.natsUrl, echoSubject));

    // Round i: customer i % orders asks one of the questions (a stranger every seventh round).
    const turns = Array.from({ length: 4096 }, (_, i) => {
      const n = i % argv.orders;
      const stranger = i % 7 === 0;
      const text = QUESTIONS[i % QUESTIONS.length]!(orderId(n));
      return encodeMessage(
        SupportChatRequestSchema,
        create(SupportChatRequestSchema, {
          meta: { requestId: `r-${i}`, tenantId: TENANT },
          conversationId: `c-${n}-${stranger ? 's' : 'o'}`,
          userId: stranger ? `stranger-${n}` : `u-${n}`,
          text,
          locale: 'en',
        }),
        'json',
      ).data;
    });
    const h = natsHeaders();
    h.set('content-type', 'application/json');
    const chatSubject = prefixSubject(prefix, Queries.supportChat.subject(TENANT));
    const request = (i: number) => turns[i % turns.length]!;
    console.error(
      `support: warm-up, then ${argv.rate * argv.seconds} turns at ${argv.rate}/s beside the echo…`,
    );
    await openLoop(
      nc,
      [target('echo', echoSubject, request), target('chat', chatSubject, request)],
      h,
      argv.rate * 2,
      argv.rate,
    );
    await new Promise((r) => setTimeout(r, 1000));
    const idleBefore = cpuMsOf(service.pid);
    await new Promise((r) => setTimeout(r, 2000));
    const idleCpuMsPerS = ((cpuMsOf(service.pid) ?? NaN) - (idleBefore ?? NaN)) / 2;
    const echo = target('echo', echoSubject, request);
    const turn = target('chat', chatSubject, request);
    const requests = argv.rate * argv.seconds;
    const cpuBefore = cpuMsOf(service.pid)!;
    const t0 = performance.now();
    const lagP99 = await openLoop(nc, [echo, turn], h, requests, argv.rate, 'support');
    const elapsedS = (performance.now() - t0) / 1000;
    const cpuMsPerTurn = ((cpuMsOf(service.pid) ?? NaN) - cpuBefore - idleCpuMsPerS * elapsedS) / requests;
    const p99 = percentile(turn.latencies, 99);
    const echoP99 = percentile(echo.latencies, 99);
    console.error(
      JSON.stringify({
        send_lag_p99_ms: round(lagP99),
        service_idle_cpu_ms_per_s: round(idleCpuMsPerS),
        chat_max_ms: round(turn.latencies.at(-1) ?? NaN),
      }),
    );
    console.log(
      JSON.stringify({
        bench: 'support',
        orders: argv.orders,
        rate_per_s: argv.rate,
        seconds: argv.seconds,
        turns_answered: turn.latencies.length,
        turn_errors: turn.errors,
        service_cpu_ms_per_turn: round(cpuMsPerTurn),
        chat_p50_ms: round(percentile(turn.latencies, 50)),
        chat_p99_ms: round(p99),
        echo_p50_ms: round(percentile(echo.latencies, 50)),
        echo_p99_ms: round(echoP99),
        ratio_p99: round(p99 / echoP99, 2),
        service_rss_mb: round(rssOf(service.pid) / 1024 / 1024, 1),
        load_average_1m: round(loadavg()[0]!, 2),
      }),
    );
  } finally {
    await Promise.all(children.map(stop));
    await nc.drain().catch(() => undefined);
    await infra.stop();
  }
}
