// The edge's webhooks on real NATS JetStream and Redis: every fixture, signed as its platform signs,
// becomes its ShopMind event in the stream (read back and decoded by the contract); unsigned, wrongly
// signed or unknown-tenant webhooks publish nothing; a replay publishes once; oversized bodies get
// 413, unused topics 200 ignored, malformed payloads 422 and a dead letter.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import {
  Events,
  OrderStatus,
  PaymentMethod,
  Streams,
  decodeMessage,
  prefixStream,
  prefixSubject,
  type EventDefinition,
} from '@shopmind/contracts';
import {
  eventually,
  provisionNamespace,
  startInfra,
  startRedisServer,
  uniqueName,
  uniqueTenant,
  type Infra,
  type LocalRedisServer,
} from '@shopmind/testing';
import { startService, type RunningService } from '@shopmind/service-kit';
import { Redis } from 'ioredis';
import { edgeConfig } from '../config.js';
import { edge } from '../edge.module.js';
import { cardFingerprint } from './card-fingerprint.js';
import { sign } from './webhook-signature.js';

const SHOPIFY_SECRET = 'shpss_0123456789abcdef0123';
const WOO_SECRET = 'woo-secret-0123456789abcdef';
const GENERIC_SECRET = 'generic-secret-0123456789abcdef';
const CARD_SECRET = 'card-fingerprint-secret-0123456789';
const MAX_BYTES = 64 * 1024;

const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8');

let infra: Infra;
let nc: NatsConnection;
let jsm: JetStreamManager;
let redis: Redis;
let prefix: string;
let tenant: string;
let service: RunningService;
let baseUrl: string;

beforeAll(async () => {
  infra = await startInfra();
  nc = await connect({ servers: infra.natsUrl });
  jsm = await jetstreamManager(nc);
  redis = new Redis(infra.redisUrl);
  prefix = await provisionNamespace(infra.natsUrl, uniqueName('edge'));
  tenant = uniqueTenant('edge');
  const config = edgeConfig.load({
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    HTTP_PORT: '0',
    SHOPMIND_SUBJECT_PREFIX: prefix,
    EDGE_WEBHOOK_MAX_BYTES: String(MAX_BYTES),
    EDGE_CARD_FINGERPRINT_SECRET: CARD_SECRET,
    EDGE_TENANTS: JSON.stringify({
      [tenant]: {
        shopify: { secret: SHOPIFY_SECRET },
        woocommerce: { secret: WOO_SECRET },
        webhook: { secret: GENERIC_SECRET },
      },
      'no-secrets': {},
    }),
  });
  service = await startService(edge, config, { listenHttp: true });
  baseUrl = (await service.app.getUrl()).replace('[::1]', '127.0.0.1');
});

afterAll(async () => {
  await service?.close();
  await nc?.drain();
  redis?.disconnect();
  await infra?.stop();
});

interface Sent {
  status: number;
  body: Record<string, unknown>;
}

async function post(path: string, body: string, headers: Record<string, string>): Promise<Sent> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

let seq = 0;
const webhookId = () => `${Date.now().toString(36)}-${++seq}-b1c2d3e4`;

function shopify(topic: string, body: string, id = webhookId(), secret = SHOPIFY_SECRET, to = tenant) {
  return post(`/webhooks/shopify/${to}`, body, {
    'X-Shopify-Topic': topic,
    'X-Shopify-Webhook-Id': id,
    'X-Shopify-Shop-Domain': 'acme-toys.myshopify.com',
    'X-Shopify-Triggered-At': '2026-11-28T09:02:13.000Z',
    'X-Shopify-Hmac-Sha256': sign.base64(secret, body),
  });
}

/** WooCommerce's delivery id: a 32-hex hash of the webhook's id and the current second. */
const wooDeliveryId = () => createHash('md5').update(`12${Date.now()}${++seq}`).digest('hex');

function woo(topic: string, body: string, id = wooDeliveryId()) {
  const [resource, event] = topic.split('.');
  return post(`/webhooks/woocommerce/${tenant}`, body, {
    'X-WC-Webhook-Source': 'https://shop.example.co.uk/',
    'X-WC-Webhook-Topic': topic,
    'X-WC-Webhook-Resource': resource!,
    'X-WC-Webhook-Event': event!,
    'X-WC-Webhook-Signature': sign.base64(WOO_SECRET, body),
    'X-WC-Webhook-ID': '12',
    'X-WC-Webhook-Delivery-ID': id,
  });
}

