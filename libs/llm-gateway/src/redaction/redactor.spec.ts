import { describe, expect, it } from '@jest/globals';
import { Redaction, ibanValid, luhnValid } from './redactor.js';

describe('Redaction', () => {
  it('replaces emails, phone numbers, Luhn-valid card numbers, valid IBANs and street addresses with placeholders', () => {
    const r = new Redaction();
    const out = r.redact(
      'Mail jane.doe+shop@example.co.uk, call +44 20 7946 0958 or 030/1234567. Card 4111-1111-1111-1111. IBAN DE89 3704 0044 0532 0130 00. Ship to 221B Baker Street or Hauptstraße 5.',
    );
    expect(out).toBe(
      'Mail [EMAIL_1], call [PHONE_1] or [PHONE_2]. Card [CARD_1]. IBAN [IBAN_1]. Ship to [ADDRESS_1] or [ADDRESS_2].',
    );
    expect(r.kinds().sort()).toEqual(['ADDRESS', 'CARD', 'EMAIL', 'IBAN', 'PHONE']);
  });

  it('leaves numbers alone that are not personal data: Luhn-invalid cards, bad IBAN checksums, order numbers, dates, prices', () => {
    const r = new Redaction();
    const text =
      'Order 123456789 on 2024-05-01 cost 19.99 EUR; card 4111 1111 1111 1112; IBAN DE89 3704 0044 0532 0130 02; 3 stars.';
    expect(r.redact(text)).toBe(text);
    expect(r.count).toBe(0);
  });

  it('gives the same original the same placeholder and restores originals deeply', () => {
    const r = new Redaction();
    expect(r.redact('a@b.io and again a@b.io')).toBe('[EMAIL_1] and again [EMAIL_1]');
    expect(r.restore({ reply: ['write to [EMAIL_1]'], n: 1 })).toEqual({ reply: ['write to a@b.io'], n: 1 });
  });
});

describe('checksums', () => {
  it('validates card numbers with Luhn and IBANs with mod 97', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('GB82 WEST 1234 5698 7654 33')).toBe(false);
  });
});
