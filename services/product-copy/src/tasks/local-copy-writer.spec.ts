import { describe, expect, it } from '@jest/globals';
import type { CopyProduct } from '../domain/copy-product.js';
import { CHANNEL_LIMITS, COPY_CHANNELS, copyTextSchema, lengthViolations } from '../domain/copy-text.js';
import { checkFaithfulness } from '../domain/faithfulness-checker.js';
import { writeLocalCopy } from './local-copy-writer.js';

const product: CopyProduct = {
  id: 'p1',
  title: 'Running Shoes, White/Red',
  brand: 'Nike',
  categoryPath: ['Clothing', 'Shoes', 'Running Shoes'],
  description:
    "Lightweight women's running shoes with a breathable mesh upper and a cushioned sole. Perfect for the gym. " +
    'The outsole is made from durable rubber that grips on wet roads and dry trails alike, mile after mile after mile.',
  attributes: { color: 'white, red', material: 'mesh', 'heel drop': '8 mm' },
  language: 'en',
};

describe('writeLocalCopy', () => {
  it('reads as sentences for a shopper, not as a field dump', () => {
    const { copy } = writeLocalCopy(product, { locale: 'en', tone: 'warm', channel: 'web' });
    expect(copy.shortDescription).toBe(
      "Meet the Running Shoes from Nike. Lightweight women's running shoes with a breathable mesh upper and a cushioned sole.",
    );
    expect(copy.longDescription).not.toMatch(/Title:|Price:|Brand:/);
    expect(copy.bullets).toContain('Heel drop: 8 mm');
    expect(copy.seoTitle).toBe('Running Shoes | Nike');
  });

  it.each(COPY_CHANNELS)('stays within the %s limits, valid and faithful', (channel) => {
    const { copy } = writeLocalCopy(product, { locale: 'en', tone: 'premium', channel });
    expect(copyTextSchema.safeParse(copy).success).toBe(true);
    expect(lengthViolations(copy, CHANNEL_LIMITS[channel])).toEqual([]);
    expect(checkFaithfulness(product, copy).unsupportedFacts).toEqual([]);
  });

  it('says so when asked for a language it cannot translate into', () => {
    const result = writeLocalCopy(product, { locale: 'fr-FR', tone: 'warm', channel: 'web' });
    expect(result.language).toBe('en');
    expect(result.degradedReason).toMatch(/does not translate/);
  });

  it('writes German frames for a German product', () => {
    const result = writeLocalCopy(
      { ...product, title: 'Laufschuhe', description: 'Leichte Laufschuhe.', language: 'de' },
      { locale: 'de-DE', tone: 'neutral', channel: 'web' },
    );
    expect(result.degradedReason).toBeUndefined();
    expect(result.copy.shortDescription).toBe('Laufschuhe von Nike. Leichte Laufschuhe.');
    expect(result.copy.bullets).toContain('Farbe: white, red');
  });
});