function generic(body: string, secret = GENERIC_SECRET) {
  return post(`/webhooks/generic/${tenant}`, body, { 'X-ShopMind-Signature': sign.hex(secret, body) });
}

async function streamMessages(stream: string): Promise<number> {
  return (await jsm.streams.info(prefixStream(prefix, stream))).state.messages;
}

/** The last message on the event's subject for the tenant, decoded and validated by the contract. */
async function lastEvent<D extends DescMessage>(
  def: EventDefinition<D>,
): Promise<{ msg: MessageShape<D>; msgId?: string }> {
  const stored = await jsm.streams.getMessage(prefixStream(prefix, Streams.shopEvents.name), {
    last_by_subj: prefixSubject(prefix, def.subject(tenant)),
  });
  if (!stored) throw new Error(`nothing on ${def.subject(tenant)}`);
  return {
    msg: decodeMessage(def.schema, stored.data, stored.header?.get('content-type')),
    msgId: stored.header?.get('Nats-Msg-Id'),
  };
}

describe('Shopify webhooks', () => {
  it('orders/create → order.placed with the card fingerprint derived from BIN, last4 and customer, after the PubAck', async () => {
    const id = webhookId();
    const sent = await shopify('orders/create', fixture('shopify-orders-create'), id);
    expect(sent).toMatchObject({
      status: 200,
      body: { status: 'published', eventId: `shopify:${tenant}:${id}` },
    });
    const { msg, msgId } = await lastEvent(Events.orderPlaced);
    expect(msgId).toBe(`shopify:${tenant}:${id}`);
    expect(msg.envelope).toMatchObject({ eventId: msgId, tenantId: tenant, producer: 'edge.shopify' });
    const order = msg.order!;
    // Beyond 2^53: kept digit for digit.
    expect(order.orderId).toBe('820982911946154508');
    expect(order.userId).toBe('115310627314723954');
    expect(order.items.map((i) => [i.productId, i.quantity, i.unitPrice?.amountMinor])).toEqual([
      ['632910392', 1, 4999n],
      ['921728736', 2, 1749n],
    ]);
    expect(order.totals?.total).toMatchObject({ currency: 'EUR', amountMinor: 8487n });
    expect(order.totals?.shipping?.amountMinor).toBe(490n);
    expect(order.paymentMethod).toBe(PaymentMethod.CARD);
    expect(order.card).toMatchObject({
      bin: '424242',
      last4: '4242',
      brand: 'Visa',
      fingerprint: cardFingerprint(CARD_SECRET, {
        bin: '424242',
        last4: '4242',
        customerId: '115310627314723954',
      }),
    });
    expect(order.shippingAddress).toMatchObject({ country: 'DE', city: 'Berlin', line2: 'Hinterhaus' });
    expect(order.ip).toBe('203.0.113.24');
  });

  it('orders/cancelled → order.status_changed CANCELLED with the reason', async () => {
    expect((await shopify('orders/cancelled', fixture('shopify-orders-cancelled'))).status).toBe(200);
    const { msg } = await lastEvent(Events.orderStatusChanged);
    expect(msg).toMatchObject({
      orderId: '820982911946154508',
      status: OrderStatus.CANCELLED,
      reason: 'customer',
    });
  });

  it('fulfillments/create → order.status_changed SHIPPED with the tracking', async () => {
    expect((await shopify('fulfillments/create', fixture('shopify-fulfillments-create'))).status).toBe(200);
    const { msg } = await lastEvent(Events.orderStatusChanged);
    expect(msg.status).toBe(OrderStatus.SHIPPED);
    expect(msg.tracking).toMatchObject({ carrier: 'DHL Express', trackingNumber: 'JD014600006281230702' });
  });

  it('products/create → catalog.product_upserted; products/delete → catalog.product_deleted', async () => {
    expect((await shopify('products/create', fixture('shopify-products-create'))).status).toBe(200);
    const upserted = (await lastEvent(Events.productUpserted)).msg;
    expect(upserted.product).toMatchObject({
      id: '632910392',
      title: 'Wooden train set',
      brand: 'Kiddo Woodworks',
      categoryPath: ['Toys'],
      sku: 'WOOD-TRAIN-01',
      stock: 20n,
    });
    expect(upserted.product!.attributes).toMatchObject({
      finish: 'Natural, Painted',
      tags: 'wooden, montessori, train',
    });
    expect(upserted.product!.description).toContain('beech wood');
    expect(upserted.product!.description).not.toContain('<');
    expect(upserted.version).toBe(BigInt(Date.parse('2026-11-27T16:45:10+01:00')));

    expect((await shopify('products/delete', fixture('shopify-products-delete'))).status).toBe(200);
    expect((await lastEvent(Events.productDeleted)).msg.productId).toBe('921728736');
  });

  it('customers/redact → privacy.erasure_requested; customers/data_request is acknowledged and publishes nothing', async () => {
    expect((await shopify('customers/redact', fixture('shopify-customers-redact'))).status).toBe(200);
    const { msg } = await lastEvent(Events.erasureRequested);
    expect(msg).toMatchObject({ userId: '115310627314723954', emails: ['ada.lovelace@example.com'] });

    const before = await streamMessages(Streams.shopEvents.name);
    const ack = await shopify('customers/data_request', fixture('shopify-customers-data-request'));
    expect(ack).toMatchObject({ status: 200, body: { status: 'acknowledged' } });
    expect(await streamMessages(Streams.shopEvents.name)).toBe(before);
  });

  it('orders/updated → order.status_changed: SHIPPED with the tracking of a fulfilled order, CANCELLED, REFUNDED, PAID', async () => {
    const id = webhookId();
    expect(await shopify('orders/updated', fixture('shopify-orders-updated'), id)).toMatchObject({
      status: 200,
      body: { status: 'published', eventId: `shopify:${tenant}:${id}` },
    });
    const shipped = (await lastEvent(Events.orderStatusChanged)).msg;
    expect(shipped).toMatchObject({
      orderId: '820982911946154508',
      userId: '115310627314723954',
      status: OrderStatus.SHIPPED,
      reason: '',
    });
    expect(shipped.tracking).toMatchObject({
      carrier: 'DHL Express',
      trackingNumber: 'JD014600006281230702',
      url: 'https://www.dhl.com/de-en/home/tracking.html?tracking-id=JD014600006281230702',
    });

    const order = JSON.parse(fixture('shopify-orders-updated')) as Record<string, unknown>;
    const statusOf = async (changes: Record<string, unknown>) => {
      expect((await shopify('orders/updated', JSON.stringify({ ...order, ...changes }))).status).toBe(200);
      return (await lastEvent(Events.orderStatusChanged)).msg;
    };
    expect(
      await statusOf({ cancelled_at: '2026-11-29T10:00:00+01:00', cancel_reason: 'inventory' }),
    ).toMatchObject({ status: OrderStatus.CANCELLED, reason: 'inventory' });
    expect((await statusOf({ financial_status: 'refunded' })).status).toBe(OrderStatus.REFUNDED);
    // Fulfilled without a tracked fulfillment, or not fulfilled yet: paid.
    expect((await statusOf({ fulfillments: [] })).status).toBe(OrderStatus.PAID);
    expect((await statusOf({ fulfillment_status: null, fulfillments: [] })).status).toBe(OrderStatus.PAID);
    expect((await statusOf({ financial_status: 'pending', fulfillment_status: null })).status).toBe(
      OrderStatus.PLACED,
    );
  });

  it('customers/redact naming the customer by e-mail only still requests the erasure; naming nobody is malformed', async () => {
    const redact = JSON.parse(fixture('shopify-customers-redact')) as Record<string, unknown>;
    const emailOnly = JSON.stringify({ ...redact, customer: { email: 'guest.buyer@example.com' } });
    expect((await shopify('customers/redact', emailOnly)).body.status).toBe('published');
    expect((await lastEvent(Events.erasureRequested)).msg).toMatchObject({
      userId: '',
      emails: ['guest.buyer@example.com'],
    });
    const nobody = await shopify(
      'customers/redact',
      JSON.stringify({ ...redact, customer: { phone: '+49 30 1' } }),
    );
    expect(nobody.status).toBe(422);
    expect(String(nobody.body.message)).toContain('customer');
  });

  it('shop/redact and customers/data_request are acknowledged with 200: nothing published, no delivery mark', async () => {
    const before = await streamMessages(Streams.shopEvents.name);
    for (const [topic, name] of [
      ['shop/redact', 'shopify-shop-redact'],
      ['customers/data_request', 'shopify-customers-data-request'],
    ] as const) {
      const id = webhookId();
      expect(await shopify(topic, fixture(name), id)).toMatchObject({
        status: 200,
        body: { status: 'acknowledged' },
      });
      expect(await redis.exists(`edge:webhook:shopify:${tenant}:${id}`)).toBe(0);
    }
    // Shopify requires a 401 for a wrongly signed compliance webhook.
    expect(
      (await shopify('shop/redact', fixture('shopify-shop-redact'), webhookId(), 'wrong-secret-0123456789'))
        .status,
    ).toBe(401);
    expect(await streamMessages(Streams.shopEvents.name)).toBe(before);
  });

  it('publishes a replayed webhook (same webhook id) once, also after the stream window via the Redis mark', async () => {
    const id = webhookId();
    const body = fixture('shopify-products-delete');
    const first = await shopify('products/delete', body, id);
    expect(first.body.status).toBe('published');
    const after = await streamMessages(Streams.shopEvents.name);
    const replay = await shopify('products/delete', body, id);
    expect(replay).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    expect(await streamMessages(Streams.shopEvents.name)).toBe(after);
    // The mark outlives JetStream's two-minute window: 48 hours.
    const ttl = await redis.ttl(`edge:webhook:shopify:${tenant}:${id}`);
    expect(ttl).toBeGreaterThan(47 * 3600);
  });

  it('refuses unsigned, wrongly signed and unknown-tenant webhooks with 401 and publishes nothing', async () => {
    const body = fixture('shopify-orders-create');
    const before = await streamMessages(Streams.shopEvents.name);
    const unsigned = await post(`/webhooks/shopify/${tenant}`, body, {
      'X-Shopify-Topic': 'orders/create',
      'X-Shopify-Webhook-Id': webhookId(),
    });
    expect(unsigned.status).toBe(401);
    expect((await shopify('orders/create', body, webhookId(), 'not-the-secret-0123456789')).status).toBe(401);
    // Signed right, but the body changed on the way.
    const tampered = await post(`/webhooks/shopify/${tenant}`, body.replace('84.87', '0.01'), {
      'X-Shopify-Topic': 'orders/create',
      'X-Shopify-Webhook-Id': webhookId(),
      'X-Shopify-Hmac-Sha256': sign.base64(SHOPIFY_SECRET, body),
    });
    expect(tampered.status).toBe(401);
    expect((await shopify('orders/create', body, webhookId(), SHOPIFY_SECRET, 'nobody')).status).toBe(401);
    expect((await shopify('orders/create', body, webhookId(), SHOPIFY_SECRET, 'no-secrets')).status).toBe(
      401,
    );
    expect(await streamMessages(Streams.shopEvents.name)).toBe(before);
  });

  it('answers a well-signed topic ShopMind does not use with 200 ignored', async () => {
    const before = await streamMessages(Streams.shopEvents.name);
    const sent = await shopify('carts/update', '{"id":"c-1","line_items":[]}');
    expect(sent).toMatchObject({ status: 200, body: { status: 'ignored' } });
    expect(await streamMessages(Streams.shopEvents.name)).toBe(before);
  });

  it('refuses a body over EDGE_WEBHOOK_MAX_BYTES with 413 and publishes nothing', async () => {
    const before = await streamMessages(Streams.shopEvents.name);
    const big = JSON.stringify({ id: 1, title: 'x'.repeat(MAX_BYTES) });
    const sent = await shopify('products/create', big);
    expect(sent.status).toBe(413);
    expect(await streamMessages(Streams.shopEvents.name)).toBe(before);
  });

  it('answers a malformed payload with 422 and its reason, and keeps it as a dead letter on dlq.edge.shopify', async () => {
    const before = await streamMessages(Streams.shopEvents.name);
    const order = JSON.parse(fixture('shopify-orders-create')) as Record<string, unknown>;
    const body = JSON.stringify({ ...order, line_items: [] });
    const id = webhookId();
    const sent = await shopify('orders/create', body, id);
    expect(sent.status).toBe(422);
    expect(String(sent.body.message)).toContain('line_items');
    expect(await streamMessages(Streams.shopEvents.name)).toBe(before);
    const dead = await jsm.streams.getMessage(prefixStream(prefix, Streams.deadLetters.name), {
      last_by_subj: prefixSubject(prefix, 'dlq.edge.shopify'),
    });
    expect(new TextDecoder().decode(dead!.data)).toBe(body);
    expect(dead!.header?.get('Shopmind-Dlq-Reason')).toContain('line_items');
    expect(dead!.header?.get('Shopmind-Edge-Webhook-Id')).toBe(id);
    expect(dead!.header?.get('Shopmind-Edge-Tenant')).toBe(tenant);
  });
});

