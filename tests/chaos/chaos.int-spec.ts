// Issue 13's chaos suite: the six services as production runs them (child processes of the built
// code) on their own nats-server and redis-server, which the test crashes and restarts. One
// platform for the file (starting six services costs more than any single test); each test uses
// its own tenant. Deadlines are generous and every wait polls state: it must hold on a loaded
// two-core machine.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JetStreamManager } from '@nats-io/jetstream';
import { jetstream } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { envelopeOf, Events, Streams, type EventDefinition } from '@shopmind/contracts';
import { eventually, expectConsumerIdle, publishEvent, uniqueTenant } from '@shopmind/testing';
import { countResults, exactlyOnce, readDeadLetters, readResults, repeated } from './ai-results.js';
import { ChaosPlatform } from './chaos-platform.js';
import { DETERMINISTIC_RESULTS, mixedEvents, PersistentPublisher } from './mixed-events.js';
import { askEveryQuery } from './platform-queries.js';
import { POISONS, validEvent, type PoisonOutcome } from './poison.js';
import { SERVICES, type ServiceName } from './service-fleet.js';

/** The stray sweeper's durable consumer (libs/bus), shared by every service. */
const STRAYS = 'shopmind__strays';

let platform: ChaosPlatform;

beforeAll(async () => {
  platform = await ChaosPlatform.start();
}, 180_000);

afterAll(async () => {
  await platform?.stop();
});

/** Every durable consumer the services made on the inbound and result streams has finished its work. */
async function everyConsumerIdle(jsm: JetStreamManager, timeoutMs: number): Promise<void> {
  for (const stream of [Streams.shopEvents.name, Streams.aiResults.name]) {
    for await (const c of jsm.consumers.list(stream)) {
      if (!c.config.durable_name) continue;
      await expectConsumerIdle(jsm, stream, c.config.durable_name, { timeoutMs, intervalMs: 250 });
    }
  }
}

describe('chaos: crashes and restarts', () => {
  it('loses no result and stores none twice when NATS, Redis and every service are SIGKILLed mid-stream, and every service is ready again by itself', async () => {
    const tenant = uniqueTenant('crash');
    const events = mixedEvents(tenant, PER_KIND);
    const publisher = new PersistentPublisher(platform.nc);
    const publishing = publisher.publishAll(events);
    const n = events.length;
    const timeline: string[] = [];

    const expectedCount = events.reduce((sum, e) => sum + e.expects.length, 0);
    // The crashes are timed by the results stored, so each one hits services in the middle of work.
    const stored = (share: number) =>
      eventually(async () => (await countResults(platform.jsm, tenant)) >= expectedCount * share, {
        timeoutMs: 120_000,
        intervalMs: 100,
        what: `${Math.round(share * 100)}% of ${expectedCount} results (${timeline.join('; ')})`,
      });

    // NATS crashes with events in flight both ways, and comes back on the same store.
    await stored(0.1);
    const before = platform.pids();
    await platform.nats.kill('SIGKILL');
    timeline.push(`nats-server SIGKILLed at ${publisher.published}/${n} published`);
    await platform.nats.start();
    await platform.waitAllReady();
    expect(platform.pids()).toEqual(before); // ready again by itself, nobody restarted it

    // Redis crashes while handlers write effects and claim results, and comes back from its AOF.
    await stored(0.3);
    await platform.redis.kill('SIGKILL');
    timeline.push(`redis-server SIGKILLed at ${publisher.published}/${n} published`);
    await platform.redis.start();
    await platform.waitAllReady();
    expect(platform.pids()).toEqual(before);

    // Each service crashes in turn with work in hand, and is started again.
    for (const [i, name] of SERVICES.entries()) {
      await stored(0.4 + (0.4 * i) / SERVICES.length);
      await platform.killService(name as ServiceName);
      timeline.push(`${name} SIGKILLed at ${publisher.published}/${n} published`);
      await platform.startService(name);
    }
    await publishing;
    await platform.waitAllReady();

    // Everything settles: every expected result is stored, and no consumer holds work.
    await eventually(async () => (await countResults(platform.jsm, tenant)) >= expectedCount, {
      timeoutMs: 240_000,
      intervalMs: 500,
      what: `${expectedCount} results for ${n} events (${timeline.join('; ')})`,
    });
    await everyConsumerIdle(platform.jsm, 120_000);

    const results = await readResults(platform.nc, platform.jsm, tenant);
    const { lost, twice } = exactlyOnce(
      events.map((e) => ({ eventId: e.eventId, label: e.definition.key, expects: e.expects })),
      results,
    );
    expect({ lost: lost.slice(0, 20), lostCount: lost.length }).toEqual({ lost: [], lostCount: 0 });
    expect({ twice: twice.slice(0, 20), twiceCount: twice.length }).toEqual({ twice: [], twiceCount: 0 });
    // No result at all — expected or content-dependent — is stored twice under one id or one cause.
    expect(repeated(results.map((r) => r.msgId))).toEqual({});
    expect(results.every((r) => r.msgId !== '')).toBe(true);
    expect(platform.unexpectedExits).toEqual([]);
    console.info(
      `chaos: ${n} events, ${results.length} results, ${publisher.failedAttempts} publish attempts refused during the outages; ${timeline.join('; ')}`,
    );
  }, 600_000);
});

