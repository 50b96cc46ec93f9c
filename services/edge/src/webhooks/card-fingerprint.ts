// A card fingerprint for card payments that come without one (Shopify and WooCommerce give none):
// HMAC-SHA256, keyed with EDGE_CARD_FINGERPRINT_SECRET, of the BIN, the last four digits and the
// customer id, so the same card of the same customer has the same fingerprint and nothing about the
// card can be read back from it.
import { createHmac } from 'node:crypto';

export function cardFingerprint(
  secret: string,
  card: { bin: string; last4: string; customerId: string },
): string {
  const h = createHmac('sha256', secret).update(`${card.bin}\n${card.last4}\n${card.customerId}`, 'utf8');
  return `edge-hmac:${h.digest('hex')}`;
}
