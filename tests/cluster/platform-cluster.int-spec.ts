// Issue 19's proof: all six services as production runs them (service-fleet.ts) on a three-node
// NATS cluster (every stream with three replicas) and a Redis Cluster of three masters and three
// replicas. A few thousand mixed events flow while the suite SIGKILLs the NATS node that leads
// SHOP_EVENTS, then the Redis master holding the most keys; the shop keeps asking every query
// meanwhile. Every wait polls state: it must hold on a loaded two-core machine.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { Streams } from '@shopmind/contracts';
import {
  eventually,
  expectConsumerIdle,
  provisionNamespace,
  startFakeOpenAi,
  startNatsCluster,
  startRedisCluster,
  uniqueTenant,
  type FakeOpenAiServer,
  type LocalNatsCluster,
  type LocalRedisCluster,
  type RedisClusterNode,
} from '@shopmind/testing';
import { countResults, exactlyOnce, readDeadLetters, readResults, repeated } from '../chaos/ai-results.js';
import { mixedEvents, PersistentPublisher } from '../chaos/mixed-events.js';
import { askEveryQuery, type QueryAnswer } from '../chaos/platform-queries.js';
import { ServiceFleet } from '../chaos/service-fleet.js';

/** Events of each of the four kinds (reviews, products, orders, support messages). */
const PER_KIND = Number(process.env.CLUSTER_EVENTS_PER_KIND ?? 500);
/** A query's deadline as a shop sends it (Shopmind-Deadline). */
const QUERY_DEADLINE_MS = 8_000;
/** A shop's client asks again when a request or its reply was lost with a NATS server. */
const QUERY_RETRY_MS = 2_000;
/** A round of every query at most this often: a shop's steady trickle, not a load test. */
const QUERY_ROUND_MS = 250;
/** Events per second: the stream lasts about 30 s, so both kills fall while the shop publishes. */
const EVENTS_PER_SECOND = 70;
const REPLICAS = 3;

let nats: LocalNatsCluster;
let redis: LocalRedisCluster;
let llm: FakeOpenAiServer;
let services: ServiceFleet;
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  [nats, redis, llm] = await Promise.all([
    startNatsCluster({ nodes: 3 }),
    startRedisCluster({ masters: 3, replicasPerMaster: 1 }),
    startFakeOpenAi(),
  ]);
  llm.setDefaultReply({ kind: 'error', status: 503, message: 'provider down' });
  const natsUrl = nats.urls.join(',');
  // Services only verify the streams: provisioned first, replicated on every node, as in production.
  await provisionNamespace(natsUrl, '', { replicas: REPLICAS });
  nc = await connect({
    servers: nats.urls,
    name: 'cluster-shop',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 200,
  });
  jsm = await jetstreamManager(nc, { timeout: 10_000 });
  services = new ServiceFleet({
    natsUrl,
    redis: { REDIS_CLUSTER_NODES: redis.seeds.map((s) => `${s.host}:${s.port}`).join(',') },
    llmBaseUrl: llm.baseURL,
    streamReplicas: REPLICAS,
  });
  await services.startAll();
}, 180_000);

afterAll(async () => {
  await services?.stop();
  await nc?.close().catch(() => undefined);
  await Promise.all([nats?.stop(), redis?.stop(), llm?.stop()]);
});

/** The running master holding the most keys: its loss hurts the most. */
async function busiestMaster(cluster: LocalRedisCluster): Promise<{ node: RedisClusterNode; keys: number }> {
  await cluster.refresh();
  const sized = await Promise.all(
    cluster.masters().map(async (node) => {
      const r = node.connect();
      try {
        return { node, keys: await r.dbsize() };
      } finally {
        r.disconnect();
      }
    }),
  );
  return sized.sort((a, b) => b.keys - a.keys)[0]!;
}

/** The shop asks every query, round after round, until stopped; each answer is kept with the phase it fell in. */
class QueryLoop {
  readonly answers: (QueryAnswer & { phase: string })[] = [];
  phase = 'steady';
  private stopped = false;
  private readonly running: Promise<void>;

