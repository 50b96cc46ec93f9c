// The Chinese local tier on phrasings of its own: the same canonical values as English, numbers in
// digits or Chinese numerals, negation, and whose relative a kinship word names.
import { describe, expect, it } from '@jest/globals';
import { extractSlotsLocally } from './local-slot-extractor.js';
import type { GuideSlotsInput } from './guide-slots-schema.js';

const slots = (text: string, more: Partial<GuideSlotsInput> = {}) =>
  extractSlotsLocally({ text, defaultCurrency: 'CNY', ...more });
const cny = (amount: number) => ({ currency: 'CNY', amount });

describe('Chinese slot extractor: ages', () => {
  it.each([
    ['孩子4岁', 48],
    ['宝宝一岁半', 18],
    ['十八个月的宝宝', 18],
    ['三岁半的男孩', 42],
    ['九个月大', 9],
    ['一周岁', 12],
    ['两岁三个月', 27],
  ])('%s → %i months', (text, months) => {
    expect(slots(text)).toMatchObject({ ageMonths: months, occasion: null });
  });

  it('reads 满N岁 and N岁生日 as the age and a birthday, and an age only approached as none', () => {
    expect(slots('外甥下周满7岁')).toMatchObject({ ageMonths: 84, occasion: 'birthday' });
    expect(slots('过五岁生日')).toMatchObject({ ageMonths: 60, occasion: 'birthday' });
    expect(slots('侄女快三岁了').ageMonths).toBeNull();
    expect(slots('不到两岁').ageMonths).toBeNull();
  });

  it('answers the age question with a bare number, in digits or numerals', () => {
    expect(slots('五', { expecting: 'age' }).ageMonths).toBe(60);
    expect(slots('五').ageMonths).toBeNull();
  });
});

describe('Chinese slot extractor: budgets', () => {
  it.each([
    ['30元左右', undefined, 30],
    ['不超过100块', undefined, 100],
    ['两百以内', undefined, 200],
    ['一百五左右', undefined, 150],
    ['200到300元', 200, 300],
    ['100-200元', 100, 200],
    ['预算300', undefined, 300],
    ['至少500块', 500, undefined],
  ])('%s → %s…%s', (text, min, max) => {
    const found = slots(text);
    expect(found.budgetMin).toEqual(min === undefined ? null : cny(min));
    expect(found.budgetMax).toEqual(max === undefined ? null : cny(max));
  });

  it('does not read counts or ages as money, and an amount without a unit is in the shop currency', () => {
    expect(slots('想要500片的拼图')).toMatchObject({ budgetMin: null, budgetMax: null });
    expect(slots('3到5岁都能玩')).toMatchObject({ budgetMin: null, budgetMax: null });
    expect(slots('50以内', { defaultCurrency: 'EUR' }).budgetMax).toEqual({ currency: 'EUR', amount: 50 });
  });
});

describe('Chinese slot extractor: recipients and occasions', () => {
  it.each([
    ['给侄女', 'niece'],
    ['我外甥女', 'niece'],
    ['我外甥', 'nephew'],
    ['我闺女', 'daughter'],
    ['外孙', 'grandson'],
    ['给同事', 'colleague'],
    ['给我自己买', 'myself'],
  ])('%s → %s', (text, recipient) => {
    expect(slots(text).recipient).toBe(recipient);
  });

  it('names no recipient for someone else’s relative or a child in general', () => {
    for (const text of ['朋友的儿子', '同事的孩子', '姐姐家的孩子', '表哥家的女儿', '给小朋友', '宝宝'])
      expect(slots(text).recipient).toBeNull();
  });

  it.each([
    ['儿童节礼物', "children's day"],
    ['春节', 'new year'],
    ['新年快乐', 'new year'],
    ['圣诞节', 'christmas'],
    ['开学了', 'back to school'],
    ['毕业礼物', 'graduation'],
  ])('%s → %s', (text, occasion) => {
    expect(slots(text).occasion).toBe(occasion);
  });
});

describe('Chinese slot extractor: constraints and interests', () => {
  it.each([
    ['不要电池', ['no batteries']],
    ['不用电池的', ['no batteries']],
    ['没有小零件', ['no small parts']],
    ['环保一点', ['eco-friendly']],
    ['不是塑料的', ['not plastic']],
    ['木头的', ['wooden']],
    ['不要电池和塑料', ['no batteries', 'not plastic']],
    ['塑料的也不要', ['not plastic']],
    ['不是木头的', []],
    ['有没有可以水洗的', ['washable']],
    ['电池', []],
  ])('%s → %j', (text, constraints) => {
    expect(slots(text).constraints).toEqual(constraints);
  });

  it('reads interests as English topic words, never a denied one', () => {
    expect(slots('他喜欢恐龙和太空').interests).toEqual(['dinosaurs', 'space']);
    expect(slots('特别喜欢乐高').interests).toEqual(['lego']);
    expect(slots('不喜欢娃娃，喜欢足球').interests).toEqual(['football']);
    expect(slots('不要电池的恐龙玩具')).toMatchObject({
      interests: ['dinosaurs'],
      constraints: ['no batteries'],
    });
  });

  it('reads a whole message into every slot it states', () => {
    expect(slots('想给我4岁的侄女买个生日礼物，她喜欢恐龙，30元左右，不要电池')).toEqual({
      ageMonths: 48,
      recipient: 'niece',
      occasion: 'birthday',
      interests: ['dinosaurs'],
      constraints: ['no batteries'],
      budgetMin: null,
      budgetMax: cny(30),
    });
  });
});
