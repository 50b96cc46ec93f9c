// Webhook signatures: an HMAC-SHA256 of the raw body with the shop's secret, compared in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';

function hmac(secret: string, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

function sameBytes(expected: Buffer, given: Buffer): boolean {
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Shopify's `X-Shopify-Hmac-Sha256` and WooCommerce's `X-WC-Webhook-Signature`: base64 of the HMAC. */
export function verifyBase64Signature(secret: string, body: Buffer, signature: string | undefined): boolean {
  if (!signature || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature.trim())) return false;
  return sameBytes(hmac(secret, body), Buffer.from(signature.trim(), 'base64'));
}

/** ShopMind's generic webhook: `X-ShopMind-Signature: sha256=<hex of the HMAC>`. */
export function verifyHexSignature(secret: string, body: Buffer, signature: string | undefined): boolean {
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(signature?.trim() ?? '');
  if (!m) return false;
  return sameBytes(hmac(secret, body), Buffer.from(m[1]!, 'hex'));
}

/** The signatures a sender computes (tests, examples). */
export const sign = {
  base64: (secret: string, body: Buffer | string): string =>
    createHmac('sha256', secret).update(body).digest('base64'),
  hex: (secret: string, body: Buffer | string): string =>
    `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
};
