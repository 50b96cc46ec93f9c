// Fairness between tenants on a real nats-server: shop A's backlog of 1,000 events is in the stream
// before shop B's 10, and A's handlers are held at a gate (a slow dependency). Which events start,
// and in what order, is read from the handler's own record: no timing is asserted.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller } from '@nestjs/common';
import { Events, Streams, type ReviewSubmitted } from '@shopmind/contracts';
import {
  aReview,
  BusProbe,
  eventually,
  provisionNamespace,
  startInfra,
  uniqueName,
  type Infra,
} from '@shopmind/testing';
import type { BusOptions } from './bus-options.js';
import { startBusTestApp, type RunningBusTestApp } from './bus-test-app.js';
import { OnEvent } from './handler-decorators.js';
import type { EventContext } from './message-context.js';

const BACKLOG = 1000;
const QUIET = 10;

/** Handler starts in order, as `<tenant>:<n>`; A's handlers wait for the gate to open. */
let startedOrder: string[] = [];
let openGate: () => void = () => undefined;
let gate: Promise<void> = Promise.resolve();

function closeGate(): void {
  gate = new Promise<void>((resolve) => (openGate = resolve));
}

@Controller()
class RecordingHandlers {
  @OnEvent(Events.reviewSubmitted)
  async reviewSubmitted(msg: ReviewSubmitted, ctx: EventContext): Promise<void> {
    startedOrder.push(`${ctx.tenant}:${msg.reviewId}`);
    if (ctx.tenant === 'shop-a') await gate;
  }
}

let infra: Infra;
const running: RunningBusTestApp[] = [];
const probes: BusProbe[] = [];

beforeAll(async () => {
  infra = await startInfra();
});

afterAll(async () => {
  openGate();
  for (const s of running) await s.close();
  for (const p of probes) await p.close();
  await infra?.stop();
});

const consumer = 'fair-test__review_submitted';

/** A's backlog, then B's events, all stored before the service starts; then the service. */
async function backlogThenStart(overrides: Partial<BusOptions>): Promise<BusProbe> {
  startedOrder = [];
  closeGate();
  const prefix = await provisionNamespace(infra.natsUrl, uniqueName('fair'));
  const probe = await BusProbe.connect(infra.natsUrl, prefix);
  probes.push(probe);
  const options: BusOptions = {
    service: 'fair-test',
    natsUrl: infra.natsUrl,
    subjectPrefix: prefix,
    sweepStrays: false,
    concurrency: 4,
    ...overrides,
  };
  // Starting the app creates the consumer, which then starts pulling. Create it first with a
  // service that is closed again, so that the backlog is in place before anything is pulled.
  const provisioning = await startBusTestApp(options, RecordingHandlers);
  await provisioning.close();
  // Published concurrently on one connection: stored in the order they were sent.
  await Promise.all(
    Array.from({ length: BACKLOG }, (_, i) =>
      probe.publish(Events.reviewSubmitted, aReview('shop-a', { reviewId: `a${i}` })),
    ),
  );
  await Promise.all(
    Array.from({ length: QUIET }, (_, i) =>
      probe.publish(Events.reviewSubmitted, aReview('shop-b', { reviewId: `b${i}` })),
    ),
  );
  running.push(await startBusTestApp(options, RecordingHandlers));
  return probe;
}

/** Positions (1-based) of B's events in the order handlers started. */
const positionsOfB = () => startedOrder.flatMap((s, i) => (s.startsWith('shop-b:') ? [i + 1] : []));

/** Each tenant's events started in the order they were published. */
function expectEachTenantInOrder(): void {
  for (const [tenant, letter] of [
    ['shop-a', 'a'],
    ['shop-b', 'b'],
  ] as const) {
    const ns = startedOrder
      .filter((s) => s.startsWith(`${tenant}:`))
      .map((s) => Number(s.slice(`${tenant}:${letter}`.length)));
    expect(ns).toEqual([...ns].sort((x, y) => x - y));
  }
}