describe('WooCommerce webhooks', () => {
  it('order.created → order.placed (PayPal, GBP); order.updated completed → DELIVERED', async () => {
    expect((await woo('order.created', fixture('woocommerce-order-created'))).status).toBe(200);
    const placed = (await lastEvent(Events.orderPlaced)).msg;
    expect(placed.envelope?.producer).toBe('edge.woocommerce');
    expect(placed.order).toMatchObject({
      orderId: '7291',
      userId: '88',
      currency: 'GBP',
      paymentMethod: PaymentMethod.PAYPAL,
    });
    expect(placed.order!.totals?.total?.amountMinor).toBe(3893n);
    expect(placed.order!.billingAddress?.country).toBe('GB');

    expect((await woo('order.updated', fixture('woocommerce-order-updated'))).status).toBe(200);
    expect((await lastEvent(Events.orderStatusChanged)).msg).toMatchObject({
      orderId: '7291',
      status: OrderStatus.DELIVERED,
    });
  });

  it('product.created → catalog.product_upserted; product.deleted → catalog.product_deleted', async () => {
    expect((await woo('product.created', fixture('woocommerce-product-created'))).status).toBe(200);
    const p = (await lastEvent(Events.productUpserted)).msg.product!;
    expect(p).toMatchObject({
      id: '1204',
      sku: 'RAINBOW-12',
      categoryPath: ['Toys', 'Wooden toys'],
      stock: 42n,
    });
    expect(p.attributes).toMatchObject({ material: 'Lime wood', tags: 'montessori' });
    expect((await woo('product.deleted', fixture('woocommerce-product-deleted'))).status).toBe(200);
    expect((await lastEvent(Events.productDeleted)).msg.productId).toBe('1188');
  });

  it('answers the unsigned `webhook_id=<n>` ping WooCommerce sends when a webhook is created with 200, publishing nothing', async () => {
    const before = await streamMessages(Streams.shopEvents.name);
    const ping = (to: string, headers: Record<string, string> = {}) =>
      post(`/webhooks/woocommerce/${to}`, 'webhook_id=12', {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)',
        ...headers,
      });
    expect(await ping(tenant)).toMatchObject({ status: 200, body: { status: 'ignored', reason: 'ping' } });
    // Only a known shop's ping, and only without a topic: a delivery must be signed.
    expect((await ping('nobody')).status).toBe(401);
    expect((await ping(tenant, { 'X-WC-Webhook-Topic': 'order.created' })).status).toBe(401);
    expect(await streamMessages(Streams.shopEvents.name)).toBe(before);
  });

  it('publishes two deliveries that share a delivery id (same webhook, same second) as two events, and a replay once', async () => {
    const id = wooDeliveryId();
    const order = JSON.parse(fixture('woocommerce-order-updated')) as Record<string, unknown>;
    const first = await woo('order.updated', JSON.stringify({ ...order, id: 7301 }), id);
    const second = await woo('order.updated', JSON.stringify({ ...order, id: 7302 }), id);
    expect(first.body.status).toBe('published');
    expect(second.body.status).toBe('published');
    expect(first.body.eventId).not.toBe(second.body.eventId);
    const after = await streamMessages(Streams.shopEvents.name);
    expect((await woo('order.updated', JSON.stringify({ ...order, id: 7302 }), id)).body.status).toBe(
      'duplicate',
    );
    expect(await streamMessages(Streams.shopEvents.name)).toBe(after);
  });

  it('refuses a wrong signature (401), ignores unused topics, dead-letters a malformed order on dlq.edge.woocommerce', async () => {
    const before = await streamMessages(Streams.shopEvents.name);
    const body = fixture('woocommerce-order-created');
    const wrong = await post(`/webhooks/woocommerce/${tenant}`, body, {
      'X-WC-Webhook-Topic': 'order.created',
      'X-WC-Webhook-Delivery-ID': 'd-1',
      'X-WC-Webhook-Signature': sign.base64(SHOPIFY_SECRET, body),
    });
    expect(wrong.status).toBe(401);
    expect((await woo('coupon.created', '{"id":5}')).body.status).toBe('ignored');
    const malformed = await woo(
      'order.created',
      JSON.stringify({ id: 7300, status: 'processing', currency: 'pounds' }),
    );
    expect(malformed.status).toBe(422);
    expect(String(malformed.body.message)).toContain('currency');
    expect(await streamMessages(Streams.shopEvents.name)).toBe(before);
    const dead = await jsm.streams.getMessage(prefixStream(prefix, Streams.deadLetters.name), {
      last_by_subj: prefixSubject(prefix, 'dlq.edge.woocommerce'),
    });
    expect(dead!.header?.get('Shopmind-Dlq-Reason')).toContain('currency');
  });
});

