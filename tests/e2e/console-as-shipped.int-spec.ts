// The console's server side as deployed: logged in as the NATS user `edge` of the shipped auth.conf
// and as the Redis ACL user `edge` of deploy/redis/start.sh, the feed's per-shop subscriptions and
// the fraud queue's queue-group subscription and capped list are all allowed, and a shop's feed
// carries its own events only. (The browser side: console.int-spec.ts.)
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Events } from '@shopmind/contracts';
import { anOrderScored, aReviewSubmitted, eventually, publishEvent } from '@shopmind/testing';
import { startShippedEdge, type ShippedEdge } from '../deploy/shipped-edge.js';
import { type FeedItem, FRAUD_QUEUE_LENGTH, fraudQueueKey } from '../../services/edge/src/tools.js';

const shops = { acme: 'acme-shipped-key-0123456789', globex: 'globex-shipped-key-0123456789' };
const sha256 = (key: string): string => createHash('sha256').update(key).digest('hex');

let shipped: ShippedEdge;
let admin: ShippedEdge['admin'];
let nc: ShippedEdge['nc'];
let service: ShippedEdge['service'] | undefined;
let url: string;

beforeAll(async () => {
  shipped = await startShippedEdge({
    acme: { apiKeys: [sha256(shops.acme)] },
    globex: { apiKeys: [sha256(shops.globex)] },
  });
  ({ admin, nc, service, url } = shipped);
});

afterAll(async () => {
  // The last test closes the edge itself.
  await shipped?.stop({ serviceClosed: service === undefined });
});

/** A feed stream of `key`'s shop, read event by event. */
async function openFeed(key: string) {
  const abort = new AbortController();
  const res = await fetch(`${url}/api/v1/feed`, {
    headers: { Authorization: `Bearer ${key}` },
    signal: abort.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    /** The next event (comments skipped): its name and parsed data. */
    async next(): Promise<{ event: string; data: unknown }> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
          const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
          if (event && data) return { event, data: JSON.parse(data) };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the feed ended');
        buffer += value;
      }
    },
    close: () => abort.abort(),
  };
}

describe('the console as shipped', () => {
  it("streams a shop's own events to it, as the NATS user edge", async () => {
    const feed = await openFeed(shops.acme);
    expect(await feed.next()).toEqual({ event: 'ready', data: { tenant: 'acme' } });
    // globex's review first, then acme's: acme's stream sees acme's only.
    await publishEvent(nc, Events.reviewSubmitted, aReviewSubmitted({ envelope: { tenantId: 'globex' } }));
    const review = aReviewSubmitted({ envelope: { tenantId: 'acme' }, reviewId: 'r-shipped' });
    await publishEvent(nc, Events.reviewSubmitted, review);
    const first = await feed.next();
    expect(first).toMatchObject({
      event: 'review.submitted',
      data: { subject: 'shop.acme.review.submitted', event: { reviewId: 'r-shipped' } },
    });
    feed.close();
  });

  it("keeps a shop's fraud results in its capped list under edge:, as the Redis user edge", async () => {
    const scored = anOrderScored({ envelope: { tenantId: 'acme' }, orderId: 'o-shipped' });
    await publishEvent(nc, Events.orderScored, scored);
    const queue = async (key: string) =>
      (await (
        await fetch(`${url}/api/v1/fraud/queue`, { headers: { Authorization: `Bearer ${key}` } })
      ).json()) as { tenant: string; items: FeedItem[] };
    const acme = await eventually(
      () => queue(shops.acme),
      (q) => q.items.length > 0,
      { what: "acme's fraud queue to hold the result" },
    );
    expect(acme.tenant).toBe('acme');
    expect(acme.items[0]).toMatchObject({
      type: 'fraud.order_scored',
      event: { orderId: 'o-shipped', assessment: { decision: 'DECISION_APPROVE' } },
    });
    expect(await queue(shops.globex)).toEqual({ tenant: 'globex', items: [] });

    // Capped: more results than the list keeps leave the newest ones.
    for (let i = 0; i < FRAUD_QUEUE_LENGTH + 5; i++)
      await publishEvent(
        nc,
        Events.orderScored,
        anOrderScored({ envelope: { tenantId: 'acme' }, orderId: `o-burst-${i}` }),
      );
    const last = `o-burst-${FRAUD_QUEUE_LENGTH + 4}`;
    const capped = await eventually(
      () => queue(shops.acme),
      (q) => (q.items[0]?.event as { orderId?: string } | undefined)?.orderId === last,
      { what: 'the newest result first' },
    );
    expect(capped.items).toHaveLength(FRAUD_QUEUE_LENGTH);
    expect(await admin.llen(fraudQueueKey('', 'acme'))).toBe(FRAUD_QUEUE_LENGTH);
  });

  // Last: it stops the edge. The HTTP server's close waits for open responses, so an open feed
  // would hold a shutting-down edge until it is killed.
  it('ends open feeds when the edge shuts down', async () => {
    const feed = await openFeed(shops.acme);
    expect((await feed.next()).event).toBe('ready');
    const running = service!;
    service = undefined;
    await running.close();
    await expect(feed.next()).rejects.toThrow('the feed ended');
  });
});