describe('fairness between tenants', () => {
  it("starts a quiet tenant's events among the next handlers once they are read, ahead of the busy tenant's 1,000-event backlog", async () => {
    const probe = await backlogThenStart({ readAhead: 2000, maxAckPending: 2000 });
    // Everything is delivered and held in the read-ahead window while A's first 4 handlers wait.
    await eventually(
      () => probe.consumerInfo(Streams.shopEvents.name, consumer),
      (i) => i.num_ack_pending === BACKLOG + QUIET,
      { what: 'the whole backlog delivered' },
    );
    expect(startedOrder).toHaveLength(4);
    openGate();
    await eventually(
      () => startedOrder.length,
      (n) => n === BACKLOG + QUIET,
      { timeoutMs: 30_000, what: 'every event handled' },
    );
    // A's 4 running, then A and B in turn: B's 10th starts 24th. The slack covers B's events
    // reaching the window one turn of the event loop after the gate opened.
    expect(Math.max(...positionsOfB())).toBeLessThanOrEqual(50);
    expectEachTenantInOrder();
  }, 60_000);

  it("with fairness off, starts in stream order: the quiet tenant's events wait for the whole backlog", async () => {
    const probe = await backlogThenStart({ readAhead: 2000, maxAckPending: 2000, fairness: false });
    await eventually(
      () => probe.consumerInfo(Streams.shopEvents.name, consumer),
      (i) => i.num_ack_pending === BACKLOG + QUIET,
      { what: 'the whole backlog delivered' },
    );
    openGate();
    await eventually(
      () => startedOrder.length,
      (n) => n === BACKLOG + QUIET,
      { timeoutMs: 30_000, what: 'every event handled' },
    );
    expect(positionsOfB()).toEqual(Array.from({ length: QUIET }, (_, i) => BACKLOG + i + 1));
  }, 60_000);

  it("handles the quiet tenant's events while every handler of the busy tenant is stuck, within its tenant limit", async () => {
    await backlogThenStart({ readAhead: 2000, maxAckPending: 2000, tenantConcurrency: 2 });
    // A may run 2 at once and both wait at the gate; B's events go through the other 2 slots.
    await eventually(
      () => positionsOfB().length,
      (n) => n === QUIET,
      { what: "B's events handled while A's gate is closed" },
    );
    expect(startedOrder.filter((s) => s.startsWith('shop-a:'))).toEqual(['shop-a:a0', 'shop-a:a1']);
    openGate();
    await eventually(
      () => startedOrder.length,
      (n) => n === BACKLOG + QUIET,
      { timeoutMs: 30_000, what: 'every event handled' },
    );
    expectEachTenantInOrder();
  }, 60_000);

  it("reorders only within the read-ahead window: with a backlog longer than the window and A's handlers stuck, B's events are not even read", async () => {
    const readAhead = 100;
    const probe = await backlogThenStart({ readAhead });
    // The window fills with A's events. Beyond it the server has delivered at most what the client
    // library holds for the consumer: its buffer of one pull batch (2 × concurrency = 8) and the
    // refill it requests once that buffer runs below its low-water mark (nats.js asks for more at
    // 75 % of max_messages), so up to two batches — one was seen in CI (114 of 100).
    const pullBatch = 2 * 4;
    const info = await eventually(
      () => probe.consumerInfo(Streams.shopEvents.name, consumer),
      (i) => i.num_ack_pending >= readAhead,
      { what: 'the read-ahead window filled' },
    );
    expect(info.num_ack_pending).toBeLessThanOrEqual(readAhead + 2 * pullBatch);
    expect(info.num_pending).toBeGreaterThanOrEqual(BACKLOG - readAhead - 2 * pullBatch + QUIET);
    expect(positionsOfB()).toEqual([]);
    expect(startedOrder).toHaveLength(4);
    openGate();
    await eventually(
      () => startedOrder.length,
      (n) => n === BACKLOG + QUIET,
      { timeoutMs: 30_000, what: 'every event handled' },
    );
    expectEachTenantInOrder();
  }, 60_000);
});
