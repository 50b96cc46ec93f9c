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

describe('checkFaithfulness on Chinese copy', () => {
  const raincoat: CopyProduct = {
    id: 'z1',
    title: '儿童连帽雨衣',
    brand: '小黄鸭',
    categoryPath: ['童装', '雨具'],
    description: '带反光条的连帽雨衣，面料防水，不含双酚A。衣长60厘米，重三百克。',
    attributes: { 材质: '涤纶', 颜色: '黄色' },
    ageMinMonths: 36,
    ageMaxMonths: 96,
    language: 'zh',
  };
  const zh = (text: string): CopyText => ({
    title: '小黄鸭儿童连帽雨衣',
    shortDescription: text,
    longDescription: text,
    bullets: [text],
    seoTitle: '儿童连帽雨衣',
    metaDescription: text,
  });

  it('accepts Chinese copy that says only what the data says, numerals and unit names included', () => {
    const result = checkFaithfulness(
      raincoat,
      zh('黄色涤纶雨衣，防水面料，不含双酚A。衣长60cm，重300克，适合三至八岁的儿童。'),
    );
    expect(result).toEqual({ passed: true, unsupportedFacts: [] });
  });

  it.each([
    ['纯棉面料，柔软亲肤。', 'material "cotton"'],
    ['粉红色的雨衣。', 'colour "pink"'],
    ['适合2岁以上。', 'number "2岁"'],
    ['十岁的孩子也能穿。', 'number "10岁"'],
    ['衣长80厘米。', 'number "80厘米"'],
    ['衣长60毫米。', 'number "60毫米"'],
    ['有机面料，环保又透气。', 'claim "organic"'],
    ['纯手工缝制。', 'claim "handmade"'],
    ['面料不防水。', 'claim "not waterproof"'],
    ['成人也能穿。', 'audience "adults"'],
  ])('rejects invented %s', (text, fact) => {
    const result = checkFaithfulness(raincoat, zh(text));
    expect(result.passed).toBe(false);
    expect(result.unsupportedFacts).toContain(fact);
  });

  it('reads the longest colour and material forms: 粉红色 is pink, 美利奴羊毛 is merino', () => {
    const wool = { ...raincoat, attributes: { 材质: '羊毛', 颜色: '红色' } };
    expect(checkFaithfulness(wool, zh('红色羊毛款。')).passed).toBe(true);
    expect(checkFaithfulness(wool, zh('粉红色美利奴羊毛款。')).unsupportedFacts).toEqual([
      'material "merino"',
      'colour "pink"',
    ]);
  });

  it('finds a claim inside a material form (有机棉 is organic cotton)', () => {
    const cotton = { ...raincoat, attributes: { 材质: '纯棉' } };
    expect(checkFaithfulness(cotton, zh('有机棉面料。')).unsupportedFacts).toEqual(['claim "organic"']);
  });

  it('does not take 非常 for a negation, nor 一件 for a count', () => {
    const eco = { ...raincoat, description: '环保面料。' };
    expect(checkFaithfulness(eco, zh('非常环保，一件就够。')).passed).toBe(true);
  });

  it('does not let the age range support a count of things (6个 for a toy from 6 years)', () => {
    const set = { ...raincoat, ageMinMonths: 72, ageMaxMonths: undefined };
    expect(checkFaithfulness(set, zh('适合6岁以上。')).passed).toBe(true);
    expect(checkFaithfulness(set, zh('含6个人仔。')).unsupportedFacts).toEqual(['number "6个"']);
  });

  it('checks a compatibility the copy names against the data', () => {
    const phoneCase = {
      ...raincoat,
      description: '可与其他乐高积木兼容。',
      attributes: { 适用机型: 'iPhone 15' },
    };
    expect(checkFaithfulness(phoneCase, zh('适用iPhone 15，兼容乐高积木。')).unsupportedFacts).toEqual([]);
    expect(checkFaithfulness(phoneCase, zh('兼容任天堂Switch。')).unsupportedFacts).toEqual([
      'compatibility "任天堂switch"',
    ]);
    expect(checkFaithfulness(phoneCase, zh('适用Samsung Galaxy。')).passed).toBe(false);
  });

  it('checks English copy of a Chinese product against the same facts', () => {
    expect(checkFaithfulness(raincoat, zh('Yellow polyester raincoat, 60 cm long.')).passed).toBe(true);
    expect(checkFaithfulness(raincoat, zh('A cotton raincoat.')).unsupportedFacts).toEqual([
      'material "cotton"',
    ]);
  });
});
