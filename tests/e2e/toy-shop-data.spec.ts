// The committed toy-shop data set is what the generator writes, every event is valid under its
// contract, and reading it for another tenant or another day keeps its ids and its spacing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { decodeMessage, eventForSubject } from '@shopmind/contracts';
import {
  readToyShop,
  TOY_SHOP_FILE,
  TOY_SHOP_SEED,
  TOY_SHOP_TENANT,
  toyShopJsonl,
} from '../../scripts/demo/toy-shop-file.js';
import { generateToyShop } from '../../scripts/demo/toy-shop-generator.js';

const lines = generateToyShop({ seed: TOY_SHOP_SEED, tenant: TOY_SHOP_TENANT });

describe('the toy-shop data set', () => {
  it('is committed exactly as the generator writes it (regenerate with generate-toy-shop)', () => {
    expect(readFileSync(TOY_SHOP_FILE, 'utf8')).toBe(toyShopJsonl(lines));
  });

  it('holds only events that pass their contracts, in time order, with unique ids', () => {
    const ids = new Set<string>();
    let last = 0;
    for (const line of lines) {
      const def = eventForSubject(line.subject);
      expect(def).toBeDefined();
      expect(() =>
        decodeMessage(def!.schema, new TextEncoder().encode(JSON.stringify(line.data))),
      ).not.toThrow();
      const envelope = line.data.envelope as { eventId: string; occurredAt: string };
      ids.add(envelope.eventId);
      expect(Date.parse(envelope.occurredAt)).toBeGreaterThanOrEqual(last);
      last = Date.parse(envelope.occurredAt);
    }
    expect(ids.size).toBe(lines.length);
  });

  it('has what the demo promises: 50+ products with ages, brands and materials, fraud, a chargeback, a fake-review burst', () => {
    const of = (event: string) => lines.filter((l) => l.subject.endsWith(event)).map((l) => l.data);
    const products = of('catalog.product_upserted').map(
      (d) => d.product as { ageRange?: object; brand?: string; attributes?: { material?: string } },
    );
    expect(products.length).toBeGreaterThanOrEqual(50);
    expect(products.every((p) => p.ageRange && p.brand && p.attributes?.material)).toBe(true);
    expect(of('order.chargeback_reported')).toHaveLength(1);
    const guestCards = of('order.placed').filter((d) =>
      (d.order as { email?: string }).email?.endsWith('@mailinator.com'),
    );
    expect(guestCards.length).toBeGreaterThanOrEqual(5);
    const burst = of('review.submitted').filter((d) => String(d.userId).startsWith('u-96'));
    expect(burst.length).toBeGreaterThanOrEqual(5);
    expect(of('support.message_received').length).toBeGreaterThan(0);
  });

  it('is read for any tenant and day with the same ids and the same distances between events', () => {
    const endAt = Date.parse('2030-01-01T12:00:00Z');
    const a = readToyShop({ tenant: 'acme', endAt });
    const b = readToyShop({ tenant: 'acme', endAt: endAt + 86_400_000 });
    const envelope = (l: (typeof a)[number]) =>
      l.data.envelope as { eventId: string; occurredAt: string; tenantId: string };
    expect(a.map((l) => envelope(l).eventId)).toEqual(b.map((l) => envelope(l).eventId));
    expect(envelope(a[0]!).eventId).toBe('acme-toyshop-0001');
    expect(a.every((l) => l.subject.startsWith('shop.acme.') && envelope(l).tenantId === 'acme')).toBe(true);
    expect(Date.parse(envelope(a[a.length - 1]!).occurredAt)).toBe(endAt);
    const gap = (xs: typeof a) =>
      Date.parse(envelope(xs[xs.length - 1]!).occurredAt) - Date.parse(envelope(xs[0]!).occurredAt);
    expect(gap(b)).toBe(gap(a));
  });
});
