// The edge as deployed: logged in as the NATS user `edge` of the shipped auth.conf and as the Redis
// ACL user `edge` of deploy/redis/start.sh, it becomes ready (it consumes nothing: JetStream account
// info is all it asks, no stream check, no stray sweeper), publishes a webhook's event and waits for its PubAck
// on its own inbox, dead-letters a malformed one on dlq.edge.<platform>, and writes its Redis mark.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstreamManager } from '@nats-io/jetstream';
import { Events, Streams } from '@shopmind/contracts';
import { sign } from '../../services/edge/src/tools.js';
import { startShippedEdge, type ShippedEdge } from './shipped-edge.js';

const TENANT = 'edge-shipped';
const SECRET = 'generic-secret-0123456789abcdef';

let shipped: ShippedEdge;
let admin: ShippedEdge['admin'];
let nc: ShippedEdge['nc'];
let url: string;

beforeAll(async () => {
  shipped = await startShippedEdge({ [TENANT]: { webhook: { secret: SECRET } } });
  ({ admin, nc, url } = shipped);
});

afterAll(async () => {
  await shipped?.stop();
});

const post = (body: string) =>
  fetch(`${url}/webhooks/generic/${TENANT}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-ShopMind-Signature': sign.hex(SECRET, body) },
    body,
  });

describe('the edge as shipped', () => {
  it('is ready as the NATS user edge and the Redis user edge', async () => {
    const ready = await fetch(`${url}/readyz`);
    expect([ready.status, await ready.json()]).toMatchObject([200, { status: 'ok' }]);
  });

  it('publishes a webhook’s event (PubAck on its inbox), marks it in Redis under edge:*, and dead-letters a malformed one', async () => {
    const body = JSON.stringify({
      id: 'shipped-1',
      type: 'review.submitted',
      data: { reviewId: 'r-1', productId: 'p-1', userId: 'u-1', rating: 4 },
    });
    const res = await post(body);
    expect([res.status, await res.json()]).toMatchObject([200, { status: 'published' }]);
    const jsm = await jetstreamManager(nc);
    const stored = await jsm.streams.getMessage(Streams.shopEvents.name, {
      last_by_subj: Events.reviewSubmitted.subject(TENANT),
    });
    expect(stored?.header?.get('Nats-Msg-Id')).toBe(`generic:${TENANT}:shipped-1`);
    expect(await admin.exists(`edge:webhook:generic:${TENANT}:shipped-1`)).toBe(1);

    const bad = JSON.stringify({ id: 'shipped-2', type: 'review.submitted', data: { rating: 4 } });
    expect((await post(bad)).status).toBe(422);
    const dead = await jsm.streams.getMessage(Streams.deadLetters.name, { last_by_subj: 'dlq.edge.generic' });
    expect(new TextDecoder().decode(dead!.data)).toBe(bad);
  });
});
