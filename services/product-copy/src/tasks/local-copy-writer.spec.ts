import { describe, expect, it } from '@jest/globals';
import { create } from '@bufbuild/protobuf';
import { ProductSchema } from '@shopmind/contracts';
import { copyProductOf, type CopyProduct } from '../domain/copy-product.js';
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
    expect(result.degradedReason).toMatch(/^unsupported_language: /);
  });

  it.each(['en', 'de-DE', 'zh-CN'])(
    'does not call %s, a locale with frames, an unsupported language',
    (locale) => {
      const result = writeLocalCopy(product, { locale, tone: 'warm', channel: 'web' });
      expect(result.degradedReason ?? '').not.toMatch(/unsupported_language/);
    },
  );

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

describe('writeLocalCopy in Chinese', () => {
  const blocks: CopyProduct = {
    id: 'z1',
    title: '木制形状配对积木',
    brand: '海培',
    categoryPath: ['玩具', '益智玩具'],
    description: '十二块彩色积木，帮助宝宝认识形状和颜色。表面使用水性漆，边角打磨圆润。',
    attributes: { 材质: '榉木', 颜色: '红色、蓝色、黄色', 尺寸: '20厘米' },
    ageMinMonths: 36,
    language: 'zh',
  };

  it('writes Chinese sentences from the data: material, colours and age in Chinese wording', () => {
    const result = writeLocalCopy(blocks, { locale: 'zh-CN', tone: 'warm', channel: 'web' });
    expect(result).toMatchObject({ language: 'zh', degradedReason: undefined });
    const { copy } = result;
    expect(copy.title).toBe('海培 木制形状配对积木');
    expect(copy.shortDescription).toBe(
      '为您推荐海培的木制形状配对积木。十二块彩色积木，帮助宝宝认识形状和颜色。',
    );
    expect(copy.longDescription).toContain('材质为榉木，颜色为红色、蓝色、黄色。适合3岁以上。');
    expect(copy.bullets.slice(0, 3)).toEqual(['材质：榉木', '颜色：红色、蓝色、黄色', '适用年龄：3岁以上']);
    expect(copy.bullets).toContain('尺寸：20厘米');
    expect(copy.longDescription).not.toMatch(/[A-Za-z]/);
  });

  it.each([
    [{ ageMinMonths: 36, ageMaxMonths: 72 }, '适合3至6岁。'],
    [{ ageMinMonths: 18, ageMaxMonths: undefined }, '适合18个月以上。'],
    [{ ageMinMonths: 0, ageMaxMonths: undefined }, '出生起即可使用。'],
    [{ ageMinMonths: undefined, ageMaxMonths: 120 }, '适合10岁以下。'],
  ])('states the age range %j as %s', (ages, sentence) => {
    const { copy } = writeLocalCopy(
      { ...blocks, ...ages },
      { locale: 'zh', tone: 'neutral', channel: 'web' },
    );
    expect(copy.longDescription).toContain(sentence);
  });

  it.each(
    COPY_CHANNELS.flatMap((channel) =>
      ['warm', 'playful', 'premium', 'neutral'].map((tone) => [channel, tone]),
    ),
  )('stays within the %s limits in the %s tone, valid and faithful', (channel, tone) => {
    const long = {
      ...blocks,
      description: `${blocks.description}${'每一块积木都经过仔细检查，适合反复玩耍。'.repeat(30)}`,
    };
    const { copy } = writeLocalCopy(long, {
      locale: 'zh',
      tone,
      channel: channel as (typeof COPY_CHANNELS)[number],
    });
    expect(copyTextSchema.safeParse(copy).success).toBe(true);
    expect(lengthViolations(copy, CHANNEL_LIMITS[channel as (typeof COPY_CHANNELS)[number]])).toEqual([]);
    expect(checkFaithfulness(long, copy).unsupportedFacts).toEqual([]);
  });

  it('takes a product whose text is Chinese for Chinese even when its language was left at en', () => {
    const event = copyProductOf(
      create(ProductSchema, {
        id: 'z2',
        title: '儿童雨衣',
        description: '带反光条的连帽雨衣。',
        language: 'en',
      }),
    );
    expect(event.language).toBe('zh');
    expect(
      copyProductOf(create(ProductSchema, { id: 'e1', title: 'Raincoat', language: 'en' })).language,
    ).toBe('en');
  });

  it('does not translate: an English product asked for zh copy, a Chinese one asked for en', () => {
    const en = writeLocalCopy(product, { locale: 'zh-CN', tone: 'warm', channel: 'web' });
    expect(en.language).toBe('en');
    expect(en.degradedReason).toBe('local tier does not translate; written in en instead of zh-CN');
    const zh = writeLocalCopy(blocks, { locale: 'en', tone: 'warm', channel: 'web' });
    expect(zh.language).toBe('zh');
    expect(zh.degradedReason).toBe('local tier does not translate; written in zh instead of en');
    expect(zh.copy.shortDescription).toContain('为您推荐');
  });
});
