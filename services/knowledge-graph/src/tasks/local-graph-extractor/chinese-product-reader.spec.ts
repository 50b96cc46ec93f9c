import { describe, expect, it } from '@jest/globals';
import { UNSUPPORTED_LANGUAGE } from '@shopmind/vocabulary';
import { LocalGraphExtractor } from './local-graph-extractor.js';
import type { ProductRecord } from '../../domain/product-record.js';

const extractor = new LocalGraphExtractor();

function product(overrides: Partial<ProductRecord>): ProductRecord {
  return {
    id: 'p1',
    title: '',
    brand: '',
    categoryPath: [],
    description: '',
    attributes: {},
    language: 'zh',
    ...overrides,
  };
}

function facts(p: Partial<ProductRecord>, relation?: string): string[] {
  return extractor
    .extract(product(p), 'evt-1')
    .filter((t) => relation === undefined || t.relation === relation)
    .map((t) => `${t.relation}=${t.object}`)
    .sort();
}

describe('LocalGraphExtractor on Chinese products', () => {
  it('reads Chinese attribute keys into the English ontology, a kind of wood folded into wood', () => {
    const triples = extractor.extract(
      product({
        title: '榉木积木',
        attributes: { 材质: '榉木', 颜色: '红色/蓝色', 适用人群: '男童、女童', 品牌: '可优比' },
      }),
      'evt-9',
    );
    const byFact = Object.fromEntries(triples.map((t) => [`${t.relation}=${t.object}`, t]));
    expect(Object.keys(byFact).sort()).toEqual([
      'BRAND=可优比',
      'FOR_AUDIENCE=boys',
      'FOR_AUDIENCE=girls',
      'HAS_COLOR=blue',
      'HAS_COLOR=red',
      'MADE_OF=wood',
    ]);
    expect(byFact['MADE_OF=wood'].provenance).toEqual({
      sourceEventId: 'evt-9',
      extractor: 'attributes',
      confidence: 0.95,
    });
  });

  it('reads materials: every material of a composition, a bare 棉, inline 材质：…, and text unless negated', () => {
    expect(facts({ attributes: { 成分: '70%美利奴羊毛 25%锦纶 5%氨纶' } }, 'MADE_OF')).toEqual([
      'MADE_OF=elastane',
      'MADE_OF=nylon',
      'MADE_OF=wool',
    ]);
    expect(facts({ attributes: { 面料: '100%棉' } }, 'MADE_OF')).toEqual(['MADE_OF=cotton']);
    expect(facts({ description: '大颗粒积木，材质：榉木，环保水性漆。' }, 'MADE_OF')).toEqual([
      'MADE_OF=wood',
    ]);
    expect(facts({ description: '采用食品级硅胶，不含塑料。' }, 'MADE_OF')).toEqual(['MADE_OF=silicone']);
    // An unknown Chinese material has no English name to store; a colour named after wood is no material.
    expect(facts({ attributes: { 材质: '牛津布' }, description: '原木色外观' }, 'MADE_OF')).toEqual([]);
  });

  it('reads colours from the colour attribute, the head of a compound colour and the title’s last word', () => {
    expect(facts({ attributes: { 颜色: '浅灰色' } }, 'HAS_COLOR')).toEqual(['HAS_COLOR=grey']);
    expect(facts({ attributes: { 颜色: '石墨灰' } }, 'HAS_COLOR')).toEqual(['HAS_COLOR=grey']);
    expect(facts({ title: '无线蓝牙耳机 白色' }, 'HAS_COLOR')).toEqual(['HAS_COLOR=white']);
    // Running text names colours of other things ("红色按钮"); only the attribute and the title count.
    expect(facts({ description: '按下红色按钮开始。' }, 'HAS_COLOR')).toEqual([]);
  });

  it.each([
    ['适合3岁以上的孩子', 3, undefined],
    ['3岁+', 3, undefined],
    ['适合三岁及以上儿童', 3, undefined],
    ['适合3-6岁儿童', 3, 6],
    ['0-12个月宝宝适用', 0, 1],
    ['适合两到五岁的孩子', 2, 5],
    ['一岁半以上', 1.5, undefined],
    ['18个月以上', 1.5, undefined],
    ['含小零件，3岁以下儿童禁用', 3, undefined],
    ['满6岁可用', 6, undefined],
  ])('reads the ages in "%s"', (text, min, max) => {
    const ages = facts({ description: text }).filter((f) => f.startsWith('AGE_'));
    expect(ages).toEqual(
      [min !== undefined && `AGE_MIN=${min}`, max !== undefined && `AGE_MAX=${max}`].filter(Boolean).sort(),
    );
  });

  it('takes ages from the age attribute before the text, and never from a warranty or a size', () => {
    expect(facts({ attributes: { 适用年龄: '3-6' }, description: '适合2岁以上' }, 'AGE_MIN')).toEqual([
      'AGE_MIN=3',
    ]);
    expect(
      facts({ description: '保修12个月以上，尺寸30-40厘米。' }).filter((f) => f.startsWith('AGE')),
    ).toEqual([]);
  });

  it('reads audiences, but not the children a warning names or the adult who supervises', () => {
    expect(facts({ title: '男士商务钱包', description: '送给长辈的礼物。' }, 'FOR_AUDIENCE')).toEqual([
      'FOR_AUDIENCE=men',
      'FOR_AUDIENCE=seniors',
    ]);
    expect(facts({ description: '3岁以下儿童禁用，请在成人监护下使用。' }, 'FOR_AUDIENCE')).toEqual([]);
  });

  it('resolves brands: the Latin name beside the Chinese one, known Chinese names, others as written', () => {
    expect(facts({ brand: '乐高（LEGO）' }, 'BRAND')).toEqual(['BRAND=lego']);
    expect(facts({ brand: 'LEGO/乐高' }, 'BRAND')).toEqual(['BRAND=lego']);
    expect(facts({ brand: '乐高' }, 'BRAND')).toEqual(['BRAND=lego']);
    expect(facts({ brand: '', attributes: { 品牌: '晨光' } }, 'BRAND')).toEqual(['BRAND=晨光']);
  });

  it('names the category in English where the list knows it or its head, else keeps the shop’s word', () => {
    expect(facts({ categoryPath: ['玩具', '拼图'] }, 'IN_CATEGORY')).toEqual(['IN_CATEGORY=jigsaw puzzle']);
    expect(facts({ categoryPath: ['玩具', '恐龙拼图'] }, 'IN_CATEGORY')).toEqual([
      'IN_CATEGORY=jigsaw puzzle',
    ]);
    expect(facts({ categoryPath: ['母婴', '口水巾'] }, 'IN_CATEGORY')).toEqual(['IN_CATEGORY=口水巾']);
  });

  it('names a category the list lacks by the CC-CEDICT glossary: the word, else its longest head', () => {
    expect(facts({ categoryPath: ['厨具', '蒸锅'] }, 'IN_CATEGORY')).toEqual(['IN_CATEGORY=steamer']);
    expect(facts({ categoryPath: ['家电', '电风扇'] }, 'IN_CATEGORY')).toEqual(['IN_CATEGORY=electric fan']);
    expect(facts({ categoryPath: ['日用', '折叠雨伞'] }, 'IN_CATEGORY')).toEqual(['IN_CATEGORY=umbrella']);
    // A single-character head (锅) is too coarse to name a category by.
    expect(facts({ categoryPath: ['厨具', '珐琅锅'] }, 'IN_CATEGORY')).toEqual(['IN_CATEGORY=珐琅锅']);
  });

  it('reads features with negation, and appliances only with a cue', () => {
    expect(
      facts({ description: '可用于微波炉和洗碗机，不可机洗。防水防滑，不粘涂层。' }, 'HAS_FEATURE'),
    ).toEqual([
      'HAS_FEATURE=dishwasher safe',
      'HAS_FEATURE=microwave safe',
      'HAS_FEATURE=non-slip',
      'HAS_FEATURE=non-stick',
      'HAS_FEATURE=waterproof',
    ]);
    expect(facts({ description: '不建议放入洗碗机，请手洗。' }, 'HAS_FEATURE')).toEqual([]);
    expect(facts({ title: '台式洗碗机' }, 'HAS_FEATURE')).toEqual([]);
  });

  it('reads occasions', () => {
    expect(facts({ description: '生日礼物首选，也适合露营。' }, 'FOR_OCCASION')).toEqual([
      'FOR_OCCASION=birthday',
      'FOR_OCCASION=camping',
    ]);
  });

  it('reads the batteries a product needs: named kinds, an unnamed one, none when none are needed', () => {
    expect(facts({ description: '需要2节AA电池，遥控器需要2节7号电池（均不含）。' }, 'REQUIRES')).toEqual([
      'REQUIRES=aa battery',
      'REQUIRES=aaa battery',
    ]);
    expect(facts({ description: '不含电池。' }, 'REQUIRES')).toEqual(['REQUIRES=battery']);
    expect(facts({ description: '闪光轮不需要电池。内置可充电锂电池。' }, 'REQUIRES')).toEqual([]);
    expect(facts({ attributes: { 供电: '4节7号电池' } }, 'REQUIRES')).toEqual(['REQUIRES=aaa battery']);
  });

  it('reads what a product is compatible with, in Latin letters or by a known Chinese name', () => {
    expect(
      facts({ description: '适用于iPhone 15，兼容MacBook、iPad和安卓手机。' }, 'COMPATIBLE_WITH'),
    ).toEqual([
      'COMPATIBLE_WITH=android',
      'COMPATIBLE_WITH=ipad',
      'COMPATIBLE_WITH=iphone 15',
      'COMPATIBLE_WITH=macbook',
    ]);
    expect(facts({ description: '可与所有乐高积木兼容。适用于燃气灶。' }, 'COMPATIBLE_WITH')).toEqual([
      'COMPATIBLE_WITH=lego brick',
    ]);
  });

  it('reads no facts from dimensions and weights', () => {
    expect(facts({ attributes: { 尺寸: '80×30×100厘米', 重量: '12公斤', 容量: '500ml' } })).toEqual([]);
  });

  it('reads a Chinese product as Chinese whatever its declared language, and an English one as English', () => {
    expect(extractor.read(product({ title: '木质拼图', language: '' }), 'e').language).toBe('zh');
    const english = extractor.read(product({ title: 'Wooden puzzle for ages 3+', language: 'zh' }), 'e');
    expect(english.language).toBe('en');
    expect(english.triples.map((t) => `${t.relation}=${t.object}`)).toContain('AGE_MIN=3');
  });

  it('reads a product in a language no local reader covers only for its language-free fields, marked unsupported', () => {
    const reading = extractor.read(
      product({
        title: 'Puzzle en bois pour les enfants de 3 ans et plus',
        brand: 'Janod',
        categoryPath: ['Jouets', 'Puzzles'],
        attributes: { material: 'bois de hêtre', color: 'rouge' },
        description: 'Compatible with Duplo. Un puzzle avec une boîte.',
        ageMinMonths: 36,
        language: 'fr',
      }),
      'evt-fr',
    );
    expect(reading.language).toBe('fr');
    expect(reading.degradedReason).toBe(UNSUPPORTED_LANGUAGE);
    expect(reading.triples.map((t) => `${t.relation}=${t.object}`).sort()).toEqual([
      'AGE_MIN=3',
      'BRAND=janod',
      'IN_CATEGORY=puzzles',
    ]);
  });
});
