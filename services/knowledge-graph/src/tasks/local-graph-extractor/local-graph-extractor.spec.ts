import { describe, expect, it } from '@jest/globals';
import { LocalGraphExtractor } from './local-graph-extractor.js';
import type { ProductRecord } from '../../domain/product-record.js';

const extractor = new LocalGraphExtractor();

function product(overrides: Partial<ProductRecord>): ProductRecord {
  return { id: 'p1', title: '', brand: '', categoryPath: [], description: '', attributes: {}, ...overrides };
}

function facts(p: ProductRecord): string[] {
  return extractor
    .extract(p, 'evt-1')
    .map((t) => `${t.relation}=${t.object}`)
    .sort();
}

describe('LocalGraphExtractor', () => {
  it('maps structured attributes with high confidence and provenance', () => {
    const triples = extractor.extract(
      product({
        brand: 'The LEGO Group',
        categoryPath: ['Toys', 'Building Sets'],
        attributes: { material: 'ABS plastic', colour: 'Red / Blue' },
        ageMinMonths: 18,
      }),
      'evt-42',
    );
    const byFact = Object.fromEntries(triples.map((t) => [`${t.relation}=${t.object}`, t]));
    expect(Object.keys(byFact).sort()).toEqual([
      'AGE_MIN=1.5',
      'BRAND=lego',
      'HAS_COLOR=blue',
      'HAS_COLOR=red',
      'IN_CATEGORY=building set',
      'MADE_OF=plastic',
    ]);
    expect(byFact['BRAND=lego'].provenance).toEqual({
      sourceEventId: 'evt-42',
      extractor: 'attributes',
      confidence: 0.95,
    });
  });

  it('reads features, occasions and ages from the description', () => {
    const found = facts(
      product({
        description: 'Dishwasher safe and BPA-free. Perfect for camping trips. For kids aged 3-8 years.',
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'HAS_FEATURE=dishwasher safe',
        'HAS_FEATURE=bpa free',
        'FOR_OCCASION=camping',
        'FOR_AUDIENCE=kids',
        'AGE_MIN=3',
        'AGE_MAX=8',
      ]),
    );
  });

  it('ignores negated features and materials named only as a coating', () => {
    const found = facts(
      product({ description: 'Aluminium pan with a titanium coating. Not dishwasher safe.' }),
    );
    expect(found).toContain('MADE_OF=aluminium');
    expect(found).not.toContain('HAS_FEATURE=dishwasher safe');
    expect(found).not.toContain('MADE_OF=titanium');
  });

  it('takes "free from" and "free of" as a denial of the material', () => {
    const mat = facts(product({ description: 'Natural rubber mat, free from PVC.' }));
    expect(mat).toContain('MADE_OF=rubber');
    expect(mat).not.toContain('MADE_OF=plastic');
    const toy = facts(product({ description: 'A beech wood train, free of plastic.' }));
    expect(toy).toContain('MADE_OF=wood');
    expect(toy).not.toContain('MADE_OF=plastic');
  });

  it('finds required batteries and compatible products from phrases', () => {
    const found = facts(
      product({
        description:
          'Requires 4 AA batteries (not included). Compatible with MacBook Air, iPhone 15 and Samsung Galaxy S24.',
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'REQUIRES=aa battery',
        'COMPATIBLE_WITH=macbook air',
        'COMPATIBLE_WITH=iphone 15',
        'COMPATIBLE_WITH=samsung galaxy s24',
      ]),
    );
  });

  it('does not read measurements or pack sizes as ages', () => {
    const found = facts(product({ title: 'Storage Box 30-40 cm, 4-Pack', description: 'Reaches 10 km/h.' }));
    expect(found.filter((f) => f.startsWith('AGE_'))).toEqual([]);
  });

  it('reads "18 months to 5 years" as decimal years', () => {
    expect(facts(product({ description: 'Suitable for toddlers from 18 months to 5 years.' }))).toEqual(
      expect.arrayContaining(['AGE_MIN=1.5', 'AGE_MAX=5']),
    );
  });

  it('reads "uses" as a requirement only for consumables', () => {
    const found = facts(
      product({ description: 'Uses Instax Mini film. Uses 30% less water than hand washing.' }),
    );
    expect(found.filter((f) => f.startsWith('REQUIRES'))).toEqual(['REQUIRES=instax mini film']);
  });

  it('reads a small-parts warning as the feature "small parts", and not when it is denied', () => {
    expect(facts(product({ description: 'Contains small parts – choking hazard.' }))).toContain(
      'HAS_FEATURE=small parts',
    );
    expect(facts(product({ description: 'Warning: choking hazard. Not for children under 3.' }))).toContain(
      'HAS_FEATURE=small parts',
    );
    expect(facts(product({ description: 'Chunky pieces, no small parts.' }))).not.toContain(
      'HAS_FEATURE=small parts',
    );
  });

  it('extracts nothing from a product with no data beyond its title', () => {
    expect(facts(product({ title: 'Gift Card' }))).toEqual([]);
  });
});