describe('while Redis is down', () => {
  let own: LocalRedisServer;
  let second: RunningService;
  let secondUrl: string;

  beforeAll(async () => {
    // A replica of its own with a Redis of its own, so that stopping it leaves the other tests alone.
    own = await startRedisServer();
    const config = edgeConfig.load({
      NATS_URL: infra.natsUrl,
      REDIS_URL: own.url,
      HTTP_PORT: '0',
      SHOPMIND_SUBJECT_PREFIX: prefix,
      EDGE_CARD_FINGERPRINT_SECRET: CARD_SECRET,
      EDGE_TENANTS: JSON.stringify({ [tenant]: { shopify: { secret: SHOPIFY_SECRET } } }),
    });
    second = await startService(edge, config, { listenHttp: true });
    secondUrl = (await second.app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    // Redis back and the replica ready again before it closes: its client ends connected, not retrying.
    await own?.start().catch(() => undefined);
    if (second) {
      await eventually(async () => (await fetch(`${secondUrl}/readyz`)).status === 200, {
        what: 'the replica ready again once Redis is back',
      });
    }
    await second?.close();
    await own?.stop();
  });

  it('skips the de-duplication check, still accepts the webhook, and the stream stores it once thanks to its msg id', async () => {
    await own.kill();
    const id = webhookId();
    const body = JSON.stringify({ id: 921728799 });
    const send = async (): Promise<Sent> => {
      const res = await fetch(`${secondUrl}/webhooks/shopify/${tenant}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'X-Shopify-Topic': 'products/delete',
          'X-Shopify-Webhook-Id': id,
          'X-Shopify-Hmac-Sha256': sign.base64(SHOPIFY_SECRET, body),
        },
        body,
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const before = await streamMessages(Streams.shopEvents.name);
    expect(await send()).toMatchObject({ status: 200, body: { status: 'published' } });
    const { msg, msgId } = await lastEvent(Events.productDeleted);
    expect(msg.productId).toBe('921728799');
    expect(msgId).toBe(`shopify:${tenant}:${id}`);
    expect(await streamMessages(Streams.shopEvents.name)).toBe(before + 1);
    // The retry finds no Redis to ask; JetStream's duplicate window drops it.
    expect(await send()).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    expect(await streamMessages(Streams.shopEvents.name)).toBe(before + 1);
  });
});

describe('the generic signed webhook', () => {
  it('review.submitted and interaction.user_interacted become their events with the edge’s envelope', async () => {
    const review = await generic(fixture('generic-review-submitted'));
    expect(review).toMatchObject({ status: 200, body: { eventId: `generic:${tenant}:trustbox-rv-55021` } });
    const r = (await lastEvent(Events.reviewSubmitted)).msg;
    expect(r).toMatchObject({
      reviewId: 'rv-55021',
      productId: '632910392',
      rating: 5,
      verifiedPurchase: true,
    });
    expect(r.envelope).toMatchObject({ tenantId: tenant, producer: 'edge.generic' });

    expect((await generic(fixture('generic-interaction'))).status).toBe(200);
    const i = (await lastEvent(Events.userInteracted)).msg;
    expect(i).toMatchObject({ sessionId: 's-7f3e', productId: '632910392', quantity: 1 });
  });

  it('401 for a wrong signature; 422 and a dead letter for data the contract refuses', async () => {
    const body = fixture('generic-review-submitted');
    expect((await generic(body, 'another-secret-0123456789')).status).toBe(401);
    const bad = JSON.stringify({
      id: 'rv-bad-1',
      type: 'review.submitted',
      data: { reviewId: 'rv-bad-1', productId: 'p-1', userId: 'u-1', rating: 9 },
    });
    const sent = await generic(bad);
    expect(sent.status).toBe(422);
    expect(String(sent.body.message)).toContain('rating');
    const dead = await jsm.streams.getMessage(prefixStream(prefix, Streams.deadLetters.name), {
      last_by_subj: prefixSubject(prefix, 'dlq.edge.generic'),
    });
    expect(new TextDecoder().decode(dead!.data)).toBe(bad);
  });
});

describe('the edge service', () => {
  it('is ready with the bus and Redis up, and keeps /healthz beside the webhooks', async () => {
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    expect((await post('/webhooks/magento/acme', '{}', {})).status).toBe(404);
  });
});
