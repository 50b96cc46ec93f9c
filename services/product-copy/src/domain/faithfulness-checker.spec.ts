import { describe, expect, it } from '@jest/globals';
import type { CopyProduct } from './copy-product.js';
import type { CopyText } from './copy-text.js';
import { checkFaithfulness } from './faithfulness-checker.js';

const product: CopyProduct = {
  id: 'p1',
  title: 'Wooden Shape Sorter',
  brand: 'Hape',
  categoryPath: ['Toys', 'Shape Sorters'],
  description: 'A chunky shape sorter with 12 blocks, 30 x 20 cm. Made of beech wood. Not dishwasher safe.',
  attributes: { material: 'beech wood', colour: 'red' },
  ageMinMonths: 24,
  language: 'en',
};

function copy(text: string): CopyText {
  return {
    title: 'Wooden Shape Sorter',
    shortDescription: text,
    longDescription: text,
    bullets: ['Made of beech wood'],
    seoTitle: 'Shape Sorter',
    metaDescription: text,
  };
}

describe('checkFaithfulness', () => {
  it('accepts copy whose facts all come from the product data, ages converted to years', () => {
    const result = checkFaithfulness(
      product,
      copy('Twelve red blocks, 30 cm wide, made of wooden beech, for ages 2 and up.'),
    );
    expect(result).toEqual({ passed: true, unsupportedFacts: [] });
  });

  it('rejects invented numbers, measurements, materials, colours and claims, listing each', () => {
    const result = checkFaithfulness(
      product,
      copy('Now 40 blocks, 30 mm, in solid oak and blue. Waterproof, award-winning and safe for toddlers.'),
    );
    expect(result.passed).toBe(false);
    expect(result.unsupportedFacts).toEqual(
      expect.arrayContaining([
        'number "40"',
        'number "30 mm"',
        'material "oak"',
        'colour "blue"',
        'claim "waterproof"',
        'claim "award-winning"',
        'claim "safe"',
        'audience "toddler"',
      ]),
    );
  });

  it('rejects spelled-out numbers the data does not state, in English and German', () => {
    expect(checkFaithfulness(product, copy('A fourteen-piece set.')).unsupportedFacts).toEqual([
      'number "fourteen"',
    ]);
    expect(
      checkFaithfulness(product, copy('Mit fünfzig Teilen, ab drei Jahren.')).unsupportedFacts.sort(),
    ).toEqual(['number "drei"', 'number "fünfzig"']);
    expect(checkFaithfulness(product, copy('A dozen chunky blocks, twelve in all.')).passed).toBe(true);
  });

  it('rejects batteries said to be included when the data does not say so', () => {
    expect(checkFaithfulness(product, copy('Batteries included.')).unsupportedFacts).toEqual([
      'claim "batteries included"',
    ]);
  });

  it('rejects a claim the data negates', () => {
    const result = checkFaithfulness(product, copy('Dishwasher safe for easy cleaning.'));
    expect(result.unsupportedFacts).toContain('claim "dishwasher safe"');
  });

  it('matches whole words only, also around hyphens and apostrophes', () => {
    const cover: CopyProduct = {
      ...product,
      description: 'A water-resistant, blue-green cover for children’s rooms.',
    };
    expect(checkFaithfulness(cover, copy("A water-resistant blue cover for children's rooms.")).passed).toBe(
      true,
    );
    // "green" after a hyphen is not the word green; "blue" before one is the word blue.
    expect(checkFaithfulness(cover, copy('A green cover.')).unsupportedFacts).toEqual(['colour "green"']);
    expect(checkFaithfulness(cover, copy('Great for kids.')).passed).toBe(true);
    expect(checkFaithfulness(cover, copy('Great for a kidsroom.')).passed).toBe(true);
  });

  it('gives the same verdict when the same copy is checked again, each result its own', () => {
    const text = copy('Now 40 blocks in blue.');
    const first = checkFaithfulness(product, text);
    first.unsupportedFacts.push('changed by the caller');
    expect(checkFaithfulness(product, text)).toEqual({
      passed: false,
      unsupportedFacts: ['number "40"', 'colour "blue"'],
    });
    expect(
      checkFaithfulness({ ...product, description: `${product.description} 40 blue blocks.` }, text),
    ).toEqual({
      passed: true,
      unsupportedFacts: [],
    });
  });

  it('rejects compatibility the data does not state', () => {
    expect(checkFaithfulness(product, copy('Compatible with Duplo bricks.')).unsupportedFacts).toEqual([
      'compatibility "duplo bricks"',
    ]);
  });
});

describe('checkFaithfulness on German copy of an English product', () => {
  it('checks German words against the same facts', () => {
    const ok = checkFaithfulness(
      product,
      copy('Zwölf rote Bausteine aus hölzernem Buchenholz, 30 x 20 cm. Nicht spülmaschinenfest.'),
    );
    expect(ok.unsupportedFacts).toEqual([]);
    const invented = checkFaithfulness(
      product,
      copy('Wasserdichte Bausteine aus Eiche, in blauer Farbe, für Kleinkinder. Spülmaschinenfest.'),
    );
    expect(invented.unsupportedFacts).toEqual(
      expect.arrayContaining([
        'claim "waterproof"',
        'material "oak"',
        'colour "blue"',
        'audience "toddler"',
        'claim "dishwasher safe"',
      ]),
    );
  });
});