describe('chaos: poison on every input subject', () => {
  it('dead-letters every kind of poison with its reason or has its publish refused, processes the next valid event, and restarts no service', async () => {
    const tenant = uniqueTenant('poison');
    const before = platform.pids();
    const js = jetstream(platform.nc, { timeout: 10_000 });

    // The input subjects: every event definition of the catalogue some service consumes.
    const consumersOf = new Map<string, string[]>(); // `<stream> <filter>` → durable names
    for (const stream of [Streams.shopEvents.name, Streams.aiResults.name]) {
      for await (const c of platform.jsm.consumers.list(stream)) {
        if (!c.config.durable_name || c.config.durable_name === STRAYS) continue;
        const key = `${stream} ${c.config.filter_subject}`;
        consumersOf.set(key, [...(consumersOf.get(key) ?? []), c.config.durable_name]);
      }
    }
    const inputs: EventDefinition[] = Object.values(Events).filter((d) =>
      consumersOf.has(`${d.stream} ${d.filter}`),
    );
    expect(inputs.map((d) => d.key)).toEqual(
      expect.arrayContaining(
        Object.values(Events)
          .filter((d) => d.direction === 'inbound')
          .map((d) => d.key),
      ),
    );

    const publish = (subject: string, data: Uint8Array, contentType: string) => {
      const h = natsHeaders();
      h.set('content-type', contentType);
      return js.publish(subject, data, { headers: h });
    };
    interface Sent {
      what: string;
      def: EventDefinition;
      outcome: PoisonOutcome;
      seq: number;
    }
    const sent: Sent[] = [];
    const failures: string[] = [];
    const valid: {
      eventId: string;
      label: string;
      seq: number;
      stream: string;
      expects: (string | string[])[];
    }[] = [];
    for (const def of inputs) {
      const concrete = def.subject(tenant);
      for (const poison of POISONS) {
        const outcome = typeof poison.outcome === 'function' ? poison.outcome(def.stream) : poison.outcome;
        const what = `${poison.name} on ${def.key}`;
        const attempt = publish(poison.subject(concrete), poison.payload(def, tenant), poison.contentType);
        if (outcome.kind === 'refused') {
          await attempt.then(
            () => failures.push(`${what}: published, expected refused by ${outcome.by}`),
            () => undefined,
          );
          continue;
        }
        const ack = await attempt;
        sent.push({ what, def, outcome, seq: ack.seq });
        // The next valid event on the same subject.
        const event = validEvent(def, tenant);
        const next = await publishEvent(js, def, event);
        valid.push({
          eventId: envelopeOf(event)!.eventId,
          label: `valid ${def.key} after ${poison.name}`,
          seq: next.seq,
          stream: def.stream,
          expects: DETERMINISTIC_RESULTS[def.key] ?? [],
        });
      }
      // An event id used again with other content: the first result stands, nothing new is stored.
      const first = validEvent(def, tenant);
      const eventId = envelopeOf(first)!.eventId;
      const firstAck = await publishEvent(js, def, first);
      const other = validEvent(def, tenant);
      envelopeOf(other)!.eventId = eventId;
      const otherAck = await publishEvent(js, def, other);
      for (const [seq, label] of [
        [firstAck.seq, 'first'],
        [otherAck.seq, 'reused id, other content'],
      ] as const) {
        valid.push({
          eventId,
          label: `${def.key} ${label}`,
          seq,
          stream: def.stream,
          expects: label === 'first' ? (DETERMINISTIC_RESULTS[def.key] ?? []) : [],
        });
      }
    }

    await everyConsumerIdle(platform.jsm, 180_000);
    const expected = valid.filter((v) => v.expects.length > 0);
    await eventually(
      async () =>
        exactlyOnce(expected, await readResults(platform.nc, platform.jsm, tenant)).lost.length === 0,
      { timeoutMs: 60_000, intervalMs: 500, what: 'a result for every valid event that always has one' },
    );
    const results = await readResults(platform.nc, platform.jsm, tenant);
    const letters = await readDeadLetters(platform.nc, platform.jsm);
    const lettersOf = (stream: string, seq: number) =>
      letters.filter((l) => l.stream === stream && l.streamSeq === seq);

    for (const s of sent) {
      const got = lettersOf(s.def.stream, s.seq);
      const consumers = consumersOf.get(`${s.def.stream} ${s.def.filter}`) ?? [];
      const o = s.outcome;
      if (o.kind === 'dead-letter') {
        const wanted = consumers.map(
          (c) => `dlq.${c.split('__')[0]}.${o.unroutable ? 'unroutable' : s.def.subject(tenant)} ${c}`,
        );
        const have = got.map((l) => `${l.subject} ${l.consumer}`);
        if (JSON.stringify([...have].sort()) !== JSON.stringify([...wanted].sort()))
          failures.push(
            `${s.what}: dead letters ${JSON.stringify(have)}, expected ${JSON.stringify(wanted)}`,
          );
        for (const l of got)
          if (!o.reason.test(l.reason))
            failures.push(`${s.what}: reason ${JSON.stringify(l.reason)} is not ${o.reason}`);
      } else if (o.kind === 'swept') {
        const have = got.map((l) => `${l.subject} ${l.consumer}`);
        if (JSON.stringify(have) !== JSON.stringify([`dlq.bus.unroutable ${STRAYS}`]))
          failures.push(
            `${s.what}: dead letters ${JSON.stringify(have)}, expected one from the stray sweeper`,
          );
        for (const l of got)
          if (!o.reason.test(l.reason))
            failures.push(`${s.what}: reason ${JSON.stringify(l.reason)} is not ${o.reason}`);
      } else if (got.length > 0) {
        failures.push(
          `${s.what}: dead-lettered (${got[0]!.reason}), expected stored and handed to no service`,
        );
      }
    }
    for (const v of valid) {
      const got = lettersOf(v.stream, v.seq);
      if (got.length > 0) failures.push(`${v.label}: dead-lettered (${got[0]!.reason}), expected processed`);
    }
    const { lost, twice } = exactlyOnce(expected, results);
    expect({ failures, lost, twice }).toEqual({ failures: [], lost: [], twice: [] });
    expect(repeated(results.filter((r) => r.msgId !== '').map((r) => r.msgId))).toEqual({});
    expect(platform.pids()).toEqual(before);
    expect(platform.unexpectedExits).toEqual([]);
    console.info(
      `chaos: ${inputs.length} input subjects × ${POISONS.length + 1} kinds of poison; ${sent.length} stored poison messages, ${letters.length} dead letters in all`,
    );
  }, 400_000);
});

