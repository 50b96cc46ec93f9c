// Issue 13's chaos suite: the six services as production runs them (child processes of the built
// code) on their own nats-server and redis-server, which the test crashes and restarts. One
// platform for the file (starting six services costs more than any single test); each test uses
// its own tenant. Deadlines are generous and every wait polls state: it must hold on a loaded
// two-core machine.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JetStreamManager } from '@nats-io/jetstream';
import { Streams } from '@shopmind/contracts';
import { eventually, expectConsumerIdle, uniqueTenant } from '@shopmind/testing';
import { countResults, readResults, repeated } from './ai-results.js';
import { ChaosPlatform, SERVICES, type ServiceName } from './chaos-platform.js';
import { mixedEvents, PersistentPublisher } from './mixed-events.js';

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
    const byCause = new Map<string, string[]>();
    for (const r of results) byCause.set(r.causationId, [...(byCause.get(r.causationId) ?? []), r.kind]);
    const lost: string[] = [];
    const twice: string[] = [];
    for (const e of events) {
      const kinds = byCause.get(e.eventId) ?? [];
      for (const expected of e.expects) {
        const options = Array.isArray(expected) ? expected : [expected];
        const found = kinds.filter((k) => options.includes(k)).length;
        if (found === 0) lost.push(`${e.definition.key} ${e.eventId} → ${options.join(' | ')}`);
        if (found > 1) twice.push(`${e.definition.key} ${e.eventId} → ${options.join(' | ')} ×${found}`);
      }
    }
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

/** Events of each of the four kinds (reviews, products, orders, support messages). */
const PER_KIND = Number(process.env.CHAOS_EVENTS_PER_KIND ?? 500);
