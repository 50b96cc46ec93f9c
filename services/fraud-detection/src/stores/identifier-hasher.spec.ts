import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { IdentifierHasher } from './identifier-hasher.js';

describe('IdentifierHasher', () => {
  it('computes HMAC-SHA256 of kind and value with the secret, for short and long secrets', () => {
    for (const secret of [
      'sixteen-chars-ok',
      'a much longer secret than one sha-256 block of sixty-four bytes, really quite long',
    ]) {
      const expected = createHmac('sha256', secret).update('card\0fp_123').digest('base64url').slice(0, 22);
      const hasher = new IdentifierHasher(secret);
      expect(hasher.hash('card', 'fp_123')).toBe(expected);
      expect(hasher.hash('card', 'fp_123')).toBe(expected);
    }
  });

  it('gives different hashes for the same value of different kinds and refuses short secrets', () => {
    const h = new IdentifierHasher('sixteen-chars-ok');
    expect(h.hash('email', 'x')).not.toBe(h.hash('user', 'x'));
    expect(() => new IdentifierHasher('short')).toThrow(/at least 16/);
  });

  it('keeps giving the keyed hash when its memo of recent identifiers overflows', () => {
    const secret = 'sixteen-chars-ok';
    const h = new IdentifierHasher(secret, 2);
    for (let round = 0; round < 2; round++)
      for (const v of ['a', 'b', 'c', 'd', 'e'])
        expect(h.hash('ip', v)).toBe(
          createHmac('sha256', secret).update(`ip\0${v}`).digest('base64url').slice(0, 22),
        );
  });
});
