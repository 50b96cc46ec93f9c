// The demo's Chinese part: its reviews pass the review contract, are about a product of the toy
// shop that none of the shop's own reviews is about (so the shop's counts stay its own), read as
// Chinese, and keep their event ids from run to run (a second demo counts them once).
import { describe, expect, it } from '@jest/globals';
import { decodeMessage, eventForSubject } from '@shopmind/contracts';
import { detectLanguage } from '@shopmind/vocabulary';
import { readToyShop } from '../../scripts/demo/toy-shop-file.js';
import {
  CHINESE_GUIDE_TURNS,
  CHINESE_REVIEWED,
  chineseReviews,
} from '../../scripts/platform/chinese-demo.js';

const endAt = Date.parse('2026-12-01T12:00:00.000Z');
const shop = readToyShop({ tenant: 'demo', endAt });

describe('the demo’s Chinese reviews and guide conversation', () => {
  it('are valid reviews of a catalogue product the shop’s own reviews leave alone', () => {
    const reviews = chineseReviews('demo', endAt);
    expect(reviews.length).toBeGreaterThanOrEqual(3);
    const products = shop
      .filter((l) => l.subject.endsWith('catalog.product_upserted'))
      .map((l) => (l.data.product as { id: string }).id);
    expect(products).toContain(CHINESE_REVIEWED);
    expect(
      shop.filter((l) => l.subject.endsWith('review.submitted')).map((l) => l.data.productId),
    ).not.toContain(CHINESE_REVIEWED);
    for (const line of reviews) {
      expect(line.subject).toBe('shop.demo.review.submitted');
      const def = eventForSubject(line.subject)!;
      expect(() =>
        decodeMessage(def.schema, new TextEncoder().encode(JSON.stringify(line.data))),
      ).not.toThrow();
      expect(line.data.productId).toBe(CHINESE_REVIEWED);
      expect(Date.parse((line.data.envelope as { occurredAt: string }).occurredAt)).toBeLessThan(endAt);
    }
  });

  it('are written in Chinese (one review mixing in English, as shoppers do)', () => {
    const languages = chineseReviews('demo', endAt).map(
      (l) => detectLanguage(`${String(l.data.title)} ${String(l.data.body)}`).language,
    );
    expect(languages.every((l) => l === 'zh')).toBe(true);
    for (const turn of CHINESE_GUIDE_TURNS.filter(Boolean)) expect(detectLanguage(turn).language).toBe('zh');
  });

  it('keep their event ids from run to run, distinct per tenant and from the shop’s', () => {
    const ids = (tenant: string, at: number) =>
      chineseReviews(tenant, at).map((l) => (l.data.envelope as { eventId: string }).eventId);
    expect(ids('demo', endAt)).toEqual(ids('demo', endAt + 86_400_000));
    expect(new Set(ids('demo', endAt)).size).toBe(ids('demo', endAt).length);
    expect(ids('other', endAt).every((id) => id.startsWith('other-'))).toBe(true);
    const shopIds = new Set(shop.map((l) => (l.data.envelope as { eventId: string }).eventId));
    expect(ids('demo', endAt).some((id) => shopIds.has(id))).toBe(false);
  });
});