  constructor(conn: NatsConnection, tenant: string) {
    this.running = (async () => {
      while (!this.stopped) {
        const phase = this.phase;
        const pace = sleep(QUERY_ROUND_MS);
        const round = await askEveryQuery(conn, tenant, QUERY_DEADLINE_MS, { retryAfterMs: QUERY_RETRY_MS });
        this.answers.push(...round.map((a) => ({ ...a, phase })));
        await pace;
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Answers by phase and code ('' = a reply), e.g. `{ 'redis master down': { '': 20, unavailable: 1 } }`. */
  summary(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const a of this.answers) {
      const byCode = (out[a.phase] ??= {});
      byCode[a.code || 'ok'] = (byCode[a.code || 'ok'] ?? 0) + 1;
    }
    return out;
  }
}

/** `<event> <id> → <result>` lines counted by event and result kind. */
function repeatedKinds(lines: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of lines) {
    const key = l.replace(/ \S+ → /, ' → ');
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

describe('platform on a NATS cluster and a Redis Cluster', () => {
  it('loses no result and stores none twice, answers every query, and has every service ready again by itself, through the SIGKILL of the SHOP_EVENTS leader and then of a Redis master', async () => {
    const tenant = uniqueTenant('cluster');
    const events = mixedEvents(tenant, PER_KIND);
    const n = events.length;
    const expectedCount = events.reduce((sum, e) => sum + e.expects.length, 0);
    const before = services.pids();
    const timeline: string[] = [];
    const started = performance.now();
    const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);

    // Every stream, and every durable consumer the services made, is kept on all three servers.
    const copies: string[] = [];
    for (const stream of [Streams.shopEvents.name, Streams.aiResults.name, Streams.deadLetters.name]) {
      copies.push(`${stream} ${(await jsm.streams.info(stream)).config.num_replicas}`);
      for await (const c of jsm.consumers.list(stream))
        if (c.config.durable_name) copies.push(`${c.config.durable_name} ${c.config.num_replicas}`);
    }
    expect(copies.filter((c) => !c.endsWith(` ${REPLICAS}`))).toEqual([]);

    const publisher = new PersistentPublisher(nc);
    const publishing = publisher.publishAll(events, { perSecond: EVENTS_PER_SECOND });
    const queries = new QueryLoop(nc, tenant);
    // The kills are timed by the events published, so each one falls in the middle of the stream.
    const published = (share: number) =>
      eventually(() => publisher.published >= n * share, {
        timeoutMs: 120_000,
        intervalMs: 100,
        what: `${Math.round(share * 100)}% of ${n} events published (${timeline.join('; ')})`,
      });

    try {
      // (a) The node leading SHOP_EVENTS dies with events in flight both ways.
      await published(0.2);
      const leader = await eventually(() => nats.streamLeader(Streams.shopEvents.name), {
        what: `the leader of ${Streams.shopEvents.name}`,
      });
      queries.phase = 'nats leader down';
      const natsKilled = performance.now();
      await leader.kill('SIGKILL');
      timeline.push(`${leader.name} (SHOP_EVENTS leader) SIGKILLed at ${publisher.published}/${n} published`);
      const successor = await eventually(
        async () => {
          const l = await nats.streamLeader(Streams.shopEvents.name);
          return l && l !== leader ? l : undefined;
        },
        { timeoutMs: 30_000, what: `a new leader of ${Streams.shopEvents.name}` },
      );
      await services.waitAllReady();
      const natsReadyS = seconds(natsKilled);
      timeline.push(`${successor.name} leads, every service ready ${natsReadyS} s after the kill`);
      expect(services.pids()).toEqual(before); // ready again by itself, nobody restarted it
      // The node comes back with its store, as an operator's restart would bring it.
      await leader.start();
      await nats.waitUntilReady();
      queries.phase = 'after nats';

      // (b) The master holding the most keys dies; its replica is promoted.
      await published(0.55);
      const busiest = await busiestMaster(redis);
      queries.phase = 'redis master down';
      const redisKilled = performance.now();
      await busiest.node.kill('SIGKILL');
      timeline.push(
        `redis ${busiest.node.address} (${busiest.keys} keys) SIGKILLed at ${publisher.published}/${n} published`,
      );
      const promoted = await redis.waitForFailover(busiest.node, 60_000);
      const failoverS = seconds(redisKilled);
      await services.waitAllReady();
      const redisReadyS = seconds(redisKilled);
      timeline.push(
        `${promoted.address} promoted after ${failoverS} s, every service ready ${redisReadyS} s after the kill`,
      );
      expect(services.pids()).toEqual(before);
      queries.phase = 'after redis';

      await publishing;
      // Everything settles: no consumer holds work (each event handled, or dead-lettered), so every
      // result there will be is stored (a handler publishes its result before it acknowledges).
      for (const stream of [Streams.shopEvents.name, Streams.aiResults.name])
        for await (const c of jsm.consumers.list(stream))
          if (c.config.durable_name)
            await expectConsumerIdle(jsm, stream, c.config.durable_name, {
              timeoutMs: 120_000,
              intervalMs: 250,
            });
      await eventually(async () => (await countResults(jsm, tenant)) >= expectedCount, {
        timeoutMs: 10_000,
        intervalMs: 250,
        what: `${expectedCount} results`,
      }).catch(() => undefined); // what is missing is reported below
    } finally {
      await queries.stop();
    }

    const results = await readResults(nc, jsm, tenant);
    const { lost, twice } = exactlyOnce(
      events.map((e) => ({ eventId: e.eventId, label: e.definition.key, expects: e.expects })),
      results,
    );
    const deadLetters = await readDeadLetters(nc, jsm);
    const duplicateIds = repeated(results.map((r) => r.msgId));
    const unanswered = queries.answers.filter(
      (a) => a.code === 'none' || /^(internal|deadline_exceeded)$/.test(a.code),
    );
    const degraded = queries.answers.filter((a) => a.code !== '' && !unanswered.includes(a));
    console.info(
      `cluster: ${n} events (${publisher.failedAttempts} publish attempts refused), ${results.length} results ` +
        `(${expectedCount} expected; ${lost.length} lost, ${twice.length} twice, ${Object.keys(duplicateIds).length} Msg-Ids twice), ` +
        `${deadLetters.length} dead letters; ${queries.answers.length} query answers, ${degraded.length} degraded ` +
        `(${[...new Set(degraded.map((a) => `${a.key} ${a.code} [${a.phase}]`))].join(', ') || 'none'}), ` +
        `${unanswered.length} unanswered or failed, ${queries.answers.filter((a) => a.late).length} after the deadline, ` +
        `${queries.answers.filter((a) => a.attempts > 1).length} asked again; ${JSON.stringify(queries.summary())}; ` +
        `${timeline.join('; ')}; ${seconds(started)} s in all`,
    );
    const lostByKind = repeatedKinds(lost);
    if (lost.length) console.info(`cluster: lost results by event → result: ${JSON.stringify(lostByKind)}`);
    if (deadLetters.length)
      console.info(
        `cluster: dead letters, e.g. ${deadLetters
          .map((d) => `${d.consumer}: ${d.reason}`)
          .filter((d, i, all) => all.indexOf(d) === i)
          .slice(0, 8)
          .join(' | ')}`,
      );

    expect({ lost: lost.slice(0, 20), lostCount: lost.length }).toEqual({ lost: [], lostCount: 0 });
    expect({ twice: twice.slice(0, 20), twiceCount: twice.length }).toEqual({ twice: [], twiceCount: 0 });
    expect(duplicateIds).toEqual({});
    expect(results.every((r) => r.msgId !== '')).toBe(true);
    // Every query answered within its deadline: a reply, or a degraded answer (`unavailable`), never none.
    expect(unanswered.map((a) => `${a.key} ${a.code} [${a.phase}]`)).toEqual([]);
    await services.waitAllReady();
    expect(services.pids()).toEqual(before);
    expect(services.unexpectedExits).toEqual([]);
  }, 300_000);
});
