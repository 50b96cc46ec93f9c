// Identifiers (e-mails, cards, IPs, devices, addresses, user ids) are stored only as keyed hashes:
// HMAC-SHA256 with a secret from configuration, so a copy of Redis alone reveals none of them.
import { createHmac } from 'node:crypto';
import type { EntityKind } from '../domain/order-facts.js';

export class IdentifierHasher {
  constructor(private readonly secret: string) {
    if (secret.length < 16) throw new Error('the identifier hashing secret must have at least 16 characters');
  }

  hash(kind: EntityKind | 'review', value: string): string {
    return createHmac('sha256', this.secret)
      .update(kind)
      .update('\0')
      .update(value)
      .digest('base64url')
      .slice(0, 22);
  }
}
