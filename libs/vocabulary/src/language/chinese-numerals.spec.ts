import { describe, expect, it } from '@jest/globals';
import { CHINESE_NUMBER_SOURCE, parseChineseNumber } from './chinese-numerals.js';

describe('parseChineseNumber', () => {
  it.each([
    ['3', 3],
    ['1.5', 1.5],
    ['２００', 200],
    ['一', 1],
    ['两', 2],
    ['十', 10],
    ['十八', 18],
    ['二十', 20],
    ['二十五', 25],
    ['一百', 100],
    ['两百', 200],
    ['一百五', 150],
    ['一百五十', 150],
    ['一百零五', 105],
    ['三千五百', 3500],
    ['两千五', 2500],
    ['一万二', 12000],
    ['一万零五百', 10500],
    ['三万', 30000],
  ])('%s → %d', (text, value) => {
    expect(parseChineseNumber(text)).toBe(value);
  });

  it.each(['', '一二', '岁', 'abc', '3岁', '万'])('refuses %j', (text) => {
    expect(parseChineseNumber(text)).toBeUndefined();
  });

  it('finds numbers in running text with the exported pattern', () => {
    const found = '一岁半的侄女，预算两百到300元'.match(new RegExp(CHINESE_NUMBER_SOURCE, 'g'));
    expect(found).toEqual(['一', '两百', '300']);
  });
});
