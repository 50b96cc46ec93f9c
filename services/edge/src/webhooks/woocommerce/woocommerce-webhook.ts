// WooCommerce webhooks (topic in X-WC-Webhook-Topic, e.g. `order.created`) as ShopMind events:
// orders and products created, updated and deleted. Payload fields as the WooCommerce REST API v3
// names them; only the fields ShopMind uses are read.
import { Events, OrderStatus, AddressSchema } from '@shopmind/contracts';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { z } from 'zod';
import { paymentMethodOf } from '../payment-method.js';
import {
  countryCode,
  decimal,
  money,
  plainText,
  platformId,
  readPayload,
  timestamp,
} from '../payload-fields.js';
import { eventOutcome, ignored, type MappingContext, type WebhookOutcome } from '../webhook-outcome.js';

const PRODUCER = 'edge.woocommerce';

const address = z
  .object({
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    address_1: z.string().nullish(),
    address_2: z.string().nullish(),
    city: z.string().nullish(),
    state: z.string().nullish(),
    postcode: z.string().nullish(),
    country: z.string().nullish(),
    email: z.string().nullish(),
    phone: z.string().nullish(),
  })
  .nullish();

const order = z.object({
  id: platformId,
  status: z.string(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
  date_created_gmt: z.string().nullish(),
  discount_total: decimal,
  shipping_total: decimal,
  total_tax: decimal,
  total: z.union([z.string(), z.number()]),
  customer_id: platformId.nullish(),
  customer_ip_address: z.string().nullish(),
  customer_user_agent: z.string().nullish(),
  payment_method: z.string().nullish(),
  payment_method_title: z.string().nullish(),
  billing: address,
  shipping: address,
  line_items: z
    .array(
      z.object({
        id: platformId,
        product_id: platformId.nullish(),
        variation_id: platformId.nullish(),
        name: z.string().nullish(),
        sku: z.string().nullish(),
        quantity: z.number().int(),
        subtotal: decimal,
        price: z.union([z.string(), z.number()]).nullish(),
      }),
    )
    .min(1, 'an order needs at least one line item'),
});

const product = z.object({
  id: platformId,
  name: z.string(),
  sku: z.string().nullish(),
  permalink: z.string().nullish(),
  date_modified_gmt: z.string().nullish(),
  status: z.string().nullish(),
  description: z.string().nullish(),
  short_description: z.string().nullish(),
  stock_quantity: z.number().int().nullish(),
  categories: z.array(z.object({ name: z.string() })).nullish(),
  tags: z.array(z.object({ name: z.string() })).nullish(),
  images: z.array(z.object({ src: z.string() })).nullish(),
  attributes: z.array(z.object({ name: z.string(), options: z.array(z.string()).nullish() })).nullish(),
});

const deleted = z.object({ id: platformId });

function envelope(ctx: MappingContext) {
  return {
    eventId: ctx.eventId,
    occurredAt: timestamp(ctx.occurredAt.toISOString()),
    producer: PRODUCER,
    tenantId: ctx.tenant,
    schemaVersion: 1,
  };
}

/** WooCommerce writes `date_created_gmt` without a zone. */
const gmt = (value: string | null | undefined) =>
  timestamp(value && !/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? `${value}Z` : value);

function addressOf(a: z.infer<typeof address>): MessageInitShape<typeof AddressSchema> | undefined {
  const country = countryCode(a?.country);
  if (!a || !country) return undefined;
  return {
    name: [a.first_name, a.last_name].filter(Boolean).join(' '),
    line1: a.address_1 ?? '',
    line2: a.address_2 ?? '',
    postalCode: a.postcode ?? '',
    city: a.city ?? '',
    region: a.state ?? '',
    country,
    phone: a.phone ?? '',
  };
}

/** A registered customer's id; WooCommerce's guest customer is 0. */
const customerOf = (id: string | null | undefined) => (id && id !== '0' ? id : '');

function orderPlaced(payload: unknown, ctx: MappingContext): WebhookOutcome {
  const o = readPayload(order, payload, 'WooCommerce order');
  const currency = o.currency;
  const subtotal = o.line_items.reduce(
    (sum, item, i) => sum + (money(item.subtotal, currency, `line_items.${i}.subtotal`)?.amountMinor ?? 0n),
    0n,
  );
  return eventOutcome(Events.orderPlaced, {
    envelope: envelope(ctx),
    order: {
      orderId: o.id,
      userId: customerOf(o.customer_id),
      currency,
      items: o.line_items.map((item, i) => ({
        productId: item.product_id && item.product_id !== '0' ? item.product_id : `line-item:${item.id}`,
        sku: item.sku ?? '',
        title: item.name ?? '',
        quantity: item.quantity,
        unitPrice: money(item.price ?? 0, currency, `line_items.${i}.price`),
      })),
      totals: {
        subtotal: { currency, amountMinor: subtotal },
        shipping: money(o.shipping_total, currency, 'shipping_total'),
        tax: money(o.total_tax, currency, 'total_tax'),
        discount: money(o.discount_total, currency, 'discount_total'),
        total: money(o.total, currency, 'total'),
      },
      // WooCommerce reports no card details: a card gateway counts as another payment provider.
      paymentMethod: paymentMethodOf(`${o.payment_method ?? ''} ${o.payment_method_title ?? ''}`, false),
      billingAddress: addressOf(o.billing),
      shippingAddress: addressOf(o.shipping),
      ip: o.customer_ip_address ?? '',
      email: o.billing?.email ?? '',
      userAgent: (o.customer_user_agent ?? '').slice(0, 1024),
      placedAt: gmt(o.date_created_gmt),
    },
  });
}

const statuses: Record<string, OrderStatus> = {
  pending: OrderStatus.PLACED,
  'on-hold': OrderStatus.PLACED,
  processing: OrderStatus.PAID,
  // WooCommerce has no shipping state of its own: `completed` means fulfilled.
  completed: OrderStatus.DELIVERED,
  cancelled: OrderStatus.CANCELLED,
  failed: OrderStatus.CANCELLED,
  refunded: OrderStatus.REFUNDED,
};

function orderUpdated(payload: unknown, ctx: MappingContext): WebhookOutcome {
  const o = readPayload(order, payload, 'WooCommerce order');
  const status = statuses[o.status];
  if (status === undefined) return ignored(`order status ${o.status} is not used by ShopMind`);
  return eventOutcome(Events.orderStatusChanged, {
    envelope: envelope(ctx),
    orderId: o.id,
    userId: customerOf(o.customer_id),
    status,
    reason: o.status === 'failed' ? 'payment failed' : '',
  });
}

function orderDeleted(payload: unknown, ctx: MappingContext): WebhookOutcome {
  const o = readPayload(deleted, payload, 'WooCommerce order deletion');
  return eventOutcome(Events.orderStatusChanged, {
    envelope: envelope(ctx),
    orderId: o.id,
    status: OrderStatus.CANCELLED,
    reason: 'deleted in WooCommerce',
  });
}

function productUpserted(payload: unknown, ctx: MappingContext): WebhookOutcome {
  const p = readPayload(product, payload, 'WooCommerce product');
  const attributes: Record<string, string> = {};
  for (const a of p.attributes ?? []) {
    const values = (a.options ?? []).join(', ');
    if (a.name && values) attributes[a.name.toLowerCase()] = values;
  }
  if (p.tags?.length) attributes.tags = p.tags.map((t) => t.name).join(', ');
  if (p.status) attributes.status = p.status;
  const modified = gmt(p.date_modified_gmt);
  return eventOutcome(Events.productUpserted, {
    envelope: envelope(ctx),
    product: {
      id: p.id,
      sku: p.sku ?? '',
      title: p.name,
      categoryPath: (p.categories ?? [])
        .map((c) => c.name)
        .filter(Boolean)
        .slice(0, 16),
      attributes,
      description: plainText(p.description || p.short_description),
      stock:
        p.stock_quantity === null || p.stock_quantity === undefined ? undefined : BigInt(p.stock_quantity),
      imageUrls: (p.images ?? []).map((i) => i.src).slice(0, 32),
      url: p.permalink ?? '',
    },
    version: modified ? modified.seconds * 1000n + BigInt(Math.floor(modified.nanos / 1e6)) : 0n,
  });
}

function productDeletedEvent(payload: unknown, ctx: MappingContext): WebhookOutcome {
  const p = readPayload(deleted, payload, 'WooCommerce product deletion');
  return eventOutcome(Events.productDeleted, { envelope: envelope(ctx), productId: p.id });
}

const topics: Record<string, (payload: unknown, ctx: MappingContext) => WebhookOutcome> = {
  'order.created': orderPlaced,
  'order.updated': orderUpdated,
  'order.deleted': orderDeleted,
  'product.created': productUpserted,
  'product.updated': productUpserted,
  'product.deleted': productDeletedEvent,
};

export const WOOCOMMERCE_TOPICS = Object.keys(topics);

export function mapWooCommerceWebhook(topic: string, payload: unknown, ctx: MappingContext): WebhookOutcome {
  const map = topics[topic];
  return map ? map(payload, ctx) : ignored(`topic ${topic} is not used by ShopMind`);
}
