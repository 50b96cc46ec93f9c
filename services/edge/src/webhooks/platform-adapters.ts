// One adapter per platform, each the same small interface: how its signature is checked, where its
// topic and webhook id are, and how its payload becomes a ShopMind event. Adding a platform adds one.
import { createHash } from 'node:crypto';
import type { WebhookPlatform } from '../tenants/edge-tenants.js';
import { genericBody, mapGenericWebhook } from './generic/generic-webhook.js';
import { mapShopifyWebhook } from './shopify/shopify-webhook.js';
import { verifyBase64Signature, verifyHexSignature } from './webhook-signature.js';
import { MalformedWebhookError, type MappingContext, type WebhookOutcome } from './webhook-outcome.js';
import { mapWooCommerceWebhook } from './woocommerce/woocommerce-webhook.js';

export type WebhookHeaders = Record<string, string | string[] | undefined>;

export function header(headers: WebhookHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
}

export interface WebhookIdentity {
  topic: string;
  /** The platform's id of this webhook delivery. */
  webhookId: string;
  /** When the platform says the webhook was triggered. */
  occurredAt?: Date;
}

export interface WebhookAdapter {
  readonly platform: WebhookPlatform;
  /** The header that carries the signature (named in 401 replies). */
  readonly signatureHeader: string;
  verify(secret: string, body: Buffer, headers: WebhookHeaders): boolean;
  /** Topic and webhook id; a MalformedWebhookError when the platform's headers are missing. */
  identify(headers: WebhookHeaders, payload: () => unknown, body: Buffer): WebhookIdentity;
  map(topic: string, payload: unknown, ctx: MappingContext): WebhookOutcome;
}

function required(headers: WebhookHeaders, name: string): string {
  const v = header(headers, name);
  if (!v) throw new MalformedWebhookError(`header ${name} is missing`);
  return v;
}

function dateHeader(headers: WebhookHeaders, name: string): Date | undefined {
  const v = header(headers, name);
  const d = v ? new Date(v) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

export const shopifyAdapter: WebhookAdapter = {
  platform: 'shopify',
  signatureHeader: 'X-Shopify-Hmac-Sha256',
  verify: (secret, body, headers) =>
    verifyBase64Signature(secret, body, header(headers, 'x-shopify-hmac-sha256')),
  identify: (headers) => ({
    topic: required(headers, 'X-Shopify-Topic'),
    webhookId: required(headers, 'X-Shopify-Webhook-Id'),
    occurredAt: dateHeader(headers, 'x-shopify-triggered-at'),
  }),
  map: mapShopifyWebhook,
};

export const wooCommerceAdapter: WebhookAdapter = {
  platform: 'woocommerce',
  signatureHeader: 'X-WC-Webhook-Signature',
  verify: (secret, body, headers) =>
    verifyBase64Signature(secret, body, header(headers, 'x-wc-webhook-signature')),
  identify: (headers, _payload, body) => ({
    topic: required(headers, 'X-WC-Webhook-Topic'),
    // WooCommerce derives the delivery id from the webhook's id and the current second, so two
    // deliveries of one webhook within the same second (a bulk edit of orders) share it: the body's
    // hash tells them apart. X-WC-Webhook-ID names the webhook (the same for all its deliveries).
    webhookId: `${required(headers, 'X-WC-Webhook-Delivery-ID')}:${createHash('sha256').update(body).digest('hex').slice(0, 16)}`,
  }),
  map: mapWooCommerceWebhook,
};

export const genericAdapter: WebhookAdapter = {
  platform: 'generic',
  signatureHeader: 'X-ShopMind-Signature',
  verify: (secret, body, headers) =>
    verifyHexSignature(secret, body, header(headers, 'x-shopmind-signature')),
  identify: (_headers, payload) => {
    const body = genericBody.pick({ id: true, type: true }).safeParse(payload());
    if (!body.success) throw new MalformedWebhookError('the body needs a string `id` and `type`');
    return { topic: body.data.type, webhookId: body.data.id };
  },
  map: (_topic, payload, ctx) => mapGenericWebhook(payload, ctx),
};

export const webhookAdapters: Record<WebhookPlatform, WebhookAdapter> = {
  shopify: shopifyAdapter,
  woocommerce: wooCommerceAdapter,
  generic: genericAdapter,
};