describe('chaos: degraded queries', () => {
  /** Asks every query with a deadline; each answer is its key and its error code ('' for a reply). */
  async function askAll(tenant: string): Promise<string[]> {
    const answers = await askEveryQuery(platform.nc, tenant, QUERY_DEADLINE_MS);
    // Waiting past the deadline only to tell a late answer from none: either fails the test.
    for (const a of answers)
      if (a.code === 'none') throw new Error(`${a.key}: no answer within its deadline`);
    return answers.map((a) => `${a.key} ${a.code}`.trim());
  }

  it('answers every query within its deadline while the LLM fails every call and while Redis is down, and answers normally once Redis is back, with no restart', async () => {
    const tenant = uniqueTenant('degraded');
    const before = platform.pids();
    const calls = platform.llm.requests.length;
    const withLlmDown = await askAll(tenant);
    expect(withLlmDown.filter((a) => / (internal|deadline_exceeded)$/.test(a))).toEqual([]);
    expect(platform.llm.requests.length).toBeGreaterThan(calls); // the provider was asked, and failed

    await platform.redis.kill('SIGKILL');
    try {
      // Every query answers: a degraded reply or an `unavailable` error, never a timeout.
      const withRedisDown = await askAll(tenant);
      expect(withRedisDown.filter((a) => / (internal|deadline_exceeded)$/.test(a))).toEqual([]);
    } finally {
      await platform.redis.start();
    }
    await eventually(async () => (await askAll(tenant)).every((a) => !a.endsWith(' unavailable')), {
      timeoutMs: 60_000,
      intervalMs: 500,
      what: 'every query answered without `unavailable` after Redis returned',
    });
    await platform.waitAllReady();
    expect(platform.pids()).toEqual(before);
    expect(platform.unexpectedExits).toEqual([]);
  }, 300_000);
});

/** A query's deadline as a shop sends it (Shopmind-Deadline). */
const QUERY_DEADLINE_MS = 8_000;

/** Events of each of the four kinds (reviews, products, orders, support messages). */
const PER_KIND = Number(process.env.CHAOS_EVENTS_PER_KIND ?? 500);
