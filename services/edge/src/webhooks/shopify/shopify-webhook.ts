// Shopify webhooks (topic in X-Shopify-Topic) as ShopMind events: orders, fulfillments (tracking),
// products and the mandatory privacy webhooks. Payload fields as Shopify's Admin REST webhook
// payloads name them; only the fields ShopMind uses are read, the rest is ignored.
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
import {
  acknowledged,
  eventOutcome,
  ignored,
  type MappingContext,
  type WebhookOutcome,
} from '../webhook-outcome.js';

const PRODUCER = 'edge.shopify';

const address = z
  .object({
    name: z.string().nullish(),
    address1: z.string().nullish(),
    address2: z.string().nullish(),
    zip: z.string().nullish(),
    city: z.string().nullish(),
    province: z.string().nullish(),
    country_code: z.string().nullish(),
    phone: z.string().nullish(),
  })
  .nullish();

const customer = z
  .object({ id: platformId, email: z.string().nullish(), created_at: z.string().nullish() })
  .nullish();

const money_set = z
  .object({ shop_money: z.object({ amount: decimal, currency_code: z.string().nullish() }) })
  .nullish();

const order = z.object({
  id: platformId,
  email: z.string().nullish(),
  created_at: z.string().nullish(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
  subtotal_price: decimal,
  total_price: z.union([z.string(), z.number()]),
  total_tax: decimal,
  total_discounts: decimal,
  total_shipping_price_set: money_set,
  financial_status: z.string().nullish(),
  fulfillment_status: z.string().nullish(),
  cancelled_at: z.string().nullish(),
  cancel_reason: z.string().nullish(),
  browser_ip: z.string().nullish(),
  client_details: z.object({ browser_ip: z.string().nullish(), user_agent: z.string().nullish() }).nullish(),
  payment_gateway_names: z.array(z.string()).nullish(),
  payment_details: z
    .object({
      credit_card_bin: z.string().nullish(),
      credit_card_number: z.string().nullish(),
      credit_card_company: z.string().nullish(),
    })
    .nullish(),
  customer,
  billing_address: address,
  shipping_address: address,
  line_items: z
    .array(
      z.object({
        id: platformId,
        product_id: platformId.nullish(),
        variant_id: platformId.nullish(),
        sku: z.string().nullish(),
        title: z.string().nullish(),
        quantity: z.number().int(),
        price: z.union([z.string(), z.number()]),
      }),
    )
    .min(1, 'an order needs at least one line item'),
  fulfillments: z
    .array(
      z.object({
        tracking_company: z.string().nullish(),
        tracking_number: z.string().nullish(),
        tracking_url: z.string().nullish(),
      }),
    )
    .nullish(),
});
type ShopifyOrder = z.infer<typeof order>;

const fulfillment = z.object({
  id: platformId,
  order_id: platformId,
  status: z.string().nullish(),
  shipment_status: z.string().nullish(),
  tracking_company: z.string().nullish(),
  tracking_number: z.string().nullish(),
  tracking_numbers: z.array(z.string()).nullish(),
  tracking_url: z.string().nullish(),
});

const product = z.object({
  id: platformId,
  title: z.string(),
  body_html: z.string().nullish(),
  vendor: z.string().nullish(),
  product_type: z.string().nullish(),
  handle: z.string().nullish(),
  updated_at: z.string().nullish(),
  tags: z.string().nullish(),
  status: z.string().nullish(),
  options: z.array(z.object({ name: z.string(), values: z.array(z.string()).nullish() })).nullish(),
  variants: z
    .array(
      z.object({
        sku: z.string().nullish(),
        inventory_quantity: z.number().int().nullish(),
      }),
    )
    .nullish(),
  images: z.array(z.object({ src: z.string() })).nullish(),
});

const productDeleted = z.object({ id: platformId });

// Shopify's privacy compliance payloads: shop_id, shop_domain, the customer (id, email, phone) and
// the orders concerned. A customer record may hold only the e-mail address: the id is optional.
const customersRedact = z.object({
  shop_domain: z.string().nullish(),
  customer: z
    .object({ id: platformId.optional(), email: z.string().nullish() })
    .refine((c) => !!c.id || !!c.email, 'names neither an id nor an e-mail address'),
  orders_to_redact: z.array(platformId).nullish(),
});

function envelope(ctx: MappingContext) {
  return {
    eventId: ctx.eventId,
    occurredAt: timestamp(ctx.occurredAt.toISOString()),
    producer: PRODUCER,
    tenantId: ctx.tenant,
    schemaVersion: 1,
  };
}

function addressOf(a: z.infer<typeof address>): MessageInitShape<typeof AddressSchema> | undefined {
  const country = countryCode(a?.country_code);
  // The contract requires a country; an address without one is left out rather than refused.
  if (!a || !country) return undefined;
  return {
    name: a.name ?? '',
    line1: a.address1 ?? '',
    line2: a.address2 ?? '',
    postalCode: a.zip ?? '',
    city: a.city ?? '',
    region: a.province ?? '',
    country,
    phone: a.phone ?? '',
  };
}

function cardOf(o: ShopifyOrder, ctx: MappingContext) {
  const bin = o.payment_details?.credit_card_bin?.replace(/\D/g, '') ?? '';
  const last4 = (o.payment_details?.credit_card_number ?? '').replace(/\D/g, '').slice(-4);
  if (!/^(\d{6}|\d{8})$/.test(bin) || !/^\d{4}$/.test(last4)) return undefined;
  return {
    bin,
    last4,
    brand: (o.payment_details?.credit_card_company ?? '').slice(0, 32),
    fingerprint: ctx.cardFingerprint({ bin, last4, customerId: o.customer?.id ?? '' }),
  };
}

function orderPlaced(payload: unknown, ctx: MappingContext): WebhookOutcome {
  const o = readPayload(order, payload, 'Shopify order');
  const currency = o.currency;
  const card = cardOf(o, ctx);
  const gateway = (o.payment_gateway_names ?? []).join(' ');
  return eventOutcome(Events.orderPlaced, {
    envelope: envelope(ctx),
    order: {
      orderId: o.id,
      userId: o.customer?.id ?? '',
      currency,
      items: o.line_items.map((item, i) => ({
        // A custom line item has no product: it is named by its variant, or by the line itself.
        productId: item.product_id || item.variant_id || `line-item:${item.id}`,
        sku: item.sku ?? '',
        title: item.title ?? '',
        quantity: item.quantity,
        unitPrice: money(item.price, currency, `line_items.${i}.price`),
      })),
      totals: {
        subtotal: money(o.subtotal_price, currency, 'subtotal_price'),
        shipping: money(o.total_shipping_price_set?.shop_money.amount, currency, 'total_shipping_price_set'),
        tax: money(o.total_tax, currency, 'total_tax'),
        discount: money(o.total_discounts, currency, 'total_discounts'),
        total: money(o.total_price, currency, 'total_price'),
      },
      paymentMethod: paymentMethodOf(gateway, card !== undefined),
      card,
      billingAddress: addressOf(o.billing_address),
      shippingAddress: addressOf(o.shipping_address),
      ip: o.browser_ip ?? o.client_details?.browser_ip ?? '',
      email: o.email ?? o.customer?.email ?? '',
      userAgent: (o.client_details?.user_agent ?? '').slice(0, 1024),
      accountCreatedAt: timestamp(o.customer?.created_at),
      placedAt: timestamp(o.created_at),
    },
  });
}

/** orders/updated: the order's status as Shopify's financial, fulfillment and cancellation fields say. */
function orderUpdated(payload: unknown, ctx: MappingContext): WebhookOutcome {
  const o = readPayload(order, payload, 'Shopify order');
  const tracked = (o.fulfillments ?? []).find((f) => f.tracking_number);
  let status = OrderStatus.PLACED;
  if (o.cancelled_at) status = OrderStatus.CANCELLED;
  else if (o.financial_status === 'refunded') status = OrderStatus.REFUNDED;
  else if (o.fulfillment_status === 'fulfilled' && tracked) status = OrderStatus.SHIPPED;
  else if (o.financial_status === 'paid') status = OrderStatus.PAID;
  return eventOutcome(Events.orderStatusChanged, {
    envelope: envelope(ctx),
    orderId: o.id,
    userId: o.customer?.id ?? '',
    status,
    reason: status === OrderStatus.CANCELLED ? (o.cancel_reason ?? '') : '',
    tracking:
      status === OrderStatus.SHIPPED && tracked
        ? trackingOf(tracked.tracking_company, tracked.tracking_number, tracked.tracking_url)
        : undefined,
  });
}

function orderCancelled(payload: unknown, ctx: MappingContext): WebhookOutcome {
  const o = readPayload(order, payload, 'Shopify order');
  return eventOutcome(Events.orderStatusChanged, {
    envelope: envelope(ctx),
    orderId: o.id,
    userId: o.customer?.id ?? '',
    status: OrderStatus.CANCELLED,
    reason: o.cancel_reason ?? '',
  });
}

function trackingOf(
  carrier: string | null | undefined,
  number: string | null | undefined,
  url: string | null | undefined,
) {
  return {
    carrier: (carrier || 'unknown').slice(0, 64),
    trackingNumber: number ?? '',
    url: url && /^https?:\/\//.test(url) ? url : '',
  };
}

/** fulfillments/create and /update: shipped with its tracking, or delivered. */
function fulfillmentChanged(payload: unknown, ctx: MappingContext): WebhookOutcome {
  const f = readPayload(fulfillment, payload, 'Shopify fulfillment');
  const number = f.tracking_number || f.tracking_numbers?.[0];
  if (f.status === 'cancelled') return ignored('fulfillment cancelled');
  const delivered = f.shipment_status === 'delivered';
  if (!delivered && !number) return ignored('fulfillment without tracking');
  return eventOutcome(Events.orderStatusChanged, {
    envelope: envelope(ctx),
    orderId: f.order_id,
    status: delivered ? OrderStatus.DELIVERED : OrderStatus.SHIPPED,
    tracking: number ? trackingOf(f.tracking_company, number, f.tracking_url) : undefined,
  });
}

function productUpserted(payload: unknown, ctx: MappingContext): WebhookOutcome {
  const p = readPayload(product, payload, 'Shopify product');
  const attributes: Record<string, string> = {};
  for (const option of p.options ?? []) {
    const values = (option.values ?? []).join(', ');
    if (option.name && values && option.name !== 'Title') attributes[option.name.toLowerCase()] = values;
  }
  if (p.tags) attributes.tags = p.tags;
  if (p.status) attributes.status = p.status;
  const stock = (p.variants ?? []).reduce((sum, v) => sum + (v.inventory_quantity ?? 0), 0);
  const updated = p.updated_at ? Date.parse(p.updated_at) : NaN;
  return eventOutcome(Events.productUpserted, {
    envelope: envelope(ctx),
    product: {
      id: p.id,
      sku: p.variants?.[0]?.sku ?? '',
      title: p.title,
      brand: p.vendor ?? '',
      categoryPath: p.product_type ? [p.product_type] : [],
      attributes,
      description: plainText(p.body_html),
      stock: p.variants?.length ? BigInt(stock) : undefined,
      imageUrls: (p.images ?? []).map((i) => i.src).slice(0, 32),
    },
    // Shopify's updated_at orders the upserts of one product; 0 when absent.
    version: Number.isNaN(updated) ? 0n : BigInt(updated),
  });
}

function productDeletedEvent(payload: unknown, ctx: MappingContext): WebhookOutcome {
  const p = readPayload(productDeleted, payload, 'Shopify product deletion');
  return eventOutcome(Events.productDeleted, { envelope: envelope(ctx), productId: p.id });
}

function customerRedact(payload: unknown, ctx: MappingContext): WebhookOutcome {
  const r = readPayload(customersRedact, payload, 'Shopify customers/redact');
  return eventOutcome(Events.erasureRequested, {
    envelope: envelope(ctx),
    userId: r.customer.id ?? '',
    emails: r.customer.email ? [r.customer.email] : [],
    requestReference: `shopify customers/redact ${ctx.eventId}`.slice(0, 128),
  });
}

const topics: Record<string, (payload: unknown, ctx: MappingContext) => WebhookOutcome> = {
  'orders/create': orderPlaced,
  'orders/updated': orderUpdated,
  'orders/cancelled': orderCancelled,
  'fulfillments/create': fulfillmentChanged,
  'fulfillments/update': fulfillmentChanged,
  'products/create': productUpserted,
  'products/update': productUpserted,
  'products/delete': productDeletedEvent,
  'customers/redact': customerRedact,
  // ShopMind keeps no customer data it could hand over, and a shop's data leaves with its events'
  // retention: both are acknowledged (and logged by the intake), as Shopify requires.
  'customers/data_request': () => acknowledged('customers/data_request: ShopMind holds no export of its own'),
  'shop/redact': () => acknowledged('shop/redact: the shop is removed from the edge by its operator'),
};

/** The topics the edge maps (any other well-signed topic is ignored). */
export const SHOPIFY_TOPICS = Object.keys(topics);

export function mapShopifyWebhook(topic: string, payload: unknown, ctx: MappingContext): WebhookOutcome {
  const map = topics[topic];
  return map ? map(payload, ctx) : ignored(`topic ${topic} is not used by ShopMind`);
}
